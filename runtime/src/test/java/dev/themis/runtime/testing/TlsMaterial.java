package dev.themis.runtime.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * A self-signed certificate for 127.0.0.1 (made once per JVM with {@code openssl}) and a PKCS12
 * trust store holding it (made with the JDK's {@code keytool}).
 */
final class TlsMaterial {

    static final String TRUST_STORE_PASSWORD = "changeit";

    private static @Nullable TlsMaterial instance;

    final Path directory;
    final Path certificate;
    final Path privateKey;
    final Path trustStore;

    private TlsMaterial(Path directory) {
        this.directory = directory;
        this.certificate = directory.resolve("redis.crt");
        this.privateKey = directory.resolve("redis.key");
        this.trustStore = directory.resolve("trust.p12");
    }

    static synchronized TlsMaterial get() {
        TlsMaterial existing = instance;
        if (existing != null) {
            return existing;
        }
        {
            try {
                Path dir = Files.createTempDirectory("themis-tls-");
                TlsMaterial material = new TlsMaterial(dir);
                RedisCli.run(List.of(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-days",
                        "2",
                        "-keyout",
                        material.privateKey.toString(),
                        "-out",
                        material.certificate.toString(),
                        "-subj",
                        "/CN=127.0.0.1",
                        "-addext",
                        "subjectAltName=IP:127.0.0.1,DNS:localhost"));
                Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
                RedisCli.run(List.of(
                        keytool.toString(),
                        "-importcert",
                        "-noprompt",
                        "-alias",
                        "redis",
                        "-file",
                        material.certificate.toString(),
                        "-keystore",
                        material.trustStore.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        TRUST_STORE_PASSWORD));
                instance = material;
                return material;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create TLS material (needs openssl on PATH)", e);
            } catch (UncheckedIOException e) {
                throw new IllegalStateException("cannot create TLS material; the TLS tests need openssl on PATH", e);
            }
        }
    }

    SSLSocketFactory socketFactory() {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, TRUST_STORE_PASSWORD.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load " + trustStore, e);
        }
    }
}

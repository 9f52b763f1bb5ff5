package dev.themis.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A private Postfix instance for one test class: its own configuration, queue and data directories
 * under one temporary directory, a maillog file, an SMTP listener on a free 127.0.0.1 port, no DNS,
 * and relay of every message to an {@code smtp-sink} that writes one file per delivered message.
 *
 * <p>It never touches the machine's own Postfix: every command gets {@code -c DIR}, and it stops
 * exactly the master PID it started (the machine may run other instances).
 */
public final class PostfixInstance implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Builder settings;
    private final Path root;
    private final Path etc;
    private final Path spool;
    private final Path sinkRoot;
    private final Path maillog;
    private final int smtpPort;
    private final int sinkPort;
    private final Map<String, Integer> listenerPorts = new LinkedHashMap<>();
    private final Map<String, String> mainCf = new LinkedHashMap<>();
    private @Nullable Process sink;
    private long masterPid = -1;

    private PostfixInstance(Builder b) {
        this.settings = b;
        Commands.requireRoot();
        Commands.require("postfix", "postfix");
        Commands.require("postconf", "postfix");
        Commands.require("postqueue", "postfix");
        Commands.require("smtp-sink", "postfix");
        Commands.require("sendmail", "postfix");
        Commands.require("swaks", "swaks");
        try {
            root = Files.createTempDirectory("themis-e2e-postfix-").toAbsolutePath();
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for Postfix", e);
        }
        etc = root.resolve("etc");
        spool = root.resolve("spool");
        sinkRoot = root.resolve("sink");
        maillog = root.resolve("maillog");
        smtpPort = FreePort.pick();
        sinkPort = FreePort.pick();
        b.listeners.keySet().forEach(name -> listenerPorts.put(name, FreePort.pick()));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What the instance looks like. Every setting has a test-friendly default. */
    public static final class Builder {
        private String hostname = "mx1.example.test";
        private @Nullable String milter;
        private String milterDefaultAction = "tempfail";
        private final Map<String, String> saslUsers = new LinkedHashMap<>();
        private final Map<String, String> extra = new LinkedHashMap<>();
        private @Nullable String headerChecks;
        private final Map<String, Map<String, String>> listeners = new LinkedHashMap<>();

        private Builder() {}

        /**
         * A second SMTP listener on its own free port whose smtpd gets {@code overrides} as {@code -o}
         * options, e.g. another {@code milter_default_action}, without restarting Postfix between
         * tests. Values must not contain spaces.
         */
        public Builder listener(String name, Map<String, String> overrides) {
            listeners.put(name, Map.copyOf(overrides));
            return this;
        }

        /** {@code myhostname}; the milter sees it as macro {@code j}. */
        public Builder hostname(String name) {
            this.hostname = name;
            return this;
        }

        /** {@code smtpd_milters} and {@code non_smtpd_milters}, e.g. {@code inet:127.0.0.1:8440}. */
        public Builder milter(String address) {
            this.milter = address;
            return this;
        }

        /** A milter on 127.0.0.1:{@code port}. */
        public Builder milterPort(int port) {
            return milter("inet:127.0.0.1:" + port);
        }

        /** {@code milter_default_action}: accept, tempfail, reject, quarantine or shutdown. */
        public Builder milterDefaultAction(String action) {
            this.milterDefaultAction = action;
            return this;
        }

        /** A Cyrus sasldb user; {@code login} is {@code user@realm}, e.g. {@code alice@example.test}. */
        public Builder saslUser(String login, String password) {
            saslUsers.put(login, password);
            return this;
        }

        /** A regexp {@code header_checks} table, e.g. {@code /^X-Hold: yes/ HOLD}. */
        public Builder headerChecks(String table) {
            this.headerChecks = table;
            return this;
        }

        /** Any other {@code main.cf} parameter. */
        public Builder mainCf(String name, String value) {
            extra.put(name, value);
            return this;
        }

        public PostfixInstance start() {
            PostfixInstance p = new PostfixInstance(this);
            try {
                p.configure();
                p.startSink();
                p.startPostfix();
            } catch (RuntimeException e) {
                p.closeQuietly();
                throw e;
            }
            return p;
        }
    }

    public String hostname() {
        return settings.hostname;
    }

    public int smtpPort() {
        return smtpPort;
    }

    /** The port of a listener declared with {@link Builder#listener}. */
    public int smtpPort(String listener) {
        Integer port = listenerPorts.get(listener);
        if (port == null) {
            throw new IllegalArgumentException("no listener `" + listener + "`; declared: " + listenerPorts.keySet());
        }
        return port;
    }

    public Path configDirectory() {
        return etc;
    }

    public Path directory() {
        return root;
    }

    // ---------------------------------------------------------------- set-up

    private void configure() {
        try {
            Files.createDirectories(etc);
            Files.createDirectories(spool);
            Path data = Files.createDirectories(root.resolve("data"));
            Files.createDirectories(sinkRoot.resolve("msgs"));
            Commands.ok(List.of("chown", "postfix", data.toString()));
            Commands.ok(List.of("chown", "nobody", sinkRoot.resolve("msgs").toString()));
            Files.copy(Path.of("/etc/postfix/master.cf"), etc.resolve("master.cf"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out " + root, e);
        }
        mainCf.put("compatibility_level", "3.6");
        mainCf.put("config_directory", etc.toString());
        mainCf.put("queue_directory", spool.toString());
        mainCf.put("data_directory", root.resolve("data").toString());
        mainCf.put("meta_directory", "/etc/postfix");
        // No syslog daemon here: log to a file. Without the prefix list every postfix command fails.
        mainCf.put("maillog_file", maillog.toString());
        mainCf.put("maillog_file_prefixes", root.toString());
        mainCf.put("syslog_name", "postfix");
        mainCf.put("myhostname", settings.hostname);
        mainCf.put("mydomain", "example.test");
        mainCf.put("myorigin", "example.test");
        mainCf.put("mydestination", "");
        mainCf.put("local_recipient_maps", "");
        mainCf.put("alias_maps", "");
        mainCf.put("alias_database", "");
        mainCf.put("inet_protocols", "ipv4");
        mainCf.put("inet_interfaces", "127.0.0.1");
        mainCf.put("mynetworks", "127.0.0.0/8");
        mainCf.put("smtp_dns_support_level", "disabled");
        mainCf.put("smtpd_peername_lookup", "no");
        mainCf.put("relayhost", "[127.0.0.1]:" + sinkPort);
        mainCf.put(
                "smtpd_relay_restrictions", "permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination");
        mainCf.put("smtpd_error_sleep_time", "0");
        mainCf.put("smtpd_soft_error_limit", "1000");
        mainCf.put("smtpd_hard_error_limit", "1000");
        mainCf.put("smtpd_client_connection_count_limit", "0");
        mainCf.put("biff", "no");
        mainCf.put("milter_protocol", "6");
        mainCf.put("milter_default_action", settings.milterDefaultAction);
        mainCf.put("milter_connect_timeout", "5s");
        mainCf.put("milter_command_timeout", "10s");
        mainCf.put("milter_content_timeout", "10s");
        if (settings.milter != null) {
            mainCf.put("smtpd_milters", settings.milter);
            mainCf.put("non_smtpd_milters", settings.milter);
        }
        if (settings.headerChecks != null) {
            Path table = etc.resolve("header_checks");
            write(table, settings.headerChecks.endsWith("\n") ? settings.headerChecks : settings.headerChecks + "\n");
            mainCf.put("header_checks", "regexp:" + table);
        }
        if (!settings.saslUsers.isEmpty()) {
            configureSasl();
        }
        mainCf.putAll(settings.extra);
        writeMainCf();
        String cf = etc.toString();
        Commands.ok(List.of("postconf", "-c", cf, "-F", "*/*/chroot = n"));
        Commands.ok(List.of("postconf", "-c", cf, "-M#", "smtp/inet"));
        String listener = "127.0.0.1:" + smtpPort;
        Commands.ok(List.of("postconf", "-c", cf, "-M", listener + "/inet = " + listener + " inet n - n - - smtpd"));
        settings.listeners.forEach((name, overrides) -> {
            String address = "127.0.0.1:" + smtpPort(name);
            StringBuilder line = new StringBuilder(address + "/inet = " + address + " inet n - n - - smtpd");
            line.append(" -o syslog_name=postfix/").append(name);
            overrides.forEach(
                    (k, v) -> line.append(" -o ").append(k).append('=').append(v));
            Commands.ok(List.of("postconf", "-c", cf, "-M", line.toString()));
        });
    }

    private void configureSasl() {
        Commands.require("saslpasswd2", "sasl2-bin");
        if (!Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/sasl2/libplain.so.2"))
                && !Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/sasl2/libplain.so"))) {
            throw new IllegalStateException(
                    "Cyrus SASL PLAIN module missing: install `libsasl2-modules` (bash .ci/install-tools)");
        }
        Path db = etc.resolve("sasldb2");
        settings.saslUsers.forEach((login, password) -> {
            int at = login.indexOf('@');
            if (at < 1) {
                throw new IllegalArgumentException("SASL login must be user@realm: " + login);
            }
            ProcResult r = Commands.run(
                    List.of(
                            "saslpasswd2",
                            "-p",
                            "-f",
                            db.toString(),
                            "-c",
                            "-u",
                            login.substring(at + 1),
                            login.substring(0, at)),
                    password,
                    Map.of(),
                    WAIT);
            if (!r.ok()) {
                throw new IllegalStateException("cannot create SASL user " + login + ": " + r.describe());
            }
        });
        Commands.ok(List.of("chown", "root:postfix", db.toString()));
        Commands.ok(List.of("chmod", "0640", db.toString()));
        Path saslDir = etc.resolve("sasl");
        write(
                saslDir.resolve("smtpd.conf"),
                "pwcheck_method: auxprop\nauxprop_plugin: sasldb\nmech_list: PLAIN LOGIN\nsasldb_path: " + db + "\n");
        mainCf.put("cyrus_sasl_config_path", saslDir.toString());
        mainCf.put("smtpd_sasl_auth_enable", "yes");
        mainCf.put("smtpd_sasl_type", "cyrus");
        mainCf.put("smtpd_sasl_path", "smtpd");
        mainCf.put("smtpd_sasl_security_options", "noanonymous");
        mainCf.put("smtpd_tls_auth_only", "no");
    }

    private void writeMainCf() {
        StringBuilder sb = new StringBuilder("# Written by the Themis end-to-end harness (PostfixInstance)\n");
        mainCf.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        write(etc.resolve("main.cf"), sb.toString());
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void startSink() {
        Path sinkLog = root.resolve("smtp-sink.log");
        ProcessBuilder pb = new ProcessBuilder(
                        Commands.require("smtp-sink", "postfix").toString(),
                        "-u",
                        "nobody",
                        "-R",
                        sinkRoot.toString(),
                        "-d",
                        "msgs/%Y%m%d%H/%M.",
                        "127.0.0.1:" + sinkPort,
                        "1000")
                .redirectErrorStream(true)
                .redirectOutput(sinkLog.toFile());
        try {
            sink = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start smtp-sink", e);
        }
        Process s = sink;
        FreePort.awaitListening(
                sinkPort,
                WAIT,
                () -> s.isAlive() ? "" : "smtp-sink exited " + s.exitValue() + ": " + readQuietly(sinkLog));
    }

    private void startPostfix() {
        ProcResult r = Commands.run(List.of("postfix", "-c", etc.toString(), "start"), null, Map.of(), WAIT);
        if (!r.ok()) {
            throw new IllegalStateException("postfix did not start: " + r.describe() + "\nmaillog:\n" + maillog());
        }
        FreePort.awaitListening(smtpPort, WAIT, () -> "");
        listenerPorts.values().forEach(port -> FreePort.awaitListening(port, WAIT, () -> ""));
        masterPid = readMasterPid()
                .orElseThrow(() ->
                        new IllegalStateException("postfix started but wrote no master.pid; maillog:\n" + maillog()));
    }

    private Optional<Long> readMasterPid() {
        Path pidFile = spool.resolve("pid/master.pid");
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Changes {@code main.cf} parameters and restarts this instance (stop and start by its own PID,
     * so no idle smtpd process still holds the old settings).
     */
    public void reconfigure(Map<String, String> changes) {
        stopPostfix();
        mainCf.putAll(changes);
        writeMainCf();
        startPostfix();
    }

    // ---------------------------------------------------------------- sending

    /** One SMTP session with swaks; returns what the client saw. */
    public SmtpResult send(Message m) {
        return sendTo(smtpPort, m);
    }

    /** One SMTP session with swaks through the listener named {@code listener}. */
    public SmtpResult send(String listener, Message m) {
        return sendTo(smtpPort(listener), m);
    }

    private SmtpResult sendTo(int port, Message m) {
        List<String> cmd = new ArrayList<>(List.of(
                "swaks",
                "--server",
                "127.0.0.1:" + port,
                "--from",
                m.from().isEmpty() ? "<>" : m.from(),
                "--to",
                String.join(",", m.to()),
                "--timeout",
                "30",
                "--suppress-data"));
        if (m.helo() != null) {
            cmd.addAll(List.of("--helo", m.helo()));
        }
        if (m.authUser() != null) {
            cmd.addAll(List.of(
                    "--auth",
                    "PLAIN",
                    "--auth-user",
                    m.authUser(),
                    "--auth-password",
                    m.authPassword() == null ? "" : m.authPassword()));
        }
        for (String h : m.headers()) {
            cmd.addAll(List.of("--add-header", h));
        }
        ProcResult r = Commands.run(cmd, null, Map.of(), Duration.ofSeconds(90));
        return new SmtpResult(r.exitCode(), r.stdout() + r.stderr());
    }

    /**
     * Submits a message locally with {@code sendmail -C DIR} (through {@code non_smtpd_milters}) and
     * returns its queue id once pickup has taken it.
     */
    public String sendmail(Message m) {
        Set<String> before = pickedUp();
        StringBuilder text = new StringBuilder();
        text.append("From: ").append(m.from()).append('\n');
        text.append("To: ").append(String.join(", ", m.to())).append('\n');
        text.append("Subject: local submission\n");
        for (String h : m.headers()) {
            text.append(h).append('\n');
        }
        text.append("\nsubmitted with sendmail(1)\n");
        List<String> cmd = new ArrayList<>(List.of("sendmail", "-C", etc.toString(), "-f", m.from(), "--"));
        cmd.addAll(m.to());
        ProcResult r = Commands.run(cmd, text.toString(), Map.of(), WAIT);
        if (!r.ok()) {
            throw new IllegalStateException("sendmail failed: " + r.describe());
        }
        return Pause.until(WAIT, () -> {
                    Set<String> now = pickedUp();
                    now.removeAll(before);
                    return now.stream().findFirst();
                })
                .orElseThrow(
                        () -> new AssertionError("pickup never took the sendmail message; maillog:\n" + maillog()));
    }

    private static final Pattern PICKUP = Pattern.compile("postfix/pickup\\[\\d+\\]: ([0-9A-Za-z]+): uid=");

    private Set<String> pickedUp() {
        Set<String> ids = new TreeSet<>();
        Matcher m = PICKUP.matcher(maillog());
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    // ---------------------------------------------------------------- observing

    /** The whole maillog so far. */
    public String maillog() {
        return readQuietly(maillog);
    }

    /** Maillog lines mentioning {@code text}. */
    public List<String> maillogLines(String text) {
        return maillog().lines().filter(l -> l.contains(text)).toList();
    }

    /**
     * Waits until the maillog tells the final fate of queued message {@code queueId}: sent, held,
     * rejected or deferred.
     */
    public MaillogOutcome awaitOutcome(String queueId) {
        return Pause.until(WAIT, () -> outcome(queueId))
                .orElseThrow(() -> new AssertionError(
                        "no final maillog entry for " + queueId + " within " + WAIT + "; maillog:\n" + maillog()));
    }

    private Optional<MaillogOutcome> outcome(String queueId) {
        for (String line : maillog().lines().toList()) {
            if (!line.contains(" " + queueId + ": ")) {
                continue;
            }
            if (line.contains("milter-hold") || line.contains(": hold: ")) {
                return Optional.of(MaillogOutcome.HELD);
            }
            if (line.contains("milter-reject") || line.contains("status=bounced")) {
                return Optional.of(MaillogOutcome.REJECTED);
            }
            if (line.contains("status=sent")) {
                return Optional.of(MaillogOutcome.SENT);
            }
            if (line.contains("status=deferred")) {
                return Optional.of(MaillogOutcome.DEFERRED);
            }
        }
        return Optional.empty();
    }

    /** Every message smtp-sink received so far. */
    public List<DeliveredMessage> delivered() {
        Path msgs = sinkRoot.resolve("msgs");
        try (Stream<Path> files = Files.walk(msgs)) {
            return files.filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(Path::toString))
                    .map(f -> new DeliveredMessage(f, readQuietly(f)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + msgs, e);
        }
    }

    /** Waits for the delivered copy of queued message {@code queueId} (found by Postfix's Received header). */
    public DeliveredMessage awaitDelivered(String queueId) {
        Pattern id = Pattern.compile("\\bid " + Pattern.quote(queueId) + "\\b");
        return Pause.until(
                        WAIT,
                        () -> delivered().stream()
                                .filter(d -> id.matcher(d.text()).find())
                                .findFirst())
                .orElseThrow(() -> new AssertionError(
                        "message " + queueId + " was not delivered within " + WAIT + "; maillog:\n" + maillog()));
    }

    private static final Pattern QUEUE_ID = Pattern.compile("\"queue_id\"\\s*:\\s*\"([0-9A-Za-z]+)\"");
    private static final Pattern QUEUE_NAME = Pattern.compile("\"queue_name\"\\s*:\\s*\"([a-z]+)\"");

    /** Queue ids in Postfix's hold queue, from {@code postqueue -j}. */
    public Set<String> holdQueue() {
        return queued(true);
    }

    /** Queue ids of every message still in Postfix's queues (active, deferred, hold...). */
    public Set<String> queueIds() {
        return queued(false);
    }

    private Set<String> queued(boolean holdOnly) {
        ProcResult r = Commands.ok(List.of("postqueue", "-c", etc.toString(), "-j"));
        Set<String> ids = new TreeSet<>();
        for (String line : r.stdout().lines().toList()) {
            Matcher name = QUEUE_NAME.matcher(line);
            Matcher id = QUEUE_ID.matcher(line);
            if (name.find() && (!holdOnly || name.group(1).equals("hold")) && id.find()) {
                ids.add(id.group(1));
            }
        }
        return ids;
    }

    // ---------------------------------------------------------------- stopping

    private void stopPostfix() {
        if (masterPid < 0) {
            return;
        }
        long pid = masterPid;
        masterPid = -1;
        Commands.run(List.of("postfix", "-c", etc.toString(), "stop"), null, Map.of(), WAIT);
        Optional<ProcessHandle> master = ProcessHandle.of(pid);
        if (master.isPresent()) {
            try {
                master.get().onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Still there after `postfix stop`: end exactly this master and nothing else.
                master.get().destroyForcibly();
            }
        }
        // The master removes its pid file late; a restart must not read the old PID.
        Pause.until(Duration.ofSeconds(5), () -> FreePort.answers(smtpPort) ? Optional.empty() : Optional.of(true));
        try {
            Files.deleteIfExists(spool.resolve("pid/master.pid"));
        } catch (IOException e) {
            // harmless: the next start rewrites it
        }
    }

    private void stopSink() {
        Process s = sink;
        sink = null;
        if (s != null) {
            s.destroy();
            try {
                if (!s.waitFor(5, TimeUnit.SECONDS)) {
                    s.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                s.destroyForcibly();
            }
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            // reported by the caller's original failure
        }
    }

    /** Stops Postfix and smtp-sink; removes the directory unless {@code -Dthemis.e2e.keep=true}. */
    @Override
    public void close() {
        try {
            stopPostfix();
        } finally {
            stopSink();
            if (!Boolean.getBoolean("themis.e2e.keep")) {
                Commands.run(List.of("rm", "-rf", "--one-file-system", root.toString()));
            }
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String toString() {
        return "Postfix " + settings.hostname + " on 127.0.0.1:" + smtpPort + " in " + root;
    }
}

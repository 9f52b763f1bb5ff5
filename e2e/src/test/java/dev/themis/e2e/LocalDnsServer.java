package dev.themis.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A tiny authoritative DNS server on 127.0.0.1 (UDP, a free port) that answers TXT queries from a
 * fixed zone, so SPF runs against local DNS only, never the internet. Unknown names get NXDOMAIN;
 * known names without a record of the asked type get an empty NOERROR answer.
 */
public final class LocalDnsServer implements AutoCloseable {
    private final DatagramSocket socket;
    private final Map<String, List<String>> txt;
    private final Thread thread;

    /** {@code txt}: lower-case fully qualified name (no trailing dot) to its TXT strings. */
    public LocalDnsServer(Map<String, List<String>> txt) {
        this.txt = Map.copyOf(txt);
        try {
            socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        } catch (SocketException e) {
            throw new UncheckedIOException("cannot bind a DNS port on 127.0.0.1", e);
        }
        thread = Thread.ofPlatform().daemon().name("local-dns").start(this::serve);
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        byte[] buf = new byte[4096];
        while (!socket.isClosed()) {
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(in);
                byte[] reply = answer(Arrays.copyOf(in.getData(), in.getLength()));
                socket.send(new DatagramPacket(reply, reply.length, in.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
                // a malformed query: ignore it, like a real server would drop it
            }
        }
    }

    private byte[] answer(byte[] query) throws IOException {
        Message q = new Message(query);
        Message r = new Message(q.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.AA);
        Record question = q.getQuestion();
        if (question == null) {
            r.getHeader().setRcode(Rcode.FORMERR);
            return r.toWire();
        }
        r.addRecord(question, Section.QUESTION);
        Name name = question.getName();
        String key = name.toString(true).toLowerCase(Locale.ROOT);
        List<String> strings = txt.get(key);
        if (strings == null) {
            r.getHeader().setRcode(Rcode.NXDOMAIN);
        } else if (question.getType() == Type.TXT || question.getType() == Type.ANY) {
            for (String s : strings) {
                r.addRecord(new TXTRecord(name, DClass.IN, 60, s), Section.ANSWER);
            }
        }
        return r.toWire();
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

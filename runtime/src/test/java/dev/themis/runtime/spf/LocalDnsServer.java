package dev.themis.runtime.spf;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;

/**
 * A tiny authoritative DNS server over UDP on 127.0.0.1 and a free port, answering from a {@link
 * DnsZone}, so tests exercise the production dnsjava path without the internet. Unknown names get
 * NXDOMAIN; names marked unreachable get no answer; {@link #servfail(boolean)} answers SERVFAIL to
 * everything. Usable from other modules' tests through the runtime test-jar (e.g. an end-to-end
 * test pointing themisd's SPF resolver at it).
 */
public final class LocalDnsServer implements AutoCloseable {

    private final DnsZone zone;
    private final DatagramSocket socket;
    private final Thread thread;
    private final AtomicInteger queries = new AtomicInteger();
    private volatile boolean servfail;
    private volatile boolean closed;

    private LocalDnsServer(DnsZone zone) throws SocketException {
        this.zone = zone;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.thread = Thread.ofPlatform().daemon().name("local-dns-" + port()).start(this::serve);
    }

    /** Starts a server for the zone; close it to free the port. */
    public static LocalDnsServer start(DnsZone zone) throws IOException {
        return new LocalDnsServer(zone);
    }

    public int port() {
        return socket.getLocalPort();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    /** Queries received so far. */
    public int queries() {
        return queries.get();
    }

    /** Answers SERVFAIL to every query while on. */
    public void servfail(boolean on) {
        this.servfail = on;
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            queries.incrementAndGet();
            try {
                Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                byte[] reply = answer(query);
                if (reply.length > 0) {
                    socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                }
            } catch (IOException | RuntimeException e) {
                // a malformed query gets no answer, like a real server under attack
            }
        }
    }

    private byte[] answer(Message query) {
        Record question = query.getQuestion();
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            reply.getHeader().setFlag(Flags.RD);
        }
        if (question == null) {
            reply.getHeader().setRcode(Rcode.FORMERR);
            return reply.toWire();
        }
        reply.addRecord(question, Section.QUESTION);
        Name name = question.getName();
        if (zone.isUnreachable(name)) {
            return new byte[0];
        }
        if (servfail) {
            reply.getHeader().setRcode(Rcode.SERVFAIL);
            return reply.toWire();
        }
        if (!zone.exists(name)) {
            reply.getHeader().setRcode(Rcode.NXDOMAIN);
            reply.addRecord(soa(name), Section.AUTHORITY);
            return reply.toWire();
        }
        List<Record> answers = zone.lookup(name, question.getType());
        for (Record r : answers) {
            reply.addRecord(r, Section.ANSWER);
        }
        if (answers.isEmpty()) {
            reply.addRecord(soa(name), Section.AUTHORITY); // NODATA, negatively cacheable (RFC 2308)
        }
        return reply.toWire();
    }

    /** An SOA for the name's parent, so resolvers may cache negative answers as with a real zone. */
    private static Record soa(Name name) {
        Name zoneName = name.labels() > 2 ? new Name(name, name.labels() - 3) : Name.root;
        try {
            return new SOARecord(
                    zoneName,
                    DClass.IN,
                    60,
                    Name.fromString("ns.test."),
                    Name.fromString("hostmaster.test."),
                    1,
                    60,
                    60,
                    60,
                    60);
        } catch (TextParseException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

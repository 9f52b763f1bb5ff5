package dev.themis.milter.codec;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedMap;
import org.jspecify.annotations.Nullable;

/** A packet the MTA sends to the milter. */
public sealed interface Command {

    /** The wire code of this command. */
    byte code();

    /** SMFIC_OPTNEG: the MTA's protocol version and what it offers. */
    record Negotiate(int version, int actions, int protocol) implements Command {
        @Override
        public byte code() {
            return Protocol.SMFIC_OPTNEG;
        }
    }

    /**
     * SMFIC_MACRO: macro values for the command with code {@code forCommand}, sent right before it.
     * Names are as on the wire: {@code j}, {@code i}, {@code {auth_authen}}.
     */
    record Macros(byte forCommand, SequencedMap<String, String> values) implements Command {
        public Macros {
            values = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(values));
        }

        public static Macros of(byte forCommand, Map<String, String> values) {
            return new Macros(forCommand, new LinkedHashMap<>(values));
        }

        @Override
        public byte code() {
            return Protocol.SMFIC_MACRO;
        }
    }

    /**
     * SMFIC_CONNECT. Port and address are absent (0 and null) for {@link AddressFamily#UNKNOWN}; for
     * {@link AddressFamily#UNIX} the address is a socket path.
     */
    record Connect(
            String hostname,
            AddressFamily family,
            int port,
            @Nullable String address) implements Command {
        public Connect {
            Objects.requireNonNull(hostname, "hostname");
            Objects.requireNonNull(family, "family");
            if (family == AddressFamily.UNKNOWN) {
                if (port != 0 || address != null) {
                    throw new IllegalArgumentException("an unknown family carries no port or address");
                }
            } else if (address == null) {
                throw new IllegalArgumentException(family + " needs an address");
            }
            if (port < 0 || port > 0xFFFF) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }

        @Override
        public byte code() {
            return Protocol.SMFIC_CONNECT;
        }
    }

    /** SMFIC_HELO: the HELO/EHLO argument. */
    record Helo(String name) implements Command {
        public Helo {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public byte code() {
            return Protocol.SMFIC_HELO;
        }
    }

    /** SMFIC_MAIL: the sender as the client typed it, then ESMTP parameters. */
    record Mail(List<String> args) implements Command {
        public Mail {
            args = List.copyOf(args);
            if (args.isEmpty()) {
                throw new IllegalArgumentException("MAIL needs the sender");
            }
        }

        @Override
        public byte code() {
            return Protocol.SMFIC_MAIL;
        }
    }

    /** SMFIC_RCPT: the recipient as the client typed it, then ESMTP parameters. */
    record Rcpt(List<String> args) implements Command {
        public Rcpt {
            args = List.copyOf(args);
            if (args.isEmpty()) {
                throw new IllegalArgumentException("RCPT needs the recipient");
            }
        }

        @Override
        public byte code() {
            return Protocol.SMFIC_RCPT;
        }
    }

    /** SMFIC_DATA: the client sent DATA (after the last recipient). */
    record Data() implements Command {
        @Override
        public byte code() {
            return Protocol.SMFIC_DATA;
        }
    }

    /** SMFIC_HEADER: one header, name without the colon. */
    record Header(String name, String value) implements Command {
        public Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public byte code() {
            return Protocol.SMFIC_HEADER;
        }
    }

    /** SMFIC_EOH: end of headers. */
    record EndOfHeaders() implements Command {
        @Override
        public byte code() {
            return Protocol.SMFIC_EOH;
        }
    }

    /** SMFIC_BODY: one body chunk (read-only). */
    record Body(ByteBuffer chunk) implements Command {
        public Body {
            chunk = chunk.asReadOnlyBuffer();
        }

        @Override
        public byte code() {
            return Protocol.SMFIC_BODY;
        }
    }

    /** SMFIC_BODYEOB: end of message; may carry a last body chunk (Postfix sends none). */
    record EndOfMessage(ByteBuffer chunk) implements Command {
        public EndOfMessage {
            chunk = chunk.asReadOnlyBuffer();
        }

        public EndOfMessage() {
            this(ByteBuffer.allocate(0));
        }

        @Override
        public byte code() {
            return Protocol.SMFIC_BODYEOB;
        }
    }

    /** SMFIC_ABORT: the current message is over; the next one starts clean. */
    record Abort() implements Command {
        @Override
        public byte code() {
            return Protocol.SMFIC_ABORT;
        }
    }

    /** SMFIC_QUIT: the session is over; close the connection. */
    record Quit() implements Command {
        @Override
        public byte code() {
            return Protocol.SMFIC_QUIT;
        }
    }

    /** SMFIC_QUIT_NC: the session is over but the connection is reused for a new one. */
    record QuitNewConnection() implements Command {
        @Override
        public byte code() {
            return Protocol.SMFIC_QUIT_NC;
        }
    }

    /** SMFIC_UNKNOWN: an SMTP command the MTA did not recognise. */
    record Unknown(String line) implements Command {
        public Unknown {
            Objects.requireNonNull(line, "line");
        }

        @Override
        public byte code() {
            return Protocol.SMFIC_UNKNOWN;
        }
    }
}

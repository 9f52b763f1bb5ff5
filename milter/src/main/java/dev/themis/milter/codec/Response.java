package dev.themis.milter.codec;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/** A packet the milter sends to the MTA. */
public sealed interface Response {

    /** The wire code of this response. */
    byte code();

    /**
     * Whether this response ends the MTA's wait for the current event. Modifications, quarantine
     * and progress do not; the MTA keeps reading after them.
     */
    default boolean isFinal() {
        return true;
    }

    /**
     * SMFIC_OPTNEG reply: version, actions the milter may use, protocol steps it wants, and the macro
     * list per stage (SMFIM_* index to space-separated names).
     */
    record Negotiate(int version, int actions, int protocol, SortedMap<Integer, String> macros) implements Response {
        public Negotiate {
            macros = Collections.unmodifiableSortedMap(new TreeMap<>(macros));
        }

        public static Negotiate of(int version, int actions, int protocol, Map<Integer, String> macros) {
            return new Negotiate(version, actions, protocol, new TreeMap<>(macros));
        }

        @Override
        public byte code() {
            return Protocol.SMFIC_OPTNEG;
        }
    }

    record Continue() implements Response {
        @Override
        public byte code() {
            return Protocol.SMFIR_CONTINUE;
        }
    }

    record Accept() implements Response {
        @Override
        public byte code() {
            return Protocol.SMFIR_ACCEPT;
        }
    }

    record Reject() implements Response {
        @Override
        public byte code() {
            return Protocol.SMFIR_REJECT;
        }
    }

    record Tempfail() implements Response {
        @Override
        public byte code() {
            return Protocol.SMFIR_TEMPFAIL;
        }
    }

    record Discard() implements Response {
        @Override
        public byte code() {
            return Protocol.SMFIR_DISCARD;
        }
    }

    record Skip() implements Response {
        @Override
        public byte code() {
            return Protocol.SMFIR_SKIP;
        }
    }

    /** Keep-alive: the MTA keeps waiting for the real answer. */
    record Progress() implements Response {
        @Override
        public byte code() {
            return Protocol.SMFIR_PROGRESS;
        }

        @Override
        public boolean isFinal() {
            return false;
        }
    }

    /**
     * SMFIR_REPLYCODE: the SMTP reply verbatim ({@code 550 5.7.1 text}). Build it with {@link
     * ReplyText}, which enforces what Postfix accepts.
     */
    record ReplyCode(String text) implements Response {
        public ReplyCode {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public byte code() {
            return Protocol.SMFIR_REPLYCODE;
        }
    }

    /** SMFIR_QUARANTINE: put the message in the hold queue. Only valid at end of message. */
    record Quarantine(String reason) implements Response {
        public Quarantine {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public byte code() {
            return Protocol.SMFIR_QUARANTINE;
        }

        @Override
        public boolean isFinal() {
            return false;
        }
    }

    /** SMFIR_ADDHEADER: append a header. Only valid at end of message. */
    record AddHeader(String name, String value) implements Response {
        public AddHeader {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public byte code() {
            return Protocol.SMFIR_ADDHEADER;
        }

        @Override
        public boolean isFinal() {
            return false;
        }
    }

    /** SMFIR_INSHEADER: insert a header at {@code index} (0 = top). Only valid at end of message. */
    record InsertHeader(int index, String name, String value) implements Response {
        public InsertHeader {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public byte code() {
            return Protocol.SMFIR_INSHEADER;
        }

        @Override
        public boolean isFinal() {
            return false;
        }
    }

    /**
     * SMFIR_CHGHEADER: change the {@code index}-th (1-based) header called {@code name}; an empty
     * value deletes it. Only valid at end of message.
     */
    record ChangeHeader(int index, String name, String value) implements Response {
        public ChangeHeader {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public byte code() {
            return Protocol.SMFIR_CHGHEADER;
        }

        @Override
        public boolean isFinal() {
            return false;
        }
    }

    Continue CONTINUE = new Continue();
    Accept ACCEPT = new Accept();
    Reject REJECT = new Reject();
    Tempfail TEMPFAIL = new Tempfail();
    Discard DISCARD = new Discard();
    Skip SKIP = new Skip();
    Progress PROGRESS = new Progress();
}

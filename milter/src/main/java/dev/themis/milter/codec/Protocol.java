package dev.themis.milter.codec;

/**
 * Constants of milter protocol version 6 as Sendmail's {@code mfdef.h} defines them and Postfix
 * speaks them. Values are wire values; names follow the C constants so they can be looked up.
 */
public final class Protocol {
    private Protocol() {}

    /** The protocol version this codec speaks. */
    public static final int VERSION = 6;

    /** The smallest MTA version we negotiate with (version 2 introduced the current framing). */
    public static final int MIN_VERSION = 2;

    /** Length prefix size: a u32 in network byte order. */
    public static final int LENGTH_BYTES = 4;

    /**
     * libmilter's data limit ({@code MILTER_MAX_DATA_SIZE}) and Postfix's body chunk size. A frame
     * carries one code byte plus at most this much data unless the MDS bits were negotiated (we never
     * negotiate them).
     */
    public static final int MAX_DATA_SIZE = 65_535;

    /**
     * The default bound on a frame's length field: 64 KiB of data, the code byte, and a margin for a
     * header name and separators. Anything larger closes the connection.
     */
    public static final int DEFAULT_MAX_FRAME = MAX_DATA_SIZE + 1 + 4_096;

    // Command codes (MTA to milter).
    public static final byte SMFIC_ABORT = 'A';
    public static final byte SMFIC_BODY = 'B';
    public static final byte SMFIC_CONNECT = 'C';
    public static final byte SMFIC_MACRO = 'D';
    public static final byte SMFIC_BODYEOB = 'E';
    public static final byte SMFIC_HELO = 'H';
    public static final byte SMFIC_QUIT_NC = 'K';
    public static final byte SMFIC_HEADER = 'L';
    public static final byte SMFIC_MAIL = 'M';
    public static final byte SMFIC_EOH = 'N';
    public static final byte SMFIC_OPTNEG = 'O';
    public static final byte SMFIC_QUIT = 'Q';
    public static final byte SMFIC_RCPT = 'R';
    public static final byte SMFIC_DATA = 'T';
    public static final byte SMFIC_UNKNOWN = 'U';

    // Response codes (milter to MTA).
    public static final byte SMFIR_ADDRCPT = '+';
    public static final byte SMFIR_DELRCPT = '-';
    public static final byte SMFIR_SHUTDOWN = '4';
    public static final byte SMFIR_ACCEPT = 'a';
    public static final byte SMFIR_REPLBODY = 'b';
    public static final byte SMFIR_CONTINUE = 'c';
    public static final byte SMFIR_DISCARD = 'd';
    public static final byte SMFIR_CHGFROM = 'e';
    public static final byte SMFIR_CONN_FAIL = 'f';
    public static final byte SMFIR_ADDHEADER = 'h';
    public static final byte SMFIR_INSHEADER = 'i';
    public static final byte SMFIR_CHGHEADER = 'm';
    public static final byte SMFIR_PROGRESS = 'p';
    public static final byte SMFIR_QUARANTINE = 'q';
    public static final byte SMFIR_REJECT = 'r';
    public static final byte SMFIR_SKIP = 's';
    public static final byte SMFIR_TEMPFAIL = 't';
    public static final byte SMFIR_REPLYCODE = 'y';

    // Actions the milter may take (SMFIF_*), negotiated at OPTNEG.
    public static final int SMFIF_ADDHDRS = 0x01;
    public static final int SMFIF_CHGBODY = 0x02;
    public static final int SMFIF_ADDRCPT = 0x04;
    public static final int SMFIF_DELRCPT = 0x08;
    public static final int SMFIF_CHGHDRS = 0x10;
    public static final int SMFIF_QUARANTINE = 0x20;
    public static final int SMFIF_CHGFROM = 0x40;
    public static final int SMFIF_ADDRCPT_PAR = 0x80;
    public static final int SMFIF_SETSYMLIST = 0x100;
    public static final int SMFIF_ALL_V6 = 0x1FF;

    // Protocol steps (SMFIP_*), negotiated at OPTNEG.
    public static final int SMFIP_NOCONNECT = 0x1;
    public static final int SMFIP_NOHELO = 0x2;
    public static final int SMFIP_NOMAIL = 0x4;
    public static final int SMFIP_NORCPT = 0x8;
    public static final int SMFIP_NOBODY = 0x10;
    public static final int SMFIP_NOHDRS = 0x20;
    public static final int SMFIP_NOEOH = 0x40;
    public static final int SMFIP_NR_HDR = 0x80;
    public static final int SMFIP_NOUNKNOWN = 0x100;
    public static final int SMFIP_NODATA = 0x200;
    public static final int SMFIP_SKIP = 0x400;
    public static final int SMFIP_RCPT_REJ = 0x800;
    public static final int SMFIP_NR_CONN = 0x1000;
    public static final int SMFIP_NR_HELO = 0x2000;
    public static final int SMFIP_NR_MAIL = 0x4000;
    public static final int SMFIP_NR_RCPT = 0x8000;
    public static final int SMFIP_NR_DATA = 0x10000;
    public static final int SMFIP_NR_UNKN = 0x20000;
    public static final int SMFIP_NR_EOH = 0x40000;
    public static final int SMFIP_NR_BODY = 0x80000;
    public static final int SMFIP_HDR_LEADSPC = 0x100000;
    public static final int SMFIP_ALL_V6 = 0x1FFFFF;

    // Macro stages (SMFIM_*) in the OPTNEG reply.
    public static final int SMFIM_CONNECT = 0;
    public static final int SMFIM_HELO = 1;
    public static final int SMFIM_ENVFROM = 2;
    public static final int SMFIM_ENVRCPT = 3;
    public static final int SMFIM_DATA = 4;
    public static final int SMFIM_EOM = 5;
    public static final int SMFIM_EOH = 6;

    /** Printable form of a code byte for diagnostics: {@code 'M'} or {@code 0x07}. */
    public static String describe(byte code) {
        int c = code & 0xFF;
        if (c >= 0x21 && c < 0x7F) {
            return "'" + (char) c + "'";
        }
        return String.format(java.util.Locale.ROOT, "0x%02x", c);
    }
}

package dev.themis.compiler.model;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A checked policy with every attribute of spec section 4, defaults filled in.
 *
 * @param name the full name: {@code NAME} or, for a pool policy, {@code POOL:NAME}
 * @param pool the pool of a pool policy; null for a global policy
 * @param source {@code Source}
 * @param destination {@code Destination}
 * @param enabled {@code Enable} (default true)
 * @param type {@code Type} (default regular)
 * @param priority {@code Priority}, lower runs first (default 5)
 * @param jailBy {@code JailBy} (default Sender+)
 * @param jailSpec {@code JailSpec} (default 0:0)
 * @param jailAction {@code JailAction} (default monitor)
 * @param replyData {@code ReplyData}: at most 60 characters, at most one {@code %s}
 * @param countRcpt {@code CountRCPT}
 * @param stopHere {@code StopHere}
 * @param requestsMon {@code RequestsMon}
 * @param onlyHeaders {@code OnlyHeaders}
 * @param spf {@code SPF}
 * @param actionHeaders the policy's action headers, in order of their match header
 * @param subjectProbation hours (default 0.5)
 * @param ipProbation hours (default 0.5)
 * @param blockProbation hours (default 0.5)
 * @param countSentProbation hours (default 1)
 */
public record Policy(
        String name,
        @Nullable String pool,
        GroupRef source,
        GroupRef destination,
        boolean enabled,
        PolicyType type,
        int priority,
        JailBy jailBy,
        JailSpec jailSpec,
        JailAction jailAction,
        String replyData,
        boolean countRcpt,
        boolean stopHere,
        boolean requestsMon,
        boolean onlyHeaders,
        boolean spf,
        List<ActionHeader> actionHeaders,
        double subjectProbation,
        double ipProbation,
        double blockProbation,
        double countSentProbation) {

    public static final String DEFAULT_REPLY_DATA = "Limit reached. Blocking for %s second(s)";
    public static final int DEFAULT_PRIORITY = 5;
    public static final int MAX_REPLY_DATA = 60;

    public Policy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(jailBy, "jailBy");
        Objects.requireNonNull(jailSpec, "jailSpec");
        Objects.requireNonNull(jailAction, "jailAction");
        Objects.requireNonNull(replyData, "replyData");
        actionHeaders = List.copyOf(actionHeaders);
    }

    /** The name without its pool prefix. */
    public String localName() {
        return pool == null ? name : name.substring(pool.length() + 1);
    }

    /** The same policy with other action headers (the compiler attaches them after checking). */
    public Policy withActionHeaders(List<ActionHeader> headers) {
        return new Policy(
                name,
                pool,
                source,
                destination,
                enabled,
                type,
                priority,
                jailBy,
                jailSpec,
                jailAction,
                replyData,
                countRcpt,
                stopHere,
                requestsMon,
                onlyHeaders,
                spf,
                headers,
                subjectProbation,
                ipProbation,
                blockProbation,
                countSentProbation);
    }
}

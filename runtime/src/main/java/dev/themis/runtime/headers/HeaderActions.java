package dev.themis.runtime.headers;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.themis.compiler.model.ActionHeader;
import dev.themis.compiler.model.NewHeader;
import dev.themis.compiler.model.Policy;
import dev.themis.runtime.Header;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ActionHeaders of one policy, ready to apply to messages. Immutable and thread-safe: build it
 * once per compiled snapshot and policy, apply it to every message.
 *
 * <p>The engine, for a policy with ActionHeaders (spec section 5, step 2):
 *
 * <pre>{@code
 * HeaderActions.Result r = HeaderActions.forPolicy(policy).apply(facts.headers());
 * addHeaders.addAll(r.added());
 * if (policy.onlyHeaders()) -> accept now (with the added headers)
 * }</pre>
 */
public final class HeaderActions {

    private static final Logger LOG = LoggerFactory.getLogger(HeaderActions.class);

    /**
     * Built rules per compiled policy, keyed by the identity of the policy's (immutable) action
     * header list, so each snapshot's rules are built once and dropped with the snapshot.
     */
    private static final Cache<List<ActionHeader>, HeaderActions> BY_MODEL =
            Caffeine.newBuilder().weakKeys().build();

    /** No rules: never adds anything. */
    public static final HeaderActions NONE = new HeaderActions(List.of());

    private final List<HeaderRule> rules;
    private final Map<String, int[]> rulesByHeader;

    private HeaderActions(List<HeaderRule> rules) {
        this.rules = List.copyOf(rules);
        Map<String, List<Integer>> byHeader = new HashMap<>();
        for (int i = 0; i < this.rules.size(); i++) {
            byHeader.computeIfAbsent(this.rules.get(i).key(), k -> new ArrayList<>())
                    .add(i);
        }
        Map<String, int[]> index = new HashMap<>();
        byHeader.forEach(
                (k, v) -> index.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        this.rulesByHeader = Map.copyOf(index);
    }

    /** The rules in the order their headers are added. */
    public static HeaderActions of(List<HeaderRule> rules) {
        return rules.isEmpty() ? NONE : new HeaderActions(rules);
    }

    /**
     * The rules of a compiled policy ({@code Policy.actionHeaders()}), built once per compiled
     * snapshot and cached: cheap to call for every message.
     */
    public static HeaderActions forPolicy(Policy policy) {
        List<ActionHeader> model = policy.actionHeaders();
        if (model.isEmpty()) {
            return NONE;
        }
        return BY_MODEL.get(model, m -> fromModel(policy.name(), m));
    }

    /**
     * Builds rules from the compiler's model. The compiler already rejects bad regexps (TMS040) and
     * header names and values (TMS041, TMS043); a rule that still cannot be applied is left out
     * with a warning rather than failing every message.
     */
    public static HeaderActions fromModel(String policyName, List<ActionHeader> model) {
        List<HeaderRule> rules = new ArrayList<>(model.size());
        for (ActionHeader a : model) {
            try {
                List<Header> add = new ArrayList<>(a.newHeaders().size());
                for (NewHeader n : a.newHeaders()) {
                    add.add(new Header(n.name(), n.value()));
                }
                rules.add(HeaderRule.compile(a.matchHeader(), a.regex(), add));
            } catch (RuntimeException e) {
                LOG.warn("policy {}: action header on {} left out: {}", policyName, a.matchHeader(), e.getMessage());
            }
        }
        return of(rules);
    }

    public List<HeaderRule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * What applying the rules to a message gives.
     *
     * @param added the headers to add, rule by rule in rule order (each rule at most once per
     *     message, however many of its headers match)
     * @param matched the rules that matched, in rule order
     */
    public record Result(List<Header> added, List<HeaderRule> matched) {
        public Result {
            added = List.copyOf(added);
            matched = List.copyOf(matched);
        }

        public boolean matchedAny() {
            return !matched.isEmpty();
        }
    }

    private static final Result NOTHING = new Result(List.of(), List.of());

    /**
     * Applies the rules to a message's headers. Header names compare case-insensitively; a folded
     * value is unfolded (RFC 5322 section 2.2.3) before matching.
     */
    public Result apply(List<Header> headers) {
        if (rules.isEmpty()) {
            return NOTHING;
        }
        BitSet matched = new BitSet(rules.size());
        for (Header h : headers) {
            int[] candidates = rulesByHeader.get(h.name().toLowerCase(Locale.ROOT));
            if (candidates == null) {
                continue;
            }
            String value = unfold(h.value());
            for (int i : candidates) {
                if (!matched.get(i) && rules.get(i).regex().matcher(value).find()) {
                    matched.set(i);
                }
            }
        }
        if (matched.isEmpty()) {
            return NOTHING;
        }
        List<Header> added = new ArrayList<>();
        List<HeaderRule> hits = new ArrayList<>();
        for (int i = matched.nextSetBit(0); i >= 0; i = matched.nextSetBit(i + 1)) {
            HeaderRule rule = rules.get(i);
            hits.add(rule);
            added.addAll(rule.newHeaders());
        }
        return new Result(added, hits);
    }

    /** Removes the CRLF (or bare LF) of folded header lines, keeping the whitespace after it. */
    static String unfold(String value) {
        if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        StringBuilder b = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\r' && c != '\n') {
                b.append(c);
            }
        }
        return b.toString();
    }
}

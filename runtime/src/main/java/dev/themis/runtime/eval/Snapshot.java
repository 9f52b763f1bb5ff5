package dev.themis.runtime.eval;

import dev.themis.compiler.decision.PolicyIndex;
import dev.themis.compiler.model.ActionHeader;
import dev.themis.compiler.model.NewHeader;
import dev.themis.compiler.model.Policy;
import dev.themis.compiler.model.PolicySet;
import dev.themis.runtime.Header;
import dev.themis.runtime.headers.HeaderActions;
import dev.themis.runtime.headers.HeaderRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One whole compiled configuration as the runtime uses it: immutable, published through one
 * {@code AtomicReference} and read once per message, so a message never sees two versions.
 *
 * @param policySet the compiled configuration
 * @param index its decision index
 * @param version the configuration version (Redis: the store's version key; embedded: 1, 2, ...
 *     per successful load)
 * @param loadedAt when this snapshot was compiled
 * @param headerActions the ActionHeaders of each policy that has some, by policy name
 */
public record Snapshot(
        PolicySet policySet,
        PolicyIndex index,
        long version,
        Instant loadedAt,
        Map<String, HeaderActions> headerActions) {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshot.class);

    public Snapshot {
        Objects.requireNonNull(policySet, "policySet");
        Objects.requireNonNull(index, "index");
        headerActions = Map.copyOf(headerActions);
    }

    /** Builds the snapshot of a compiled policy set: its index and the header rules. */
    public static Snapshot of(PolicySet policySet, PolicyIndex index, long version, Instant loadedAt) {
        Map<String, HeaderActions> actions = new HashMap<>();
        for (Policy p : policySet.policies()) {
            if (p.actionHeaders().isEmpty()) {
                continue;
            }
            List<HeaderRule> rules = new ArrayList<>();
            for (ActionHeader a : p.actionHeaders()) {
                List<Header> added = new ArrayList<>();
                for (NewHeader h : a.newHeaders()) {
                    added.add(new Header(h.name(), h.value()));
                }
                try {
                    rules.add(HeaderRule.compile(a.matchHeader(), a.regex(), added));
                } catch (RuntimeException e) {
                    // the compiler checked the rule; a rule it let through but extras refuses is skipped
                    LOG.warn("policy {}: action header on {} skipped: {}", p.name(), a.matchHeader(), e.getMessage());
                }
            }
            actions.put(p.name(), HeaderActions.of(rules));
        }
        return new Snapshot(policySet, index, version, loadedAt, actions);
    }

    /** The empty configuration (no policies: every message is accepted), version 0. */
    public static Snapshot empty(Instant at) {
        PolicySet empty = PolicySet.empty();
        return of(empty, PolicyIndex.build(empty), 0, at);
    }

    /** Whether some enabled policy needs the message headers (ActionHeaders). */
    public boolean needsHeaders() {
        return policySet.policies().stream()
                .anyMatch(p -> p.enabled() && !p.actionHeaders().isEmpty());
    }

    /** The header rules of a policy (none when it has no ActionHeaders). */
    public HeaderActions headerActions(String policy) {
        return headerActions.getOrDefault(policy, HeaderActions.NONE);
    }

    /** A metadata value set by a {@code metadata OBJECT KEY VALUE} statement of the configuration. */
    public @org.jspecify.annotations.Nullable String metadata(String object, String key) {
        return policySet.metadata().get(object + ":" + key);
    }
}

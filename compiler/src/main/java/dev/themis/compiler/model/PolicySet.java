package dev.themis.compiler.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One whole compiled configuration: immutable, so a message is always evaluated against one
 * consistent snapshot.
 *
 * <p>{@link #policies()} lists every policy in evaluation order: Priority, then name. Global
 * policies are those with a null {@link Policy#pool()}.
 */
public final class PolicySet {
    /** Evaluation order within one list (spec section 5 step 1). */
    public static final Comparator<Policy> ORDER =
            Comparator.comparingInt(Policy::priority).thenComparing(Policy::name);

    private final List<Policy> policies;
    private final List<Policy> globalPolicies;
    private final Map<String, List<Policy>> poolPolicies;
    private final Map<String, Group> groups;
    private final Map<String, Pool> pools;
    private final Map<String, String> poolByServer;
    private final Map<String, Features> featureNamespaces;
    private final Features globalFeatures;
    private final Map<String, String> metadata;

    /**
     * @param policies every policy (any order; sorted here)
     * @param groups groups by lowercase name
     * @param pools pools by name
     * @param featureNamespaces explicit features per namespace ({@code global} or a pool name)
     * @param metadata metadata statements as {@code object:key -> canonical value}
     */
    public PolicySet(
            List<Policy> policies,
            Map<String, Group> groups,
            Map<String, Pool> pools,
            Map<String, Features> featureNamespaces,
            Map<String, String> metadata) {
        List<Policy> sorted = new ArrayList<>(policies);
        sorted.sort(ORDER);
        this.policies = List.copyOf(sorted);
        this.globalPolicies = sorted.stream().filter(p -> p.pool() == null).toList();
        Map<String, List<Policy>> byPool = new LinkedHashMap<>();
        for (Policy p : sorted) {
            String pool = p.pool();
            if (pool != null) {
                byPool.computeIfAbsent(pool, k -> new ArrayList<>()).add(p);
            }
        }
        Map<String, List<Policy>> frozen = new LinkedHashMap<>();
        byPool.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        this.poolPolicies = Map.copyOf(frozen);
        this.groups = Map.copyOf(groups);
        this.pools = Map.copyOf(pools);
        Map<String, String> servers = new LinkedHashMap<>();
        for (Pool pool : pools.values()) {
            for (String s : pool.servers()) {
                servers.putIfAbsent(s, pool.name());
            }
        }
        this.poolByServer = Map.copyOf(servers);
        this.featureNamespaces = Map.copyOf(featureNamespaces);
        this.globalFeatures = featureNamespaces.getOrDefault("global", Features.DEFAULTS);
        this.metadata = Map.copyOf(metadata);
    }

    /** An empty configuration: no policies, every feature at its default. */
    public static PolicySet empty() {
        return new PolicySet(List.of(), Map.of(), Map.of(), Map.of(), Map.of());
    }

    /** Every policy, in evaluation order (Priority, then name). */
    public List<Policy> policies() {
        return policies;
    }

    /** Global policies (not belonging to a pool), in evaluation order. */
    public List<Policy> globalPolicies() {
        return globalPolicies;
    }

    /** Policies of {@code pool}, in evaluation order; empty when it has none. */
    public List<Policy> poolPolicies(String pool) {
        return poolPolicies.getOrDefault(pool, List.of());
    }

    public Optional<Policy> policy(String name) {
        return policies.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Groups by lowercase name. */
    public Map<String, Group> groups() {
        return groups;
    }

    /** The group named {@code name} (any case). */
    public Optional<Group> group(String name) {
        return Optional.ofNullable(groups.get(name.toLowerCase(Locale.ROOT)));
    }

    public Map<String, Pool> pools() {
        return pools;
    }

    /** The pool that MTA host {@code server} belongs to (any case). */
    public Optional<Pool> poolOfServer(@Nullable String server) {
        if (server == null) {
            return Optional.empty();
        }
        String name = poolByServer.get(server.toLowerCase(Locale.ROOT));
        return name == null ? Optional.empty() : Optional.ofNullable(pools.get(name));
    }

    /** The global features (namespace {@code global}), defaults filled in. */
    public Features globalFeatures() {
        return globalFeatures;
    }

    /**
     * The features in effect for a message through pool {@code pool}: the global ones, overridden
     * by the pool's namespace when the global feature featuresByServerPool is on.
     */
    public Features features(@Nullable String pool) {
        if (pool == null || !globalFeatures.featuresByServerPool()) {
            return globalFeatures;
        }
        Features own = featureNamespaces.get(pool);
        return own == null ? globalFeatures : globalFeatures.overriddenBy(own);
    }

    /** Explicit features per namespace. */
    public Map<String, Features> featureNamespaces() {
        return featureNamespaces;
    }

    /** Metadata statements of the configuration, as {@code object:key -> canonical value}. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * The policy list for a message through an MTA of {@code pool} (null: no pool), spec section 5
     * step 1: the pool's policies (when policiesByServerPoolFeature is on) followed by the global
     * ones only when fallbackToNonPoolPolicies is on; otherwise the global ones. Disabled policies
     * are dropped.
     */
    public List<Policy> evaluationList(@Nullable String pool) {
        Features f = features(pool);
        List<Policy> out = new ArrayList<>();
        if (pool != null && f.policiesByServerPool()) {
            for (Policy p : poolPolicies(pool)) {
                if (p.enabled()) {
                    out.add(p);
                }
            }
            if (!f.fallbackToNonPoolPolicies()) {
                return List.copyOf(out);
            }
        }
        for (Policy p : globalPolicies) {
            if (p.enabled()) {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }
}

package dev.themis.runtime.eval;

import dev.themis.compiler.decision.MessageKeys;
import dev.themis.compiler.decision.PolicyIndex;
import dev.themis.compiler.model.Condition;
import dev.themis.compiler.model.Features;
import dev.themis.compiler.model.JailAction;
import dev.themis.compiler.model.Policy;
import dev.themis.compiler.model.PolicySet;
import dev.themis.compiler.model.PolicyType;
import dev.themis.compiler.model.Pool;
import dev.themis.runtime.Decision;
import dev.themis.runtime.Header;
import dev.themis.runtime.MessageFacts;
import dev.themis.runtime.SmtpReply;
import dev.themis.runtime.Verdict;
import dev.themis.runtime.headers.HeaderActions;
import dev.themis.runtime.limit.CounterStep;
import dev.themis.runtime.limit.LimitCondition;
import dev.themis.runtime.limit.LimitOutcome;
import dev.themis.runtime.limit.LimitRequest;
import dev.themis.runtime.limit.Limiter;
import dev.themis.runtime.limit.MetadataValues;
import dev.themis.runtime.limit.StepResult;
import dev.themis.runtime.limit.StoreUnavailableException;
import dev.themis.runtime.limit.Usage;
import dev.themis.runtime.monitor.MonitorSample;
import dev.themis.runtime.monitor.MonitorUpdate;
import dev.themis.runtime.monitor.RedisTrafficMonitor;
import dev.themis.runtime.monitor.TrafficMonitor;
import dev.themis.runtime.spf.SpfChecker;
import dev.themis.runtime.spf.SpfOutcome;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Decides one message against one snapshot, following spec section 5 exactly:
 *
 * <ol>
 *   <li>the candidate policies of the message's evaluation list (pool policies, global ones only
 *       with fallbackToNonPoolPolicies; disabled dropped; Priority then name), from the index;
 *   <li>for each policy in order: SPF (when on), ActionHeaders (OnlyHeaders accepts once a rule
 *       matched), the JailBy object (none: skip), Source and Destination, bypass and bypass+, then
 *       for a regular policy that matched: metadata bypass / manual block, the limits, JailAction,
 *       StopHere;
 *   <li>no policy decided: accept.
 * </ol>
 *
 * <p>Everything that needs the counter store (limits, metadata in Redis) is collected as {@link
 * CounterStep}s and sent to the {@link Limiter} in one call; decisions that need no store (bypass,
 * SPF, OnlyHeaders, metadata statements of the configuration) end the walk and are passed as the
 * tail of that call, so the order of spec section 5 is kept and refused mail consumes no quota.
 */
public final class Evaluator {
    static final String MANUAL_BLOCK_TEXT = "Account manually blocked, contact your administrator";
    static final String FAILURE_TEXT = "Service temporarily unavailable, please try again later";

    private final Limiter limiter;
    private final @Nullable SpfChecker spf;
    private final Supplier<@Nullable TrafficMonitor> monitor;
    private final Verdict onFailure;
    private final StoreHealth health;
    private final Clock clock;

    /**
     * @param limiter the counter store
     * @param spf the SPF checker, or null when no SPF checks can be made (SPF policies then log and
     *     pass)
     * @param monitor the traffic monitor (null: none); a {@link RedisTrafficMonitor} has its
     *     counters written in the limiter's round trip
     * @param onFailure ACCEPT or TEMPFAIL when the store or DNS fails
     */
    public Evaluator(
            Limiter limiter,
            @Nullable SpfChecker spf,
            Supplier<@Nullable TrafficMonitor> monitor,
            Verdict onFailure,
            StoreHealth health,
            Clock clock) {
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.spf = spf;
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.onFailure = onFailure;
        this.health = health;
        this.clock = clock;
    }

    /** The tail decision found without the store, placed after the collected counter steps. */
    private record Tail(Decision decision, boolean refuses) {}

    /** A counting policy and the step sent for it. */
    private record Counted(Policy policy, CounterStep step) {}

    public Decision decide(Snapshot snapshot, MessageFacts facts) {
        PolicySet set = snapshot.policySet();
        PolicyIndex index = snapshot.index();
        String pool = set.poolOfServer(facts.mtaHost()).map(Pool::name).orElse(null);
        Features features = set.features(pool);
        MessageKeys keys = new MessageKeys(facts.sender(), facts.clientAddress(), facts.recipients(), pool);
        long version = snapshot.version();
        Instant now = clock.instant();

        List<Header> addHeaders = new ArrayList<>();
        List<Counted> counted = new ArrayList<>();
        List<String> monitored = new ArrayList<>();
        SpfOutcome spfOutcome = null;
        Tail tail = null;

        for (Policy policy : index.candidates(keys)) {
            String object = JailObjects.of(policy.jailBy(), keys, facts.clientAddress(), facts.saslLogin());
            if (object == null) {
                continue;
            }
            boolean source = index.matchesSource(policy, keys);
            if (policy.type() == PolicyType.BYPASS && source) {
                tail = new Tail(
                        new Decision(
                                Verdict.ACCEPT,
                                null,
                                addHeaders,
                                policy.name(),
                                object,
                                "bypass: source matched",
                                version),
                        false);
                break;
            }
            boolean destination = source && index.matchesDestination(policy, keys);
            // SPF and ActionHeaders belong to the traffic the policy is written for: they run only
            // when its Source and Destination match (docs/runtime.md), so an SPF policy for inbound mail
            // costs outbound mail no DNS lookup.
            if (destination) {
                if (policy.spf() && spf != null) {
                    if (spfOutcome == null) {
                        spfOutcome = spf.check(facts.clientAddress(), facts.sender(), facts.helo(), facts.mtaHost());
                        Header h = spfOutcome.receivedSpf();
                        if (h != null) {
                            addHeaders.add(h);
                        }
                    }
                    if (SpfChecker.isTemporaryError(spfOutcome) && onFailure == Verdict.TEMPFAIL) {
                        tail = new Tail(
                                failure(
                                        addHeaders,
                                        policy.name(),
                                        "spf temperror: " + spfOutcome.explanation(),
                                        version),
                                true);
                        break;
                    }
                    if (SpfChecker.isFailure(spfOutcome, features.spfStrictReject())) {
                        Decision d = spfAction(policy, spfOutcome, addHeaders, keys, facts, version);
                        if (d != null) {
                            tail = new Tail(d, d.verdict() == Verdict.REJECT || d.verdict() == Verdict.TEMPFAIL);
                            break;
                        }
                    }
                }
                if (!policy.actionHeaders().isEmpty()) {
                    HeaderActions.Result r =
                            snapshot.headerActions(policy.name()).apply(facts.headers());
                    addHeaders.addAll(r.added());
                    if (policy.onlyHeaders() && r.matchedAny()) {
                        tail = new Tail(
                                new Decision(
                                        Verdict.ACCEPT,
                                        null,
                                        addHeaders,
                                        policy.name(),
                                        null,
                                        "action headers matched (OnlyHeaders)",
                                        version),
                                false);
                        break;
                    }
                }
            }
            if (policy.type() == PolicyType.BYPASS_PLUS && destination) {
                tail = new Tail(
                        new Decision(
                                Verdict.ACCEPT,
                                null,
                                addHeaders,
                                policy.name(),
                                object,
                                "bypass+: source and destination matched",
                                version),
                        false);
                break;
            }
            if (policy.type() != PolicyType.REGULAR || !destination) {
                continue;
            }
            if (policy.requestsMon()) {
                monitored.add(policy.name());
            }
            if (MetadataValues.truthy(snapshot.metadata(object, "bypass"))) {
                tail = new Tail(
                        new Decision(
                                Verdict.ACCEPT, null, addHeaders, policy.name(), object, "metadata bypass", version),
                        false);
                break;
            }
            if (MetadataValues.truthy(snapshot.metadata(object, "manual_block"))) {
                tail = new Tail(manualBlock(policy, object, addHeaders, version), true);
                break;
            }
            counted.add(new Counted(policy, step(snapshot, features, policy, object, facts)));
            if (policy.stopHere()) {
                break;
            }
        }

        if (counted.isEmpty() && monitored.isEmpty() && !countAll(features)) {
            return tail != null ? tail.decision() : accepted(addHeaders, List.of(), null, version);
        }
        MonitorSample sample = new MonitorSample(
                countAll(features), monitored, MonitorSample.retentionDays(features.messagesBySecStoreDays()));
        List<MonitorUpdate> piggyback = List.of();
        TrafficMonitor tm = monitor.get();
        if (tm instanceof RedisTrafficMonitor redis) {
            piggyback = redis.updates(now, sample);
        } else if (tm != null && !sample.isEmpty()) {
            tm.record(now, sample);
        }
        if (counted.isEmpty()) {
            if (!piggyback.isEmpty()) {
                // nothing to check: the limiter only queues the counts (no store call, cannot fail)
                limiter.acquire(new LimitRequest(List.of(), now.toEpochMilli(), false, piggyback));
            }
            return tail != null ? tail.decision() : accepted(addHeaders, List.of(), null, version);
        }
        LimitOutcome outcome;
        try {
            outcome = limiter.acquire(new LimitRequest(
                    counted.stream().map(Counted::step).toList(),
                    now.toEpochMilli(),
                    tail != null && tail.refuses(),
                    piggyback));
            health.succeeded();
        } catch (StoreUnavailableException e) {
            health.failed(e);
            if (tail != null) {
                Decision d = tail.decision();
                return new Decision(
                        d.verdict(),
                        d.reply(),
                        d.addHeaders(),
                        d.policy(),
                        d.object(),
                        d.detail() + "; limits not checked, store unavailable",
                        version);
            }
            return failure(addHeaders, null, "store unavailable: " + e.getMessage(), version);
        }
        int t = outcome.terminalIndex();
        if (t < 0) {
            String counts = countsText(counted, outcome, outcome.results().size());
            if (tail != null) {
                Decision d = tail.decision();
                return new Decision(
                        d.verdict(),
                        d.reply(),
                        d.addHeaders(),
                        d.policy(),
                        d.object(),
                        counts.isEmpty() ? d.detail() : d.detail() + "; " + counts,
                        version);
            }
            return accepted(addHeaders, counted, counts, version);
        }
        Counted deciding = counted.get(t);
        Policy policy = deciding.policy();
        String object = deciding.step().object();
        String earlier = countsText(counted, outcome, t);
        String suffix = earlier.isEmpty() ? "" : "; counted " + earlier;
        return switch (outcome.results().get(t)) {
            case StepResult.Admitted a -> throw new IllegalStateException("admitted step cannot decide");
            case StepResult.MetadataBypass b ->
                new Decision(
                        Verdict.ACCEPT, null, addHeaders, policy.name(), object, "metadata bypass" + suffix, version);
            case StepResult.ManualBlock m -> {
                Decision d = manualBlock(policy, object, addHeaders, version);
                yield new Decision(
                        d.verdict(), d.reply(), d.addHeaders(), d.policy(), d.object(), d.detail() + suffix, version);
            }
            case StepResult.Exceeded e ->
                limitAction(
                        policy,
                        object,
                        addHeaders,
                        e.retryMillis(),
                        "limit exceeded " + usages(e.usages()) + ", free in " + seconds(e.retryMillis()) + "s" + suffix,
                        version);
            case StepResult.CustomBlocked c ->
                limitAction(
                        policy,
                        object,
                        addHeaders,
                        c.retryMillis(),
                        "custom block " + usages(c.usages()) + ", free in " + seconds(c.retryMillis()) + "s" + suffix,
                        version);
        };
    }

    private static boolean countAll(Features features) {
        return features.messagesBySec();
    }

    private CounterStep step(Snapshot snapshot, Features features, Policy policy, String object, MessageFacts facts) {
        List<LimitCondition> conditions = new ArrayList<>();
        String override = snapshot.metadata(object, "limit:" + policy.name());
        if (override != null) {
            conditions.addAll(LimitCondition.parseOverride(override));
        }
        if (conditions.isEmpty()) {
            List<Condition> source = policy.jailSpec().usesGlobalConditions()
                    ? features.globalConditions()
                    : policy.jailSpec().conditions();
            for (Condition c : source) {
                if (c.limit() > 0 && c.seconds() > 0) {
                    conditions.add(LimitCondition.ofSeconds(c.limit(), c.seconds()));
                }
            }
        }
        int weight = policy.countRcpt() ? Math.max(1, facts.recipients().size()) : 1;
        boolean refuses = policy.jailAction() == JailAction.BLOCK || policy.jailAction() == JailAction.DEFER;
        long customBlock = Math.max(0, features.globalCustomBlock()) * 60_000L;
        return new CounterStep(policy.name(), object, conditions, weight, refuses, customBlock);
    }

    private Decision limitAction(
            Policy policy, String object, List<Header> headers, long retryMillis, String detail, long version) {
        String text = replyText(policy.replyData(), seconds(retryMillis));
        Decision d = jailAction(policy, object, headers, text, detail, version);
        return d != null
                ? d
                : new Decision(Verdict.ACCEPT, null, headers, policy.name(), object, detail + " (monitor)", version);
    }

    /** The decision of a JailAction that refuses or holds; null for monitor, which only logs. */
    private static @Nullable Decision jailAction(
            Policy policy, @Nullable String object, List<Header> headers, String text, String detail, long version) {
        return switch (policy.jailAction()) {
            case BLOCK ->
                new Decision(
                        Verdict.REJECT,
                        new SmtpReply(550, "5.7.1", text),
                        headers,
                        policy.name(),
                        object,
                        detail,
                        version);
            case DEFER ->
                new Decision(
                        Verdict.TEMPFAIL,
                        new SmtpReply(451, "4.7.1", text),
                        headers,
                        policy.name(),
                        object,
                        detail,
                        version);
            case HOLD -> new Decision(Verdict.HOLD, null, headers, policy.name(), object, detail + " (hold)", version);
            case MONITOR -> null;
        };
    }

    private @Nullable Decision spfAction(
            Policy policy,
            SpfOutcome outcome,
            List<Header> headers,
            MessageKeys keys,
            MessageFacts facts,
            long version) {
        String object = JailObjects.of(policy.jailBy(), keys, facts.clientAddress(), facts.saslLogin());
        String detail = "spf " + outcome.result().keyword() + " for " + outcome.identity() + " "
                + (outcome.domain().isEmpty() ? "" : outcome.domain() + " ") + "(" + outcome.explanation() + ")";
        String text = "SPF check failed (" + outcome.result().keyword() + ")"
                + (outcome.domain().isEmpty() ? "" : " for " + outcome.domain());
        if (text.length() > 200) {
            text = text.substring(0, 200);
        }
        // monitor only logs: the walk goes on so that limits still apply
        return jailAction(policy, object, headers, text, detail, version);
    }

    private static Decision manualBlock(Policy policy, String object, List<Header> headers, long version) {
        return new Decision(
                Verdict.REJECT,
                new SmtpReply(550, "5.7.1", MANUAL_BLOCK_TEXT),
                headers,
                policy.name(),
                object,
                "manual block",
                version);
    }

    private Decision failure(List<Header> headers, @Nullable String policy, String detail, long version) {
        if (onFailure == Verdict.TEMPFAIL) {
            return new Decision(
                    Verdict.TEMPFAIL,
                    new SmtpReply(451, "4.7.1", FAILURE_TEXT),
                    headers,
                    policy,
                    null,
                    detail + " (onFailure tempfail)",
                    version);
        }
        return new Decision(Verdict.ACCEPT, null, headers, policy, null, detail + " (onFailure accept)", version);
    }

    private static Decision accepted(
            List<Header> headers, List<Counted> counted, @Nullable String counts, long version) {
        if (counted.isEmpty()) {
            return new Decision(Verdict.ACCEPT, null, headers, null, null, "no policy decided", version);
        }
        Counted last = counted.getLast();
        return new Decision(
                Verdict.ACCEPT,
                null,
                headers,
                last.policy().name(),
                last.step().object(),
                "within limits: " + counts,
                version);
    }

    private static String countsText(List<Counted> counted, LimitOutcome outcome, int upTo) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < upTo && i < outcome.results().size(); i++) {
            if (outcome.results().get(i) instanceof StepResult.Admitted a) {
                Counted c = counted.get(i);
                parts.add(c.policy().name() + " " + c.step().object() + " " + usages(a.usages()));
            }
        }
        return String.join(", ", parts);
    }

    private static String usages(List<Usage> usages) {
        return usages.stream().map(Usage::toString).collect(Collectors.joining(";"));
    }

    /** Whole seconds until the object may send again, rounded up (at least 1). */
    static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }

    /** ReplyData with its {@code %s} replaced by the seconds. */
    static String replyText(String replyData, long seconds) {
        int at = replyData.indexOf("%s");
        return at < 0 ? replyData : replyData.substring(0, at) + seconds + replyData.substring(at + 2);
    }
}

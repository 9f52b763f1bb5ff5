package dev.themis.compiler.check;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.themis.compiler.ast.ActionHeadersStatement;
import dev.themis.compiler.ast.Attribute;
import dev.themis.compiler.ast.FeatureStatement;
import dev.themis.compiler.ast.GroupStatement;
import dev.themis.compiler.ast.HeaderPair;
import dev.themis.compiler.ast.MetadataStatement;
import dev.themis.compiler.ast.PolicyStatement;
import dev.themis.compiler.ast.PoolStatement;
import dev.themis.compiler.ast.Statement;
import dev.themis.compiler.ast.Word;
import dev.themis.compiler.diag.Code;
import dev.themis.compiler.diag.Diagnostic;
import dev.themis.compiler.diag.Span;
import dev.themis.compiler.model.ActionHeader;
import dev.themis.compiler.model.Feature;
import dev.themis.compiler.model.Features;
import dev.themis.compiler.model.Group;
import dev.themis.compiler.model.GroupMember;
import dev.themis.compiler.model.GroupRef;
import dev.themis.compiler.model.IpPrefixSet;
import dev.themis.compiler.model.JailAction;
import dev.themis.compiler.model.JailBy;
import dev.themis.compiler.model.JailSpec;
import dev.themis.compiler.model.MetadataKey;
import dev.themis.compiler.model.NewHeader;
import dev.themis.compiler.model.Policy;
import dev.themis.compiler.model.PolicyAttribute;
import dev.themis.compiler.model.PolicySet;
import dev.themis.compiler.model.PolicyType;
import dev.themis.compiler.model.Pool;
import dev.themis.compiler.parse.Names;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import org.jspecify.annotations.Nullable;

/**
 * The checking stages: statements → diagnostics and, when there is no error, the compiled {@link
 * PolicySet}. The stages run in the order of {@link #STAGES}; each collects every problem it finds.
 */
public final class Checker {
    /** A named stage of the compiler (OPA's stage table). */
    public record Stage(String name, Consumer<Checker> run) {}

    /** The stages, in order. Warning passes come last. */
    public static final List<Stage> STAGES = List.of(
            new Stage("unique keys", Checker::checkUniqueKeys),
            new Stage("names", Checker::checkNames),
            new Stage("pools", Checker::checkPools),
            new Stage("groups", Checker::checkGroups),
            new Stage("policies", Checker::checkPolicies),
            new Stage("action headers", Checker::checkActionHeaders),
            new Stage("features", Checker::checkFeatures),
            new Stage("metadata", Checker::checkMetadata));

    /** The warning passes, run after {@link #STAGES} when those found no error. */
    public static final List<Stage> LINT_STAGES = List.of(
            new Stage("lint: unused groups and pools", Checker::lintUnused),
            new Stage("lint: shadowed policies", Checker::lintShadowed));

    private static final java.util.regex.Pattern HEADER_NAME = java.util.regex.Pattern.compile("[!-9;-~]{1,76}");
    private static final java.util.regex.Pattern SERVER = java.util.regex.Pattern.compile(
            "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+\\.?");
    private static final java.util.regex.Pattern PRIORITY = java.util.regex.Pattern.compile("-?[0-9]{1,9}");
    private static final java.util.regex.Pattern HOURS = java.util.regex.Pattern.compile("[0-9]{1,6}(\\.[0-9]{1,6})?");
    private static final java.util.regex.Pattern PERCENT = java.util.regex.Pattern.compile("%(.?)");

    /** Longest accepted action-header regular expression. */
    static final int MAX_REGEX = 1024;

    private final List<Statement> statements;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    /** Statements that survived the unique-key check, by kind. */
    private final List<PolicyStatement> policyStatements = new ArrayList<>();

    private final List<GroupStatement> groupStatements = new ArrayList<>();
    private final List<PoolStatement> poolStatements = new ArrayList<>();
    private final List<ActionHeadersStatement> headerStatements = new ArrayList<>();
    private final List<FeatureStatement> featureStatements = new ArrayList<>();
    private final List<MetadataStatement> metadataStatements = new ArrayList<>();

    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Set<String> declaredGroups = new LinkedHashSet<>();
    private final Map<String, Pool> pools = new LinkedHashMap<>();
    private final Set<String> declaredPools = new LinkedHashSet<>();
    private final Map<String, Policy> policies = new LinkedHashMap<>();
    private final Map<String, List<ActionHeader>> actionHeaders = new HashMap<>();
    private final Map<String, Map<Feature, Object>> features = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private Checker(List<Statement> statements) {
        this.statements = List.copyOf(statements);
    }

    /** The result of checking. */
    public record Result(@Nullable PolicySet policySet, List<Diagnostic> diagnostics) {}

    /** Runs every stage; the policy set is null when any error was found. */
    public static Result check(List<Statement> statements) {
        Checker c = new Checker(statements);
        for (Stage s : STAGES) {
            s.run().accept(c);
        }
        boolean failed = c.diagnostics.stream().anyMatch(Diagnostic::isError);
        PolicySet set = failed ? null : c.build();
        if (!failed) {
            // Warning passes run on an error-free configuration only, so that one mistake is
            // reported once, not again as "unused" or "shadowed".
            for (Stage s : LINT_STAGES) {
                s.run().accept(c);
            }
        }
        return new Result(set, List.copyOf(c.diagnostics));
    }

    private void report(Code code, String message, @Nullable String help, Span span) {
        diagnostics.add(Diagnostic.of(code, message, help, span));
    }

    private static String lineOf(Span s) {
        return s.source() + ":" + s.line();
    }

    // ---- stage: unique keys ----

    private void checkUniqueKeys() {
        Map<String, Statement> seen = new HashMap<>();
        for (Statement s : statements) {
            Statement first = seen.putIfAbsent(s.key(), s);
            if (first != null) {
                report(
                        Code.TMS012,
                        "duplicate " + s.keyword() + " `"
                                + s.key().substring(s.key().indexOf(':') + 1) + "`",
                        "first defined at " + lineOf(first.span()),
                        s.span());
                continue;
            }
            switch (s) {
                case PolicyStatement p -> policyStatements.add(p);
                case GroupStatement g -> groupStatements.add(g);
                case PoolStatement p -> poolStatements.add(p);
                case ActionHeadersStatement a -> headerStatements.add(a);
                case FeatureStatement f -> featureStatements.add(f);
                case MetadataStatement m -> metadataStatements.add(m);
            }
        }
        for (GroupStatement g : groupStatements) {
            declaredGroups.add(g.name().text().toLowerCase(Locale.ROOT));
        }
        for (PoolStatement p : poolStatements) {
            declaredPools.add(p.name().text());
        }
    }

    // ---- stage: names ----

    private void checkNames() {
        for (GroupStatement g : groupStatements) {
            checkName(g.name(), "group");
        }
        for (PoolStatement p : poolStatements) {
            checkName(p.name(), "pool");
        }
        for (PolicyStatement p : policyStatements) {
            String name = p.name().text();
            int colon = name.indexOf(':');
            if (colon < 0) {
                checkName(p.name(), "policy");
                continue;
            }
            String pool = name.substring(0, colon);
            String local = name.substring(colon + 1);
            Span sp = p.name().span();
            if (local.indexOf(':') >= 0) {
                report(
                        Code.TMS010,
                        "invalid policy name `" + name + "`",
                        "a pool policy is named `POOL:NAME`, with one colon",
                        sp);
                continue;
            }
            if (!checkNamePart(pool, "pool", sp) || !checkNamePart(local, "policy", sp)) {
                continue;
            }
            if (!declaredPools.contains(pool)) {
                report(
                        Code.TMS026,
                        "policy `" + name + "` belongs to pool `" + pool + "`, which is not defined",
                        helpOr(
                                Names.didYouMean(pool, declaredPools),
                                "define it: `pool " + pool + " mta1.example.com ...`"),
                        sp);
            }
        }
    }

    private static String helpOr(@Nullable String a, String b) {
        return a != null ? a : b;
    }

    private boolean checkName(Word name, String kind) {
        return checkNamePart(name.text(), kind, name.span());
    }

    private boolean checkNamePart(String name, String kind, Span span) {
        if (!Names.isValidName(name)) {
            String help =
                    "policy".equals(kind) && name.chars().filter(c -> c == ':').count() > 1
                            ? "a pool policy is named `POOL:NAME`, with one colon"
                            : "names use letters, digits and `_`";
            report(Code.TMS010, "invalid " + kind + " name `" + name + "`", help, span);
            return false;
        }
        if (Names.isReserved(name)) {
            report(
                    Code.TMS011,
                    "`" + name + "` is reserved and cannot name a " + kind,
                    "reserved: "
                            + String.join(
                                    ", ",
                                    List.of(
                                            "global",
                                            "any",
                                            "list",
                                            "all",
                                            "metadata",
                                            "pool",
                                            "policy",
                                            "policies",
                                            "group")),
                    span);
            return false;
        }
        return true;
    }

    // ---- stage: pools ----

    private void checkPools() {
        for (PoolStatement p : poolStatements) {
            if (p.servers().isEmpty()) {
                report(
                        Code.TMS033,
                        "pool `" + p.name().text() + "` has no servers",
                        "list the MTA host names of the pool",
                        p.span());
                continue;
            }
            Set<String> servers = new LinkedHashSet<>();
            for (Word s : p.servers()) {
                String host = s.text().toLowerCase(Locale.ROOT);
                if (host.endsWith(".")) {
                    host = host.substring(0, host.length() - 1);
                }
                if (!SERVER.matcher(host).matches()) {
                    report(
                            Code.TMS032,
                            "`" + s.text() + "` is not a fully qualified host name",
                            "servers are named like Postfix's myhostname, e.g. `mx1.example.com`",
                            s.span());
                    continue;
                }
                if (!servers.add(host)) {
                    report(
                            Code.TMS102,
                            "server `" + s.text() + "` is listed twice in pool `"
                                    + p.name().text() + "`",
                            null,
                            s.span());
                }
            }
            pools.put(p.name().text(), new Pool(p.name().text(), servers));
        }
    }

    // ---- stage: groups ----

    private void checkGroups() {
        for (GroupStatement g : groupStatements) {
            String name = g.name().text().toLowerCase(Locale.ROOT);
            if (g.members().isEmpty()) {
                report(
                        Code.TMS031,
                        "group `" + g.name().text() + "` has no members",
                        "a group may not be empty; remove the group instead",
                        g.span());
                continue;
            }
            List<String> members = new ArrayList<>();
            Set<String> addresses = new HashSet<>();
            Set<String> domains = new HashSet<>();
            IpPrefixSet.Builder networks = IpPrefixSet.builder();
            List<GroupMember.Network> networkMembers = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Word m : g.members()) {
                switch (GroupMember.parse(m.text())) {
                    case GroupMember.Invalid(String problem, String help) ->
                        report(Code.TMS030, problem, help, m.span());
                    case GroupMember.Valid(GroupMember member) -> {
                        String spelling = member.spelling();
                        if (!seen.add(spelling)) {
                            report(
                                    Code.TMS102,
                                    "member `" + m.text() + "` is listed twice in group `"
                                            + g.name().text() + "`",
                                    null,
                                    m.span());
                            continue;
                        }
                        members.add(spelling);
                        switch (member) {
                            case GroupMember.Address(String a) -> addresses.add(a);
                            case GroupMember.Domain(String d) -> domains.add(d);
                            case GroupMember.Network n -> {
                                networks.add(n.address(), n.length());
                                networkMembers.add(n);
                            }
                        }
                    }
                }
            }
            groups.put(name, new Group(name, members, addresses, domains, networks.build(), networkMembers));
        }
    }

    // ---- stage: policies ----

    private void checkPolicies() {
        List<String> attributeNames = Arrays.stream(PolicyAttribute.values())
                .map(PolicyAttribute::spelling)
                .toList();
        for (PolicyStatement p : policyStatements) {
            Map<PolicyAttribute, Attribute> given = new EnumMap<>(PolicyAttribute.class);
            boolean ok = true;
            for (Attribute a : p.attributes()) {
                PolicyAttribute known = PolicyAttribute.lookup(a.name().text()).orElse(null);
                if (known == null) {
                    String help = a.name().text().equalsIgnoreCase("ActionHeaders")
                            ? "action headers are separate statements: `actionheaders "
                                    + p.name().text() + " HEADER REGEXP NEW_HEADER VALUE`"
                            : helpOr(
                                    Names.didYouMean(a.name().text(), attributeNames),
                                    "attributes: " + String.join(", ", attributeNames));
                    report(
                            Code.TMS020,
                            "unknown attribute `" + a.name().text() + "`",
                            help,
                            a.name().span());
                    ok = false;
                    continue;
                }
                Attribute first = given.putIfAbsent(known, a);
                if (first != null) {
                    report(
                            Code.TMS022,
                            "attribute `" + known.spelling() + "` is given twice",
                            "first given at " + lineOf(first.span()),
                            a.name().span());
                    ok = false;
                }
            }
            if (!given.containsKey(PolicyAttribute.SOURCE)) {
                report(
                        Code.TMS023,
                        "policy `" + p.name().text() + "` has no Source",
                        "add `Source any`, `Source GROUP` or `Source !GROUP`",
                        p.name().span());
                ok = false;
            }
            if (!given.containsKey(PolicyAttribute.DESTINATION)) {
                report(
                        Code.TMS024,
                        "policy `" + p.name().text() + "` has no Destination",
                        "add `Destination any`, `Destination GROUP` or `Destination !GROUP`",
                        p.name().span());
                ok = false;
            }
            PolicyBuilder b = new PolicyBuilder(p.name().text());
            for (Map.Entry<PolicyAttribute, Attribute> e : given.entrySet()) {
                ok &= value(b, e.getKey(), e.getValue().value());
            }
            if (ok) {
                policies.put(p.name().text(), b.build());
            }
        }
    }

    private final class PolicyBuilder {
        final String name;
        final @Nullable String pool;
        GroupRef source = GroupRef.ANY;
        GroupRef destination = GroupRef.ANY;
        boolean enabled = true;
        PolicyType type = PolicyType.REGULAR;
        int priority = Policy.DEFAULT_PRIORITY;
        JailBy jailBy = JailBy.SENDER_PLUS;
        JailSpec jailSpec = JailSpec.GLOBAL;
        JailAction jailAction = JailAction.MONITOR;
        String replyData = Policy.DEFAULT_REPLY_DATA;
        boolean countRcpt;
        boolean stopHere;
        boolean requestsMon;
        boolean onlyHeaders;
        boolean spf;
        double subjectProbation = 0.5;
        double ipProbation = 0.5;
        double blockProbation = 0.5;
        double countSentProbation = 1;

        PolicyBuilder(String name) {
            this.name = name;
            int colon = name.indexOf(':');
            this.pool = colon < 0 ? null : name.substring(0, colon);
        }

        Policy build() {
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
                    List.of(),
                    subjectProbation,
                    ipProbation,
                    blockProbation,
                    countSentProbation);
        }
    }

    private boolean value(PolicyBuilder b, PolicyAttribute attribute, Word value) {
        String v = value.text();
        String attr = attribute.spelling();
        switch (attribute.kind()) {
            case BOOLEAN -> {
                if (!v.equals("TRUE") && !v.equals("FALSE")) {
                    return invalid(
                            attr, value, "expected TRUE or FALSE", Names.didYouMean(v, List.of("TRUE", "FALSE")));
                }
                boolean t = v.equals("TRUE");
                switch (attribute) {
                    case ENABLE -> b.enabled = t;
                    case COUNT_RCPT -> b.countRcpt = t;
                    case STOP_HERE -> b.stopHere = t;
                    case REQUESTS_MON -> b.requestsMon = t;
                    case ONLY_HEADERS -> b.onlyHeaders = t;
                    case SPF -> b.spf = t;
                    default -> throw new IllegalStateException(attr);
                }
                return true;
            }
            case GROUP_REF -> {
                GroupRef ref = groupRef(attr, value);
                if (ref == null) {
                    return false;
                }
                if (attribute == PolicyAttribute.SOURCE) {
                    b.source = ref;
                } else {
                    b.destination = ref;
                }
                return true;
            }
            case TYPE -> {
                PolicyType t = PolicyType.parse(v).orElse(null);
                if (t == null) {
                    return invalid(
                            attr,
                            value,
                            "expected regular, bypass or bypass+",
                            Names.didYouMean(v, spellings(PolicyType.values())));
                }
                b.type = t;
                return true;
            }
            case JAIL_BY -> {
                JailBy t = JailBy.parse(v).orElse(null);
                if (t == null) {
                    return invalid(
                            attr,
                            value,
                            "expected SASLUsername, SenderIP, Sender, Sender+, SenderDomain or SenderDomain+",
                            Names.didYouMean(v, spellings(JailBy.values())));
                }
                b.jailBy = t;
                return true;
            }
            case JAIL_ACTION -> {
                JailAction t = JailAction.parse(v).orElse(null);
                if (t == null) {
                    return invalid(
                            attr,
                            value,
                            "expected block, defer, hold or monitor",
                            Names.didYouMean(v, spellings(JailAction.values())));
                }
                b.jailAction = t;
                return true;
            }
            case INTEGER -> {
                if (!PRIORITY.matcher(v).matches()) {
                    return invalid(attr, value, "expected a whole number", null);
                }
                b.priority = Integer.parseInt(v);
                return true;
            }
            case JAIL_SPEC -> {
                String problem = JailSpec.problem(v);
                if (problem != null) {
                    report(
                            Code.TMS027,
                            "malformed JailSpec `" + v + "`: " + problem,
                            "write `N:S[;N:S...]`, e.g. `100:3600;1000:86400`",
                            value.span());
                    return false;
                }
                b.jailSpec = JailSpec.parse(v).orElseThrow();
                return true;
            }
            case TEXT -> {
                return replyData(b, value);
            }
            case HOURS -> {
                if (!HOURS.matcher(v).matches()) {
                    return invalid(attr, value, "expected a number of hours such as `0.5`", null);
                }
                double h = Double.parseDouble(v);
                switch (attribute) {
                    case SUBJECT_PROBATION -> b.subjectProbation = h;
                    case IP_PROBATION -> b.ipProbation = h;
                    case BLOCK_PROBATION -> b.blockProbation = h;
                    case COUNT_SENT_PROBATION -> b.countSentProbation = h;
                    default -> throw new IllegalStateException(attr);
                }
                return true;
            }
        }
        throw new IllegalStateException(attr);
    }

    private static List<String> spellings(dev.themis.compiler.model.Spelled[] values) {
        return Arrays.stream(values)
                .map(dev.themis.compiler.model.Spelled::spelling)
                .toList();
    }

    private boolean invalid(String attribute, Word value, String expected, @Nullable String help) {
        report(
                Code.TMS021,
                "invalid value `" + value.text() + "` for " + attribute + "; " + expected,
                help,
                value.span());
        return false;
    }

    private @Nullable GroupRef groupRef(String attribute, Word value) {
        String v = value.text();
        if (v.equals("any")) {
            return GroupRef.ANY;
        }
        boolean negated = v.startsWith("!");
        String name = negated ? v.substring(1) : v;
        if (name.equalsIgnoreCase("any")) {
            report(
                    Code.TMS021,
                    "invalid value `" + v + "` for " + attribute + "; `!any` never matches",
                    "remove the policy or use a group",
                    value.span());
            return null;
        }
        if (!Names.isValidName(name)) {
            report(
                    Code.TMS021,
                    "invalid value `" + v + "` for " + attribute + "; expected `any`, a group name or `!group`",
                    null,
                    value.span());
            return null;
        }
        if (!declaredGroups.contains(name.toLowerCase(Locale.ROOT))) {
            report(
                    Code.TMS025,
                    "undefined group `" + name + "` in " + attribute,
                    helpOr(Names.didYouMean(name, declaredGroups), "define it: `group " + name + " @example.com ...`"),
                    value.span());
            return null;
        }
        return new GroupRef.Named(name, negated);
    }

    private boolean replyData(PolicyBuilder b, Word value) {
        String v = value.text();
        boolean ok = true;
        if (v.length() > Policy.MAX_REPLY_DATA) {
            report(
                    Code.TMS028,
                    "ReplyData has " + v.length() + " characters; at most " + Policy.MAX_REPLY_DATA + " are allowed",
                    null,
                    value.span());
            ok = false;
        }
        int placeholders = 0;
        Matcher m = PERCENT.matcher(v);
        while (m.find()) {
            String next = m.group(1);
            if (next.equals("s")) {
                placeholders++;
            } else if (next.equals("%")) {
                continue;
            } else if (!next.isEmpty() && Character.isLetter(next.charAt(0))) {
                report(
                        Code.TMS029,
                        "ReplyData has `%" + next + "`; only `%s` (the seconds to wait) and `%%` are allowed",
                        null,
                        value.span());
                return false;
            } else {
                report(Code.TMS029, "ReplyData has a lone `%`", "write `%%` for a percent sign", value.span());
                return false;
            }
        }
        if (placeholders > 1) {
            report(Code.TMS029, "ReplyData has " + placeholders + " `%s`; at most one is allowed", null, value.span());
            ok = false;
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < 0x20 || v.charAt(i) > 0x7e) {
                report(Code.TMS021, "ReplyData must be printable ASCII (it becomes an SMTP reply)", null, value.span());
                return false;
            }
        }
        if (ok) {
            b.replyData = v;
        }
        return ok;
    }

    // ---- stage: action headers ----

    private void checkActionHeaders() {
        Set<String> policyNames = new LinkedHashSet<>();
        policyStatements.forEach(p -> policyNames.add(p.name().text()));
        for (ActionHeadersStatement a : headerStatements) {
            boolean ok = true;
            if (!policyNames.contains(a.policy().text())) {
                report(
                        Code.TMS042,
                        "action headers for undefined policy `" + a.policy().text() + "`",
                        Names.didYouMean(a.policy().text(), policyNames),
                        a.policy().span());
                ok = false;
            }
            ok &= headerName(a.matchHeader());
            if (a.regex().text().length() > MAX_REGEX) {
                report(
                        Code.TMS040,
                        "regular expression longer than " + MAX_REGEX + " characters",
                        null,
                        a.regex().span());
                ok = false;
            } else {
                ok &= regexCompiles(a.regex());
            }
            List<NewHeader> news = new ArrayList<>();
            for (HeaderPair h : a.newHeaders()) {
                ok &= headerName(h.name());
                if (!h.value().text().chars().allMatch(c -> c == '\t' || (c >= 0x20 && c != 0x7f))) {
                    report(
                            Code.TMS043,
                            "value of header `" + h.name().text() + "` contains control characters",
                            null,
                            h.value().span());
                    ok = false;
                } else if (h.value().text().length() > 998) {
                    report(
                            Code.TMS043,
                            "value of header `" + h.name().text() + "` is longer than 998 characters",
                            null,
                            h.value().span());
                    ok = false;
                }
                news.add(new NewHeader(h.name().text(), h.value().text()));
            }
            if (ok) {
                actionHeaders
                        .computeIfAbsent(a.policy().text(), k -> new ArrayList<>())
                        .add(new ActionHeader(a.matchHeader().text(), a.regex().text(), news));
            }
        }
    }

    private boolean regexCompiles(Word regex) {
        try {
            Pattern.compile(regex.text());
            return true;
        } catch (PatternSyntaxException | StackOverflowError e) {
            String why = e instanceof PatternSyntaxException p ? p.getDescription() : "nested too deeply";
            report(
                    Code.TMS040,
                    "invalid regular expression `" + regex.text() + "`: " + why,
                    "the syntax is RE2's (no backreferences or lookaround)",
                    regex.span());
            return false;
        }
    }

    private boolean headerName(Word w) {
        if (!HEADER_NAME.matcher(w.text()).matches()) {
            String help = w.text().endsWith(":")
                    ? "write the name without the colon"
                    : "header names are printable ASCII without blanks or `:`";
            report(Code.TMS041, "invalid header name `" + w.text() + "`", help, w.span());
            return false;
        }
        return true;
    }

    // ---- stage: features ----

    private void checkFeatures() {
        List<String> keys = Arrays.stream(Feature.values()).map(Feature::key).toList();
        for (FeatureStatement f : featureStatements) {
            String ns = f.namespace().text();
            if (!ns.equals("global") && !declaredPools.contains(ns)) {
                report(
                        Code.TMS026,
                        "features namespace `" + ns + "` is neither `global` nor a defined pool",
                        Names.didYouMean(ns, concat("global", declaredPools)),
                        f.namespace().span());
                continue;
            }
            Feature feature = Feature.lookup(f.feature().text()).orElse(null);
            if (feature == null) {
                report(
                        Code.TMS050,
                        "unknown feature `" + f.feature().text() + "`",
                        helpOr(Names.didYouMean(f.feature().text(), keys), "`tmscli -g --features list` lists them"),
                        f.feature().span());
                continue;
            }
            String problem = feature.problem(f.value().text());
            if (problem != null) {
                report(
                        Code.TMS051,
                        "invalid value for feature `" + feature.key() + "`: " + problem,
                        null,
                        f.value().span());
                continue;
            }
            features.computeIfAbsent(ns, k -> new EnumMap<>(Feature.class))
                    .put(feature, feature.parse(f.value().text()));
        }
    }

    private static List<String> concat(String first, Set<String> rest) {
        List<String> l = new ArrayList<>();
        l.add(first);
        l.addAll(rest);
        return l;
    }

    // ---- stage: metadata ----

    private void checkMetadata() {
        List<String> keys =
                Arrays.stream(MetadataKey.values()).map(MetadataKey::key).toList();
        for (MetadataStatement m : metadataStatements) {
            String object = m.object().text();
            if (object.isEmpty() || object.length() > 320 || object.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
                report(
                        Code.TMS054,
                        "invalid metadata object `" + object + "`",
                        "an object is a SASL login, a sender address, a domain or an IP address",
                        m.object().span());
                continue;
            }
            MetadataKey key = MetadataKey.lookup(m.metadataKey().text()).orElse(null);
            if (key == null) {
                report(
                        Code.TMS052,
                        "unknown metadata key `" + m.metadataKey().text() + "`",
                        helpOr(
                                Names.didYouMean(m.metadataKey().text(), keys),
                                "`tmscli -g --metadata list` lists them"),
                        m.metadataKey().span());
                continue;
            }
            if (!key.writable()) {
                report(
                        Code.TMS055,
                        "metadata key `" + key.key() + "` is kept by themisd and cannot be set",
                        "administrators set `bypass` and `manual_block`",
                        m.metadataKey().span());
                continue;
            }
            String problem = key.problem(m.value().text());
            if (problem != null) {
                report(
                        Code.TMS053,
                        "invalid value for metadata `" + key.key() + "`: " + problem,
                        null,
                        m.value().span());
                continue;
            }
            metadata.put(
                    object.toLowerCase(Locale.ROOT) + ":" + key.key(),
                    key.canonical(m.value().text()));
        }
    }

    // ---- lint passes ----

    private void lintUnused() {
        Set<String> used = new HashSet<>();
        for (Policy p : policies.values()) {
            if (p.source() instanceof GroupRef.Named(String g, boolean n)) {
                used.add(g);
            }
            if (p.destination() instanceof GroupRef.Named(String g, boolean n)) {
                used.add(g);
            }
        }
        for (PolicyStatement ps : policyStatements) {
            for (Attribute a : ps.attributes()) {
                String n = a.name().text();
                if (!n.equals("Source") && !n.equals("Destination")) {
                    continue;
                }
                String v = a.value().text();
                used.add((v.startsWith("!") ? v.substring(1) : v).toLowerCase(Locale.ROOT));
            }
        }
        for (GroupStatement g : groupStatements) {
            if (!used.contains(g.name().text().toLowerCase(Locale.ROOT))) {
                report(
                        Code.TMS100,
                        "group `" + g.name().text() + "` is not used by any policy",
                        null,
                        g.name().span());
            }
        }
        Set<String> usedPools = new HashSet<>(features.keySet());
        for (PolicyStatement ps : policyStatements) {
            int colon = ps.name().text().indexOf(':');
            if (colon > 0) {
                usedPools.add(ps.name().text().substring(0, colon));
            }
        }
        for (PoolStatement p : poolStatements) {
            if (!usedPools.contains(p.name().text())) {
                report(
                        Code.TMS104,
                        "pool `" + p.name().text() + "` has no policies and no features",
                        null,
                        p.name().span());
            }
        }
    }

    private void lintShadowed() {
        Map<String, Span> spans = new HashMap<>();
        policyStatements.forEach(p -> spans.put(p.name().text(), p.name().span()));
        Map<String, List<Policy>> lists = new LinkedHashMap<>();
        for (Policy p : policies.values()) {
            if (p.enabled()) {
                lists.computeIfAbsent(p.pool() == null ? "" : p.pool(), k -> new ArrayList<>())
                        .add(p);
            }
        }
        for (List<Policy> list : lists.values()) {
            list.sort(PolicySet.ORDER);
            Policy stopper = null;
            for (Policy p : list) {
                if (stopper != null) {
                    report(
                            Code.TMS101,
                            "policy `" + p.name() + "` can never run: policy `" + stopper.name()
                                    + "` runs first and stops every message",
                            "give `" + p.name() + "` a lower Priority than " + stopper.priority() + ", or narrow `"
                                    + stopper.name() + "`",
                            spans.getOrDefault(p.name(), Span.startOf("")));
                } else if (stopsEverything(p)) {
                    stopper = p;
                }
            }
        }
    }

    /** True when {@code p} ends evaluation for every message. */
    private static boolean stopsEverything(Policy p) {
        if (!(p.source() instanceof GroupRef.Any)) {
            return false;
        }
        boolean allDestinations = p.destination() instanceof GroupRef.Any;
        return switch (p.type()) {
            case BYPASS -> true;
            case BYPASS_PLUS -> allDestinations;
            case REGULAR -> allDestinations && p.stopHere() && p.jailBy() != JailBy.SASL_USERNAME;
        };
    }

    // ---- build ----

    private PolicySet build() {
        List<Policy> all = new ArrayList<>();
        for (Policy p : policies.values()) {
            List<ActionHeader> h = actionHeaders.getOrDefault(p.name(), List.of());
            all.add(h.isEmpty() ? p : p.withActionHeaders(h));
        }
        Map<String, Features> ns = new LinkedHashMap<>();
        features.forEach((k, v) -> ns.put(k, new Features(v)));
        return new PolicySet(all, groups, pools, ns, metadata);
    }
}

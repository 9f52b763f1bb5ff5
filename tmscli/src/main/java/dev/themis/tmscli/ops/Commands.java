package dev.themis.tmscli.ops;

import dev.themis.compiler.Source;
import dev.themis.compiler.ast.ActionHeadersStatement;
import dev.themis.compiler.ast.Attribute;
import dev.themis.compiler.ast.FeatureStatement;
import dev.themis.compiler.ast.GroupStatement;
import dev.themis.compiler.ast.MetadataStatement;
import dev.themis.compiler.ast.PolicyStatement;
import dev.themis.compiler.ast.PoolStatement;
import dev.themis.compiler.ast.Statement;
import dev.themis.compiler.ast.Word;
import dev.themis.compiler.diag.Diagnostic;
import dev.themis.compiler.model.ActionHeader;
import dev.themis.compiler.model.Condition;
import dev.themis.compiler.model.Feature;
import dev.themis.compiler.model.FeatureCatalog;
import dev.themis.compiler.model.Features;
import dev.themis.compiler.model.JailBy;
import dev.themis.compiler.model.JailSpec;
import dev.themis.compiler.model.MetadataCatalog;
import dev.themis.compiler.model.MetadataKey;
import dev.themis.compiler.model.NewHeader;
import dev.themis.compiler.model.Policy;
import dev.themis.compiler.model.PolicySet;
import dev.themis.compiler.model.PolicyType;
import dev.themis.tmscli.Io;
import dev.themis.tmscli.cli.Action;
import dev.themis.tmscli.cli.GlobalOptions;
import dev.themis.tmscli.cli.Invocation;
import dev.themis.tmscli.cli.UsageException;
import dev.themis.tmscli.json.Json;
import dev.themis.tmscli.ops.ConfigPort.Change;
import dev.themis.tmscli.ops.ConfigPort.Snapshot;
import dev.themis.tmscli.settings.ConfigDiscovery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Executes one {@link Invocation} against Redis. Every configuration change is read → planned →
 * compiled → written with a compare-and-set on the configuration version; when another
 * administrator's change lands in between, the plan is made again on the fresh state (so two
 * {@code -m} on different attributes both land), and after {@link #MAX_ATTEMPTS} a clear conflict
 * is reported with nothing written.
 */
public final class Commands {
    public static final int MAX_ATTEMPTS = 8;

    private final Io io;
    private final GlobalOptions options;
    private final Supplier<Backend> backendFactory;
    private @Nullable Backend backend;

    public Commands(Io io, GlobalOptions options, Supplier<Backend> backendFactory) {
        this.io = io;
        this.options = options;
        this.backendFactory = backendFactory;
    }

    private Backend backend() {
        Backend b = backend;
        if (b == null) {
            b = backendFactory.get();
            backend = b;
        }
        return b;
    }

    private ConfigPort config() {
        return backend().config();
    }

    private StatePort state() {
        return backend().state();
    }

    /** Closes the Redis connection if one was opened. */
    public void close() {
        Backend b = backend;
        if (b != null) {
            backend = null;
            b.close();
        }
    }

    /** Runs one command; returns the exit status. Throws for errors (the caller prints them). */
    public int run(Invocation invocation) {
        return switch (invocation) {
            case Invocation.Legacy l -> legacy(l);
            case Invocation.Store st -> store(st.words());
            case Invocation.Push p -> push(p.files(), p.dryRun(), false);
            case Invocation.Diff d -> push(d.files(), true, true);
            case Invocation.Export e -> export();
            case Invocation.Usage u -> usage(u.object());
            case Invocation.Blocked b -> printJson(state().blocked());
            case Invocation.Unblock u -> unblock(u.object());
            case Invocation.Reset r -> reset(r.object(), r.policy());
            case Invocation.OverrideSet o -> overrideSet(o.object(), o.policy(), o.jailSpec());
            case Invocation.OverrideRemove o -> overrideRemove(o.object(), o.policy());
            case Invocation.OverrideList o ->
                printJson(state().overrides(o.object() == null ? null : object(o.object())));
            case Invocation.Monitor m -> monitor(m.policy(), m.lastSeconds(), m.table());
            case Invocation.Nothing n -> throw new IllegalStateException("handled by the caller");
            case Invocation.Help h -> throw new IllegalStateException("handled by the caller");
            case Invocation.Version v -> throw new IllegalStateException("handled by the caller");
            case Invocation.Lint l -> throw new IllegalStateException("handled by the caller");
            case Invocation.Fmt f -> throw new IllegalStateException("handled by the caller");
            case Invocation.Shell s -> throw new IllegalStateException("handled by the caller");
            case Invocation.Completion c -> throw new IllegalStateException("handled by the caller");
        };
    }

    /** A statement typed in the shell: added, or replacing the stored one with the same key. */
    private int store(List<String> words) {
        Statement st = Lang.parseWords(words);
        List<Diagnostic> errors = Lang.argumentErrors(words, config().read().statements());
        if (!errors.isEmpty()) {
            throw new DiagnosticsException(Lang.renderArguments(errors, words));
        }
        if (st instanceof MetadataStatement m) {
            String object = object(m.object().text());
            state().setMetadata(object, m.metadataKey().text(), m.value().text());
            io.out().println("metadata " + object + " " + m.metadataKey().text() + " set");
            return 0;
        }
        String text = Lang.print(st);
        boolean[] existed = {false};
        mutate("storing " + st.key(), s -> {
            existed[0] = s.statements().containsKey(st.key());
            return text.equals(s.statements().get(st.key())) ? List.of() : List.of(new Change.Put(st.key(), text));
        });
        io.out().println((existed[0] ? "replaced " : "added ") + st.key());
        return 0;
    }

    // ---------------------------------------------------------------- the original command line

    private int legacy(Invocation.Legacy l) {
        List<String> ops = l.operands();
        return switch (l.family()) {
            case POLICY -> policy(l.action(), ops);
            case GROUP -> members(l.action(), "group", ops, l.remove());
            case POOL -> members(l.action(), "pool", ops, l.remove());
            case ACTIONHEADERS -> actionHeaders(l.action(), ops, l.clear());
            case FEATURES -> features(l.action(), ops);
            case METADATA -> metadata(l.action(), ops);
            case SEARCH -> printJson(state().search(ops.getFirst()));
            case DEL_LOOKUP -> {
                long n = state().deleteMatching(ops.getFirst());
                io.out().println("deleted " + n + " key" + (n == 1 ? "" : "s"));
                yield 0;
            }
            case FLUSHDB -> flush(l.action() == Action.FORCE);
            case RESYNC -> {
                // Every themisd watches the configuration version (keyspace notification plus
                // polling), so there is nothing to trigger; answer with what is in effect.
                Snapshot s = config().read();
                io.out()
                        .println("configuration reloads by itself in every themisd (version " + s.version()
                                + "); --resync is kept for compatibility");
                yield 0;
            }
            case REMOTE -> {
                Path file = ConfigDiscovery.writeRemote(io, ops.getFirst());
                io.out().println("remote Redis recorded in " + file);
                yield 0;
            }
        };
    }

    private int policy(Action action, List<String> ops) {
        String name = ops.getFirst();
        switch (action) {
            case ADD -> {
                PolicyStatement p = parseAs(PolicyStatement.class, "policy", ops);
                String key = p.key();
                mutate("adding policy `" + name + "`", s -> {
                    if (s.statements().containsKey(key)) {
                        throw new UsageException(
                                "policy `" + name + "` already exists; change it with -m or delete it with -d",
                                "policy");
                    }
                    return List.of(new Change.Put(key, Lang.print(p)));
                });
                io.out().println("policy " + p.name().text() + " added");
            }
            case MODIFY -> {
                PolicyStatement changes = parseAs(PolicyStatement.class, "policy", ops);
                String key = changes.key();
                mutate("modifying policy `" + name + "`", s -> {
                    PolicyStatement stored = stored(s, key, PolicyStatement.class, "policy `" + name + "`", "-a");
                    return List.of(new Change.Put(key, Lang.print(merge(stored, changes))));
                });
                io.out().println("policy " + changes.name().text() + " modified");
            }
            case DELETE -> {
                String key = "policy:" + name;
                mutate("deleting policy `" + name + "`", s -> {
                    stored(s, key, PolicyStatement.class, "policy `" + name + "`", null);
                    List<Change> out = new ArrayList<>();
                    out.add(new Change.Delete(key));
                    for (String k : s.statements().keySet()) {
                        if (k.startsWith("actionheaders:" + name + ":")
                                && k.lastIndexOf(':') == ("actionheaders:" + name).length()) {
                            out.add(new Change.Delete(k));
                        }
                    }
                    return out;
                });
                io.out().println("policy " + name + " deleted");
            }
            case GET -> {
                PolicySet set = compiledStored();
                if (name.equalsIgnoreCase("all")) {
                    List<Object> all = new ArrayList<>();
                    for (Policy p : inEvaluationOrder(set)) {
                        all.add(policyJson(p));
                    }
                    return printJson(all);
                }
                Policy p = set.policy(name)
                        .orElseThrow(() -> new UsageException("policy `" + name + "` does not exist"
                                + suggest(
                                        name,
                                        set.policies().stream()
                                                .map(Policy::name)
                                                .toList())));
                return printJson(policyJson(p));
            }
            case FORCE -> throw new IllegalStateException();
        }
        return 0;
    }

    /** -m: the given attributes replace the stored ones of the same name; the rest stay. */
    static PolicyStatement merge(PolicyStatement stored, PolicyStatement changes) {
        List<Attribute> out = new ArrayList<>(stored.attributes());
        for (Attribute change : changes.attributes()) {
            boolean replaced = false;
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).name().text().equalsIgnoreCase(change.name().text())) {
                    out.set(i, change);
                    replaced = true;
                }
            }
            if (!replaced) {
                out.add(change);
            }
        }
        return new PolicyStatement(stored.name(), out, stored.span());
    }

    private int members(Action action, String kind, List<String> ops, boolean remove) {
        String name = ops.getFirst();
        boolean group = kind.equals("group");
        String key = kind + ":" + (group ? name.toLowerCase(Locale.ROOT) : name);
        String what = kind + " `" + name + "`";
        String itemWord = group ? "member" : "server";
        Class<? extends Statement> type = group ? GroupStatement.class : PoolStatement.class;
        switch (action) {
            case ADD -> {
                Statement st = parseAs(type, kind, ops);
                mutate("adding " + what, s -> {
                    if (s.statements().containsKey(st.key())) {
                        throw new UsageException(what + " already exists; add " + itemWord + "s with -m", kind);
                    }
                    return List.of(new Change.Put(st.key(), Lang.print(st)));
                });
                io.out().println(kind + " " + name + " added");
            }
            case MODIFY, DELETE -> {
                if (action == Action.DELETE && ops.size() == 1) {
                    mutate("deleting " + what, s -> {
                        stored(s, key, type, what, null);
                        List<String> users = group ? policiesUsingGroup(s, name) : poolUsers(s, name);
                        if (!users.isEmpty()) {
                            throw new UsageException(
                                    what + " is used by " + String.join(", ", users) + "; change or delete "
                                            + (users.size() == 1 ? "it" : "them") + " first",
                                    kind);
                        }
                        return List.of(new Change.Delete(key));
                    });
                    io.out().println(kind + " " + name + " deleted");
                    return 0;
                }
                boolean removing = remove || action == Action.DELETE;
                Statement given = parseAs(type, kind, ops);
                List<Word> items = group ? ((GroupStatement) given).members() : ((PoolStatement) given).servers();
                mutate((removing ? "removing " : "adding ") + itemWord + "s of " + what, s -> {
                    Statement stored = stored(s, key, type, what, "-a");
                    List<Word> current =
                            stored instanceof GroupStatement g ? g.members() : ((PoolStatement) stored).servers();
                    List<Word> next = new ArrayList<>(current);
                    for (Word w : items) {
                        boolean present = next.stream().anyMatch(c -> c.text().equalsIgnoreCase(w.text()));
                        if (removing) {
                            if (!present) {
                                throw new UsageException(
                                        "`" + w.text() + "` is not a " + itemWord + " of " + what, kind);
                            }
                            next.removeIf(c -> c.text().equalsIgnoreCase(w.text()));
                        } else if (!present) {
                            next.add(w);
                        }
                    }
                    if (next.isEmpty()) {
                        throw new UsageException(
                                what + " may not become empty; delete it instead: tmscli -d --" + kind + " " + name,
                                kind);
                    }
                    Statement updated = stored instanceof GroupStatement g
                            ? new GroupStatement(g.name(), next, g.span())
                            : new PoolStatement(((PoolStatement) stored).name(), next, stored.span());
                    return List.of(new Change.Put(key, Lang.print(updated)));
                });
                io.out().println(kind + " " + name + " modified");
            }
            case GET -> {
                Snapshot s = config().read();
                List<Statement> all = Lang.statements(s.statements());
                List<Object> out = new ArrayList<>();
                for (Statement st : all) {
                    if (st instanceof GroupStatement g && group) {
                        if (name.equalsIgnoreCase("all") || g.name().text().equalsIgnoreCase(name)) {
                            out.add(membersJson(
                                    "group",
                                    g.name().text(),
                                    g.members(),
                                    policiesUsingGroup(s, g.name().text())));
                        }
                    } else if (st instanceof PoolStatement p && !group) {
                        if (name.equalsIgnoreCase("all") || p.name().text().equals(name)) {
                            out.add(membersJson(
                                    "pool",
                                    p.name().text(),
                                    p.servers(),
                                    poolUsers(s, p.name().text())));
                        }
                    }
                }
                if (name.equalsIgnoreCase("all")) {
                    return printJson(out);
                }
                if (out.isEmpty()) {
                    throw new UsageException(what + " does not exist");
                }
                return printJson(out.getFirst());
            }
            case FORCE -> throw new IllegalStateException();
        }
        return 0;
    }

    private static Map<String, Object> membersJson(String kind, String name, List<Word> items, List<String> users) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put(
                kind.equals("group") ? "members" : "servers",
                items.stream().map(Word::text).toList());
        m.put(kind.equals("group") ? "usedBy" : "policies", users);
        return m;
    }

    /** Policies (as {@code policy `x`}) whose Source or Destination names the group. */
    private static List<String> policiesUsingGroup(Snapshot s, String group) {
        List<String> users = new ArrayList<>();
        for (Statement st : Lang.statements(s.statements())) {
            if (st instanceof PolicyStatement p) {
                for (Attribute a : p.attributes()) {
                    String n = a.name().text().toLowerCase(Locale.ROOT);
                    String v = a.value().text();
                    if ((n.equals("source") || n.equals("destination"))
                            && (v.startsWith("!") ? v.substring(1) : v).equalsIgnoreCase(group)) {
                        users.add("policy `" + p.name().text() + "`");
                        break;
                    }
                }
            }
        }
        return users;
    }

    /** Pool policies and pool feature namespaces of a pool. */
    private static List<String> poolUsers(Snapshot s, String pool) {
        List<String> users = new ArrayList<>();
        for (String k : s.statements().keySet()) {
            if (k.startsWith("policy:" + pool + ":")) {
                users.add("policy `" + k.substring("policy:".length()) + "`");
            }
        }
        boolean features = s.statements().keySet().stream().anyMatch(k -> k.startsWith("features:" + pool + ":"));
        if (features) {
            users.add("features namespace `" + pool + "`");
        }
        return users;
    }

    private int actionHeaders(Action action, List<String> ops, boolean clear) {
        String policy = ops.getFirst();
        switch (action) {
            case ADD, MODIFY -> {
                ActionHeadersStatement st = parseAs(ActionHeadersStatement.class, "actionheaders", ops);
                String what = "action header `" + st.matchHeader().text() + "` of policy `" + policy + "`";
                mutate((action == Action.ADD ? "adding " : "changing ") + what, s -> {
                    if (!s.statements().containsKey("policy:" + policy)) {
                        throw new UsageException(
                                "policy `" + policy + "` does not exist; add it first", "actionheaders");
                    }
                    boolean exists = s.statements().containsKey(st.key());
                    if (action == Action.ADD && exists) {
                        throw new UsageException(what + " already exists; replace it with -m", "actionheaders");
                    }
                    if (action == Action.MODIFY && !exists) {
                        throw new UsageException(what + " does not exist; add it with -a", "actionheaders");
                    }
                    return List.of(new Change.Put(st.key(), Lang.print(st)));
                });
                io.out().println(what + (action == Action.ADD ? " added" : " replaced"));
            }
            case DELETE -> {
                String prefix = "actionheaders:" + policy + ":";
                @Nullable String header = clear ? null : ops.get(1).toLowerCase(Locale.ROOT);
                int[] count = {0};
                mutate("deleting action headers of policy `" + policy + "`", s -> {
                    List<Change> out = new ArrayList<>();
                    for (String k : s.statements().keySet()) {
                        if (k.startsWith(prefix)
                                && k.lastIndexOf(':') == prefix.length() - 1
                                && (header == null || k.equals(prefix + header))) {
                            out.add(new Change.Delete(k));
                        }
                    }
                    if (out.isEmpty()) {
                        throw new UsageException(
                                header == null
                                        ? "policy `" + policy + "` has no action headers"
                                        : "policy `" + policy + "` has no action header `" + ops.get(1) + "`");
                    }
                    count[0] = out.size();
                    return out;
                });
                io.out()
                        .println("deleted " + count[0] + " action header" + (count[0] == 1 ? "" : "s") + " of policy "
                                + policy);
            }
            case GET -> {
                Snapshot s = config().read();
                List<Object> out = new ArrayList<>();
                for (Statement st : Lang.statements(s.statements())) {
                    if (st instanceof ActionHeadersStatement a
                            && (policy.equalsIgnoreCase("all")
                                    || a.policy().text().equals(policy))) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("policy", a.policy().text());
                        m.put("header", a.matchHeader().text());
                        m.put("regex", a.regex().text());
                        Map<String, Object> add = new LinkedHashMap<>();
                        a.newHeaders()
                                .forEach(h -> add.put(h.name().text(), h.value().text()));
                        m.put("add", add);
                        out.add(m);
                    }
                }
                return printJson(out);
            }
            case FORCE -> throw new IllegalStateException();
        }
        return 0;
    }

    private int features(Action action, List<String> ops) {
        String ns = ops.getFirst();
        switch (action) {
            case ADD, MODIFY -> {
                FeatureStatement st = parseAs(FeatureStatement.class, "features", ops);
                mutate("setting feature `" + st.feature().text() + "`", s -> {
                    if (!st.namespace().text().equals("global")
                            && !s.statements()
                                    .containsKey("pool:" + st.namespace().text())) {
                        throw new UsageException(
                                "features namespace `" + st.namespace().text()
                                        + "` is neither `global` nor a pool; add the pool first",
                                "features");
                    }
                    return List.of(new Change.Put(st.key(), Lang.print(st)));
                });
                io.out()
                        .println("feature " + st.namespace().text() + " "
                                + st.feature().text() + " set");
            }
            case DELETE -> {
                @Nullable String feature = ops.size() > 1 ? canonicalFeature(ops.get(1)) : null;
                int[] count = {0};
                mutate("resetting features of `" + ns + "`", s -> {
                    List<Change> out = new ArrayList<>();
                    for (String k : s.statements().keySet()) {
                        if (feature == null
                                ? k.startsWith("features:" + ns + ":")
                                : k.equals("features:" + ns + ":" + feature)) {
                            out.add(new Change.Delete(k));
                        }
                    }
                    if (out.isEmpty()) {
                        throw new UsageException(
                                feature == null
                                        ? "namespace `" + ns + "` has no features set"
                                        : "feature `" + feature + "` is not set in `" + ns + "` (it has its default)");
                    }
                    count[0] = out.size();
                    return out;
                });
                io.out()
                        .println(count[0] + " feature" + (count[0] == 1 ? "" : "s") + " of " + ns
                                + " back to the default");
            }
            case GET -> {
                if (ns.equalsIgnoreCase("list")) {
                    List<Object> out = new ArrayList<>();
                    for (Feature f : FeatureCatalog.all()) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("feature", f.key());
                        m.put("type", f.type().spelling());
                        m.put("default", f.defaultText());
                        m.put("description", f.description());
                        out.add(m);
                    }
                    return printJson(out);
                }
                PolicySet set = compiledStored();
                Features features;
                if (ns.equals("global")) {
                    features = set.globalFeatures();
                } else if (set.pools().containsKey(ns)) {
                    features = set.features(ns);
                } else {
                    throw new UsageException("features namespace `" + ns + "` is neither `global` nor a pool");
                }
                Map<String, Object> out = new LinkedHashMap<>();
                for (Feature f : FeatureCatalog.all()) {
                    if (ops.size() > 1 && !f.key().equalsIgnoreCase(ops.get(1))) {
                        continue;
                    }
                    out.put(f.key(), jsonValue(features.get(f)));
                }
                if (ops.size() > 1 && out.isEmpty()) {
                    throw new UsageException(
                            "unknown feature `" + ops.get(1) + "`"
                                    + suggest(
                                            ops.get(1),
                                            FeatureCatalog.all().stream()
                                                    .map(Feature::key)
                                                    .toList()),
                            "features");
                }
                return printJson(out);
            }
            case FORCE -> throw new IllegalStateException();
        }
        return 0;
    }

    private static String canonicalFeature(String key) {
        for (Feature f : FeatureCatalog.all()) {
            if (f.key().equalsIgnoreCase(key)) {
                return f.key();
            }
        }
        throw new UsageException(
                "unknown feature `" + key + "`"
                        + suggest(
                                key,
                                FeatureCatalog.all().stream().map(Feature::key).toList()),
                "features");
    }

    private int metadata(Action action, List<String> ops) {
        String first = ops.getFirst();
        if (action == Action.GET && first.equalsIgnoreCase("list")) {
            List<Object> out = new ArrayList<>();
            for (MetadataKey k : MetadataCatalog.all()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("key", k.key());
                m.put("type", k.type().spelling());
                m.put("writable", k.writable());
                m.put("description", k.description());
                out.add(m);
            }
            return printJson(out);
        }
        String object = object(first);
        switch (action) {
            case ADD, MODIFY -> {
                MetadataStatement st =
                        parseAs(MetadataStatement.class, "metadata", List.of(object, ops.get(1), ops.get(2)));
                state().setMetadata(object, st.metadataKey().text(), st.value().text());
                io.out().println("metadata " + object + " " + st.metadataKey().text() + " set");
            }
            case DELETE -> {
                @Nullable String key = ops.size() > 1 ? ops.get(1) : null;
                if (!state().deleteMetadata(object, key)) {
                    throw new UsageException(
                            key == null
                                    ? "object `" + object + "` has no metadata"
                                    : "object `" + object + "` has no metadata `" + key + "`");
                }
                io.out().println("metadata of " + object + (key == null ? "" : " " + key) + " deleted");
            }
            case GET -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("object", object);
                out.put("metadata", new TreeMap<>(state().metadata(object)));
                return printJson(out);
            }
            case FORCE -> throw new IllegalStateException();
        }
        return 0;
    }

    /** The bare object: accepts the original's full form {@code AI:metadata:OBJECT}. */
    static String object(String given) {
        String o = given.trim();
        int i = o.indexOf(":metadata:");
        if (i > 0 && o.substring(0, i).indexOf(':') < 0) {
            o = o.substring(i + ":metadata:".length());
        }
        try {
            // the engine's own spelling: lowercase, canonical IP address text
            return dev.themis.runtime.metadata.MetadataStore.normalizeObject(o);
        } catch (IllegalArgumentException e) {
            throw new UsageException("empty object in `" + given + "`");
        }
    }

    private int flush(boolean force) {
        if (!force) {
            io.out()
                    .print("Delete every Themis key in " + backend().describe()
                            + " (configuration, counters, metadata)? Other keys stay. [y/N] ");
            io.out().flush();
            String answer = io.readLine();
            if (answer == null
                    || !(answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"))) {
                io.out().println();
                io.err().println("tmscli: nothing deleted");
                return 1;
            }
        }
        int statements = config().read().statements().size();
        long n = state().flushThemis();
        io.out()
                .println("deleted the configuration (" + statements + " statement" + (statements == 1 ? "" : "s")
                        + ") and " + n + " other Themis key" + (n == 1 ? "" : "s"));
        return 0;
    }

    // ---------------------------------------------------------------- policies as code

    private int push(List<String> files, boolean dryRun, boolean diffOnly) {
        List<Statement> statements = new ArrayList<>();
        Map<String, String> texts = new LinkedHashMap<>();
        for (String f : files) {
            String text = read(Path.of(f));
            texts.put(f, text);
            statements.addAll(Lang.parseFile(new Source(f, text)));
        }
        Lang.Compiled compiled = Lang.compileStatements(statements, texts);
        List<Diagnostic> errors = compiled.errors();
        if (!errors.isEmpty()) {
            throw new DiagnosticsException(compiled.render(errors));
        }
        TreeMap<String, String> desired = new TreeMap<>();
        for (Statement st : statements) {
            desired.put(st.key(), Lang.print(st));
        }
        for (int attempt = 1; ; attempt++) {
            Snapshot s = config().read();
            List<Change> changes = ConfigPort.difference(s.statements(), desired);
            if (dryRun || changes.isEmpty()) {
                printChanges(s.statements(), changes);
                return diffOnly && !changes.isEmpty() ? 1 : 0;
            }
            try {
                long v = config().apply(s.version(), changes);
                printChanges(s.statements(), changes);
                if (!options.json()) {
                    io.out().println("configuration version " + v);
                }
                return 0;
            } catch (ConflictException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw conflict("pushing " + String.join(" ", files));
                }
            }
        }
    }

    private void printChanges(Map<String, String> before, List<Change> changes) {
        if (options.json()) {
            List<Object> added = new ArrayList<>();
            List<Object> removed = new ArrayList<>();
            List<Object> modified = new ArrayList<>();
            for (Change c : changes) {
                switch (c) {
                    case Change.Put p
                    when before.containsKey(p.key()) -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("key", p.key());
                        m.put("from", before.get(p.key()));
                        m.put("to", p.text());
                        modified.add(m);
                    }
                    case Change.Put p -> added.add(p.text());
                    case Change.Delete d -> removed.add(before.get(d.key()));
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("added", added);
            out.put("removed", removed);
            out.put("modified", modified);
            io.out().println(Json.compact(out));
            return;
        }
        if (changes.isEmpty()) {
            io.out().println("no changes");
            return;
        }
        for (Change c : changes) {
            switch (c) {
                case Change.Put p
                when before.containsKey(p.key()) -> {
                    io.out().println("~ " + p.text());
                    io.out().println("    was: " + before.get(p.key()));
                }
                case Change.Put p -> io.out().println("+ " + p.text());
                case Change.Delete d -> io.out().println("- " + before.get(d.key()));
            }
        }
    }

    private int export() {
        Snapshot s = config().read();
        List<Statement> all = Lang.statements(s.statements());
        if (all.size() != s.statements().size()) {
            Lang.Compiled c = Lang.compile(s.statements());
            throw new DiagnosticsException(
                    "the stored configuration has statements that do not parse:\n" + c.render(c.errors()));
        }
        io.out().print(Lang.print(exportOrder(all)));
        return 0;
    }

    /** Features, pools, groups, policies with their action headers, metadata; by name within. */
    static List<Statement> exportOrder(List<Statement> all) {
        List<Statement> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt((Statement st) -> switch (st) {
                    case FeatureStatement f -> 0;
                    case PoolStatement p -> 1;
                    case GroupStatement g -> 2;
                    case PolicyStatement p -> 3;
                    case ActionHeadersStatement a -> 4;
                    case MetadataStatement m -> 5;
                })
                .thenComparing(Statement::key));
        return sorted;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("no such file: " + file);
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- objects (issue 6)

    private int usage(String given) {
        String object = object(given);
        PolicySet set = compiledStored();
        long now = io.clock().millis();
        Set<JailBy> kinds = jailByKinds(object);
        Map<String, Map<String, Object>> overrides = new LinkedHashMap<>();
        try {
            for (Map<String, Object> o : state().overrides(object)) {
                overrides.put(String.valueOf(o.get("policy")), o);
            }
        } catch (UnsupportedOperationException e) {
            // overrides not provided by this runtime: report plain limits
        }
        List<Object> policies = new ArrayList<>();
        for (Policy p : inEvaluationOrder(set)) {
            if (!p.enabled() || p.type() != PolicyType.REGULAR || !kinds.contains(p.jailBy())) {
                continue;
            }
            Features f = set.features(p.pool());
            JailSpec spec = p.jailSpec();
            @Nullable
            Object override =
                    overrides.containsKey(p.name()) ? overrides.get(p.name()).get("JailSpec") : null;
            if (override != null) {
                spec = JailSpec.parse(String.valueOf(override)).orElse(spec);
            }
            List<Condition> conditions = spec.usesGlobalConditions() ? f.globalConditions() : spec.conditions();
            List<long[]> cs = conditions.stream()
                    .map(c -> new long[] {c.limit(), c.seconds()})
                    .toList();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("policy", p.name());
            m.put("JailBy", p.jailBy().spelling());
            m.put("JailAction", p.jailAction().spelling());
            m.put("JailSpec", spec.usesGlobalConditions() ? "0:0 (global_conditions)" : spec.spelling());
            if (override != null) {
                m.put("override", true);
            }
            m.put("conditions", state().usage(object, p.name(), cs, now));
            policies.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("object", object);
        out.put("now", Instant.ofEpochMilli(now).toString());
        out.put("policies", policies);
        out.put("metadata", new TreeMap<>(state().metadata(object)));
        return printJson(out);
    }

    /** Which JailBy kinds can produce this object. */
    static Set<JailBy> jailByKinds(String object) {
        if (object.matches("[0-9.]+") || object.contains(":") && object.matches("[0-9a-f:.]+")) {
            return Set.of(JailBy.SENDER_IP);
        }
        if (object.contains("@")) {
            return Set.of(JailBy.SASL_USERNAME, JailBy.SENDER, JailBy.SENDER_PLUS);
        }
        return Set.of(JailBy.SASL_USERNAME, JailBy.SENDER_PLUS, JailBy.SENDER_DOMAIN, JailBy.SENDER_DOMAIN_PLUS);
    }

    private int unblock(String given) {
        String object = object(given);
        boolean was = state().unblock(object);
        io.out().println(was ? object + " unblocked" : object + " was not blocked");
        return 0;
    }

    private int reset(String given, @Nullable String policy) {
        String object = object(given);
        if (policy != null) {
            PolicySet set = compiledStored();
            if (set.policy(policy).isEmpty()) {
                throw new UsageException("policy `" + policy + "` does not exist");
            }
        }
        long n = state().reset(object, policy);
        io.out()
                .println("counters of " + object + (policy == null ? "" : " for policy " + policy) + " reset (" + n
                        + " key" + (n == 1 ? "" : "s") + ")");
        return 0;
    }

    private int overrideSet(String given, String policy, String jailSpec) {
        String object = object(given);
        String problem = JailSpec.problem(jailSpec);
        if (problem != null) {
            throw new UsageException("bad JailSpec `" + jailSpec + "`: " + problem, "override");
        }
        PolicySet set = compiledStored();
        if (set.policy(policy).isEmpty()) {
            throw new UsageException("policy `" + policy + "` does not exist"
                    + suggest(policy, set.policies().stream().map(Policy::name).toList()));
        }
        state().setOverride(
                        object, policy, JailSpec.parse(jailSpec).orElseThrow().spelling());
        io.out().println(object + " has JailSpec " + jailSpec + " in policy " + policy);
        return 0;
    }

    private int overrideRemove(String given, String policy) {
        String object = object(given);
        if (!state().removeOverride(object, policy)) {
            throw new UsageException(object + " has no override in policy `" + policy + "`");
        }
        io.out().println("override of " + object + " in policy " + policy + " removed");
        return 0;
    }

    private int monitor(@Nullable String policy, long lastSeconds, boolean table) {
        if (policy != null) {
            PolicySet set = compiledStored();
            Policy p =
                    set.policy(policy).orElseThrow(() -> new UsageException("policy `" + policy + "` does not exist"));
            if (!p.requestsMon()) {
                io.err()
                        .println("tmscli: note: policy " + policy + " has RequestsMon FALSE, so nothing is recorded"
                                + " for it (tmscli -m --policy " + policy + " RequestsMon TRUE)");
            }
        }
        long to = io.clock().instant().getEpochSecond();
        long from = to - lastSeconds + 1;
        Map<Long, Long> series = state().series(policy, from, to);
        long total = 0;
        long peak = 0;
        List<Object> points = new ArrayList<>();
        for (long t = from; t <= to; t++) {
            long n = series.getOrDefault(t, 0L);
            total += n;
            peak = Math.max(peak, n);
            Map<String, Object> pt = new LinkedHashMap<>();
            pt.put("time", Instant.ofEpochSecond(t).toString());
            pt.put("messages", n);
            points.add(pt);
        }
        if (table) {
            io.out().printf(Locale.ROOT, "%-22s %s%n", "time (UTC)", "messages");
            for (long t = from; t <= to; t++) {
                io.out().printf(Locale.ROOT, "%-22s %d%n", Instant.ofEpochSecond(t), series.getOrDefault(t, 0L));
            }
            io.out()
                    .printf(
                            Locale.ROOT,
                            "total %d in %d s, peak %d/s, average %.2f/s%n",
                            total,
                            lastSeconds,
                            peak,
                            (double) total / lastSeconds);
            return 0;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("policy", policy);
        out.put("from", Instant.ofEpochSecond(from).toString());
        out.put("to", Instant.ofEpochSecond(to).toString());
        out.put("total", total);
        out.put("peak", peak);
        out.put("series", points);
        return printJson(out);
    }

    // ---------------------------------------------------------------- helpers

    private <T extends Statement> T parseAs(Class<T> type, String keyword, List<String> operands) {
        List<String> words = new ArrayList<>();
        words.add(keyword);
        words.addAll(operands);
        Statement st = Lang.parseWords(words);
        List<Diagnostic> errors = Lang.argumentErrors(words, config().read().statements());
        if (!errors.isEmpty()) {
            throw new DiagnosticsException(Lang.renderArguments(errors, words));
        }
        if (!type.isInstance(st)) {
            throw new IllegalStateException("parsed a " + st.keyword() + " statement for " + keyword);
        }
        return type.cast(st);
    }

    private static <T extends Statement> T stored(
            Snapshot s, String key, Class<T> type, String what, @Nullable String howToAdd) {
        String text = s.statements().get(key);
        if (text == null) {
            String hint = howToAdd == null ? "" : "; add it with " + howToAdd;
            List<String> names = s.statements().keySet().stream()
                    .filter(k -> k.startsWith(key.substring(0, key.indexOf(':') + 1)))
                    .map(k -> k.substring(k.indexOf(':') + 1))
                    .toList();
            String name = key.substring(key.indexOf(':') + 1);
            String mean = suggest(name, names);
            throw new UsageException(what + " does not exist" + (mean.isEmpty() ? hint : mean));
        }
        Statement st = Lang.parse(new Source(key, text));
        if (!type.isInstance(st)) {
            throw new IllegalStateException("stored " + key + " is not a " + type.getSimpleName());
        }
        return type.cast(st);
    }

    private static String suggest(String name, List<String> candidates) {
        return dev.themis.tmscli.cli.Suggest.closest(name, candidates)
                .map(c -> "; did you mean `" + c + "`?")
                .orElse("");
    }

    private void mutate(String what, Function<Snapshot, List<Change>> plan) {
        for (int attempt = 1; ; attempt++) {
            Snapshot s = config().read();
            List<Change> changes = plan.apply(s);
            if (changes.isEmpty()) {
                return;
            }
            validate(s, changes);
            if (attempt == 1) {
                pauseForRaceTests();
            }
            try {
                config().apply(s.version(), changes);
                return;
            } catch (ConflictException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw conflict(what);
                }
                if (options.debug()) {
                    io.err().println("tmscli: the configuration changed while " + what + "; reading it again");
                }
            }
        }
    }

    /**
     * Tests that race two real processes widen the window between read and write with the system
     * property {@code tmscli.test.pauseBeforeWriteMillis}, so that both read the same version.
     */
    private static void pauseForRaceTests() {
        String pause = System.getProperty("tmscli.test.pauseBeforeWriteMillis");
        if (pause != null) {
            try {
                Thread.sleep(Long.parseLong(pause));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static ConflictException conflict(String what) {
        return new ConflictException("conflict: the configuration kept changing while " + what + " (" + MAX_ATTEMPTS
                + " attempts); nothing was written, try again");
    }

    /** Refuses changes that would leave a configuration with (new) errors. */
    private static void validate(Snapshot s, List<Change> changes) {
        List<Change> puts =
                changes.stream().filter(c -> c instanceof Change.Put).toList();
        Map<String, String> names = puts.size() == 1 ? Map.of(puts.getFirst().key(), Lang.COMMAND_LINE) : Map.of();
        Lang.Compiled after = Lang.compile(s.after(changes), names);
        List<Diagnostic> errors = after.errors();
        if (errors.isEmpty()) {
            return;
        }
        Lang.Compiled before = Lang.compile(s.statements());
        Set<String> old = new LinkedHashSet<>();
        for (Diagnostic d : before.errors()) {
            old.add(d.code() + " " + d.span().source() + " " + d.message());
        }
        List<Diagnostic> fresh = errors.stream()
                .filter(d -> d.span().source().equals(Lang.COMMAND_LINE)
                        || !old.contains(d.code() + " " + d.span().source() + " " + d.message()))
                .toList();
        if (!fresh.isEmpty()) {
            throw new DiagnosticsException(after.render(fresh));
        }
    }

    private PolicySet compiledStored() {
        Snapshot s = config().read();
        Lang.Compiled c = Lang.compile(s.statements());
        return c.policySet()
                .orElseThrow(() -> new DiagnosticsException(
                        "the stored configuration does not compile:\n" + c.render(c.errors())));
    }

    private static List<Policy> inEvaluationOrder(PolicySet set) {
        List<Policy> out = new ArrayList<>(set.policies());
        out.sort(Comparator.comparing((Policy p) -> p.pool() == null ? "" : p.pool())
                .thenComparing(PolicySet.ORDER));
        return out;
    }

    static Map<String, Object> policyJson(Policy p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("pool", p.pool());
        m.put("Source", p.source().spelling());
        m.put("Destination", p.destination().spelling());
        m.put("Enable", p.enabled());
        m.put("Type", p.type().spelling());
        m.put("Priority", p.priority());
        m.put("JailBy", p.jailBy().spelling());
        m.put("JailSpec", p.jailSpec().spelling());
        m.put("JailAction", p.jailAction().spelling());
        m.put("ReplyData", p.replyData());
        m.put("CountRCPT", p.countRcpt());
        m.put("StopHere", p.stopHere());
        m.put("RequestsMon", p.requestsMon());
        m.put("OnlyHeaders", p.onlyHeaders());
        m.put("SPF", p.spf());
        m.put("SubjectProbation", p.subjectProbation());
        m.put("IpProbation", p.ipProbation());
        m.put("BlockProbation", p.blockProbation());
        m.put("CountSentProbation", p.countSentProbation());
        List<Object> headers = new ArrayList<>();
        for (ActionHeader h : p.actionHeaders()) {
            Map<String, Object> hm = new LinkedHashMap<>();
            hm.put("header", h.matchHeader());
            hm.put("regex", h.regex());
            Map<String, Object> add = new LinkedHashMap<>();
            for (NewHeader n : h.newHeaders()) {
                add.put(n.name(), n.value());
            }
            hm.put("add", add);
            headers.add(hm);
        }
        m.put("ActionHeaders", headers);
        return m;
    }

    private static @Nullable Object jsonValue(@Nullable Object v) {
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object o : list) {
                out.add(o instanceof Condition c ? List.of(c.limit(), c.seconds()) : jsonValue(o));
            }
            return out;
        }
        if (v instanceof Number || v instanceof Boolean || v instanceof String || v == null) {
            return v;
        }
        return v.toString();
    }

    private int printJson(@Nullable Object value) {
        io.out().println(Json.render(value, options.json()));
        return 0;
    }

    /** For tests and the shell: the names stored now, by kind (policy, group, pool). */
    public SortedMap<String, List<String>> names() {
        SortedMap<String, List<String>> out = new TreeMap<>();
        for (String k : config().read().statements().keySet()) {
            int i = k.indexOf(':');
            out.computeIfAbsent(k.substring(0, i), x -> new ArrayList<>()).add(k.substring(i + 1));
        }
        return out;
    }
}

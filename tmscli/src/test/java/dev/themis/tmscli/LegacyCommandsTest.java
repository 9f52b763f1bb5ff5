package dev.themis.tmscli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The original command forms against an in-memory store: what an administrator sees. */
class LegacyCommandsTest {
    @TempDir
    Path home;

    final InMemoryBackend store = new InMemoryBackend();

    Run tms(String... args) {
        return Run.of(store, home, args);
    }

    @Test
    void addsThePolicyOfTheGettingStartedGuideAsAStatement() {
        Run r = tms("-a", "--policy", "default", "Source", "any", "Destination", "any");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(store.statements).containsEntry("policy:default", "policy default Source any Destination any");
    }

    @Test
    void getPrintsIndentedJsonWithDefaultsAndCompactWithJson() {
        tms("-a", "--policy", "default", "Source", "any", "Destination", "any");

        Run pretty = tms("-g", "--policy", "default");
        Run compact = tms("-g", "--policy", "default", "--json");

        assertThat(pretty.status()).as(pretty.err()).isZero();
        assertThat(pretty.out()).contains("\n  \"JailSpec\": \"0:0\",\n").contains("\"Priority\": 5");
        assertThat(compact.out().strip()).doesNotContain("\n").contains("\"JailBy\":\"Sender+\"");
    }

    @Test
    void getAllListsEveryPolicyInPriorityOrder() {
        tms("-a", "--policy", "late", "Source", "any", "Destination", "any", "Priority", "9");
        tms("-a", "--policy", "early", "Source", "any", "Destination", "any", "Priority", "1");

        Run r = tms("-g", "--policy", "all", "--json");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().indexOf("\"early\""))
                .isLessThan(r.out().indexOf("\"late\""))
                .isPositive();
    }

    @Test
    void addingAnExistingPolicyIsRefused() {
        tms("-a", "--policy", "default", "Source", "any", "Destination", "any");

        Run r = tms("-a", "--policy", "default", "Source", "any", "Destination", "any", "Priority", "1");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("policy `default` already exists; change it with -m");
        assertThat(store.statements).containsEntry("policy:default", "policy default Source any Destination any");
    }

    @Test
    void modifyMergesAttributesIntoTheStoredStatement() {
        tms("-a", "--policy", "p", "Source", "any", "Destination", "any", "JailSpec", "5:60");

        Run r = tms("-m", "--policy", "p", "jailaction", "block", "JailSpec", "10:60");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(store.statements.get("policy:p"))
                .isEqualTo("policy p Source any Destination any JailSpec 10:60 JailAction block");
    }

    @Test
    void aConcurrentChangeIsReadAgainAndBothChangesLand() {
        tms("-a", "--policy", "p", "Source", "any", "Destination", "any");
        store.beforeNextApply = s -> {
            s.statements.put("policy:p", "policy p Source any Destination any Priority 3");
            s.version++;
        };

        Run r = tms("-m", "--policy", "p", "JailSpec", "10:60");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(store.conflicts).isEqualTo(1);
        assertThat(store.statements.get("policy:p")).contains("Priority 3").contains("JailSpec 10:60");
    }

    @Test
    void aBadAttributeGivesTheCompilerDiagnosticAndWritesNothing() {
        Run r = tms("-a", "--policy", "p", "Source", "any", "Destination", "any", "JailBySpec", "Sender");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("TMS").contains("JailBySpec").contains("did you mean");
        assertThat(store.statements).isEmpty();
    }

    @Test
    void aPolicyOnAnUnknownGroupIsRefused() {
        Run r = tms("-a", "--policy", "p", "Source", "nosuchgroup", "Destination", "any");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("nosuchgroup");
        assertThat(store.statements).isEmpty();
        assertThat(store.applies).isZero();
    }

    @Test
    void groupsTakeMembersAsOneQuotedArgumentOrSeveral() {
        assertThat(tms("-a", "--group", "internal", "@a.example 10.0.0.0/8").status())
                .isZero();
        assertThat(tms("-a", "--group", "other", "@b.example", "192.0.2.1").status())
                .isZero();
        assertThat(tms("-m", "--group", "internal", "@c.example").status()).isZero();

        Run r = tms("-g", "--group", "internal", "--json");

        assertThat(r.out()).contains("\"members\":[\"@a.example\",\"10.0.0.0/8\",\"@c.example\"]");
    }

    @Test
    void aGroupInUseCannotBeDeletedAndTheMessageNamesThePolicy() {
        tms("-a", "--group", "internal", "@a.example");
        tms("-a", "--policy", "out", "Source", "internal", "Destination", "!internal");

        Run r = tms("-d", "--group", "internal");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("group `internal` is used by policy `out`");
        assertThat(store.statements).containsKey("group:internal");
    }

    @Test
    void aGroupMayNotBecomeEmpty() {
        tms("-a", "--group", "g", "@a.example 192.0.2.1");
        assertThat(tms("-m", "--group", "g", "192.0.2.1", "--remove").status()).isZero();

        Run r = tms("-m", "--group", "g", "@a.example", "--remove");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("may not become empty; delete it instead");
        assertThat(store.statements.get("group:g")).isEqualTo("group g @a.example");
    }

    @Test
    void deletingAPolicyRemovesItsActionHeaders() {
        tms("-a", "--policy", "p", "Source", "any", "Destination", "any");
        Run add = tms("-a", "--actionheaders", "p", "Subject", "(?i)^buy now", "X-Spam", "YES");
        assertThat(add.status()).as(add.err()).isZero();

        assertThat(tms("-d", "--policy", "p").status()).isZero();

        assertThat(store.statements).isEmpty();
    }

    @Test
    void featuresAreSetReadAndListed() {
        Run set = tms("-a", "--features", "global", "global_custom_block", "10");
        assertThat(set.status()).as(set.err()).isZero();

        Run get = tms("-g", "--features", "global", "--json");
        Run list = tms("-g", "--features", "list");

        assertThat(get.out()).contains("\"global_custom_block\":10");
        assertThat(list.out()).contains("\"feature\": \"global_conditions\"").contains("\"type\": \"conditions\"");
    }

    @Test
    void metadataAcceptsTheOriginalsFullKeyForm() {
        Run r = tms("-m", "--metadata", "AI:metadata:User@Example.com", "manual_block", "TRUE");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(store.metadata).containsKey("user@example.com");
        assertThat(tms("-g", "--metadata", "user@example.com", "--json").out()).contains("\"manual_block\":\"TRUE\"");
    }

    @Test
    void usageErrorsExitTwoWithOneMessage() {
        Run noAction = tms("--policy", "x");
        Run typo = tms("-a", "--polcy", "x");
        Run wrongAction = tms("-m", "--search", "x");

        assertThat(noAction.status()).isEqualTo(2);
        assertThat(noAction.err()).startsWith("tmscli: missing action");
        assertThat(typo.err()).contains("did you mean `--policy`?");
        assertThat(wrongAction.err()).contains("-m does not apply to --search");
    }

    @Test
    void flushdbAsksAndANoDeletesNothing() {
        tms("-a", "--policy", "p", "Source", "any", "Destination", "any");

        Run no = Run.of(s -> store, home, java.util.Map.of(), "n\n", java.util.List.of("-d", "--flushdb"));
        assertThat(no.status()).isEqualTo(1);
        assertThat(store.statements).isNotEmpty();

        Run yes = Run.of(s -> store, home, java.util.Map.of(), "y\n", java.util.List.of("-d", "--flushdb"));
        assertThat(yes.status()).isZero();
        assertThat(store.statements).isEmpty();
    }
}

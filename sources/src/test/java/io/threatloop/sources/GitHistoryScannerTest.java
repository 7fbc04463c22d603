package io.threatloop.sources;

import io.threatloop.contracts.observation.ModelFileObserved;
import io.threatloop.contracts.observation.ScanFailed;
import io.threatloop.contracts.observation.SpecObserved;
import io.threatloop.contracts.observation.SpecRemoved;
import io.threatloop.contracts.surface.SurfaceChange;
import io.threatloop.runtime.GitRepository;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Commits of a real git repository become observations, compared with what was seen before. */
class GitHistoryScannerTest {

    static final String SPEC = """
            openapi: 3.0.3
            info: {title: Accounts, version: "%s"}
            components: {securitySchemes: {bearer: {type: http, scheme: bearer}}}
            paths:
              /accounts/{id}:
                get:
                  security: [%s]
                  responses: {"200": {description: ok}}
            """;

    @TempDir
    Path dir;

    private GitRepository repo;
    private Git git;
    private final SourceState state = new SourceState();

    @BeforeEach
    void createRepository() throws Exception {
        repo = GitRepository.init(dir.resolve("repo"));
        git = Git.open(dir.resolve("repo").toFile());
    }

    @AfterEach
    void close() {
        git.close();
        repo.close();
    }

    /** Scans every commit not scanned yet and returns their observations. */
    private List<SourceObservation> scanNew() throws Exception {
        GitHistoryScanner scanner = new GitHistoryScanner(git.getRepository(), repo.url(), "accounts");
        var head = git.getRepository().resolve("refs/heads/main");
        var since = state.lastCommit() == null ? null : git.getRepository().resolve(state.lastCommit());
        List<SourceObservation> all = new ArrayList<>();
        for (RevCommit commit : scanner.commitsAfter(since, head)) {
            all.addAll(scanner.scan(commit, state));
        }
        return all;
    }

    @Test
    void aNewSpecIsObservedWithItsProvenanceAndNoDiff() throws Exception {
        repo.commit("README.md", "hello", "docs");
        String commit = repo.commit("api/openapi.yaml", SPEC.formatted("1", "{bearer: []}"), "add spec");

        assertThat(scanNew()).singleElement().satisfies(o -> {
            SpecObserved spec = (SpecObserved) o.event();
            assertThat(spec.applicationId()).isEqualTo("accounts");
            assertThat(spec.source().revision()).isEqualTo(commit);
            assertThat(spec.source().path()).isEqualTo("api/openapi.yaml");
            assertThat(spec.source().author()).isEqualTo("demo@threatloop.invalid");
            assertThat(spec.surface().operations()).hasSize(1);
            assertThat(spec.changes()).isEmpty();
        });
    }

    @Test
    void theModelFileIsObservedWhenValidAndReportedWithTheFieldAtFaultWhenNot() throws Exception {
        String valid = repo.commit("threatmodel.yaml", "threatmodel: 1\nowner: {team: payments}\n", "model file");
        assertThat(scanNew()).singleElement().satisfies(o -> {
            ModelFileObserved observed = (ModelFileObserved) o.event();
            assertThat(observed.file().ownerTeam()).isEqualTo("payments");
            assertThat(observed.source().revision()).isEqualTo(valid);
        });

        repo.commit("threatmodel.yaml", "threatmodel: 1\nobjectives: {integrity: extreme}\n", "typo");
        assertThat(scanNew()).singleElement().satisfies(o -> assertThat(((ScanFailed) o.event()).reason())
                .contains("objectives.integrity: must be low, medium or high"));
    }

    @Test
    void aCommitThatOnlyBumpsTheVersionIsNoObservation() throws Exception {
        repo.commit("openapi.yaml", SPEC.formatted("1", "{bearer: []}"), "v1");
        scanNew();
        repo.commit("openapi.yaml", SPEC.formatted("2", "{bearer: []}"), "release 2");
        assertThat(scanNew()).isEmpty();
    }

    @Test
    void droppingAuthenticationIsObservedWithTheSecurityChange() throws Exception {
        repo.commit("openapi.yaml", SPEC.formatted("1", "{bearer: []}"), "v1");
        scanNew();
        repo.commit("openapi.yaml", SPEC.formatted("1", ""), "refactor");
        assertThat(scanNew()).singleElement().satisfies(o -> assertThat(((SpecObserved) o.event()).changes())
                .extracting(SurfaceChange::kind).containsExactly("SECURITY_REMOVED"));
    }

    @Test
    void aBrokenSpecIsAScanFailureAndTheFixIsDiffedAgainstTheLastGoodOne() throws Exception {
        repo.commit("openapi.yaml", SPEC.formatted("1", "{bearer: []}"), "v1");
        repo.commit("openapi.yaml", "openapi: 3.0.3\ninfo: {title: [\n", "broken");
        repo.commit("openapi.yaml", SPEC.formatted("1", ""), "fixed, without security");

        List<SourceObservation> observations = scanNew();

        assertThat(observations).extracting(o -> o.event().getClass().getSimpleName())
                .containsExactly("SpecObserved", "ScanFailed", "SpecObserved");
        ScanFailed failed = (ScanFailed) observations.get(1).event();
        assertThat(failed.reason()).startsWith("invalid YAML/JSON");
        assertThat(failed.location()).startsWith("openapi.yaml:");
        assertThat(((SpecObserved) observations.get(2).event()).changes()).extracting(SurfaceChange::kind)
                .containsExactly("SECURITY_REMOVED");
    }

    @Test
    void aBrokenSpecDoesNotHideTheOtherSpecsOfTheSameCommit() throws Exception {
        repo.commit(java.util.Map.of("billing/openapi.yaml", "openapi: 3.0.3\ninfo: {title: [\n",
                "accounts/openapi.yaml", SPEC.formatted("1", "{bearer: []}")), "one good, one broken spec");
        assertThat(scanNew()).extracting(o -> o.path() + " " + o.event().getClass().getSimpleName())
                .containsExactly("accounts/openapi.yaml SpecObserved", "billing/openapi.yaml ScanFailed");
    }

    @Test
    void deletingASpecIsASpecRemoval() throws Exception {
        repo.commit("openapi.yaml", SPEC.formatted("1", "{bearer: []}"), "v1");
        scanNew();
        repo.delete("openapi.yaml", "remove spec");
        assertThat(scanNew()).singleElement().satisfies(o -> assertThat(o.event()).isInstanceOf(SpecRemoved.class));
    }

    @Test
    void aChangeInAReferencedFileIsAChangeOfTheSpec() throws Exception {
        repo.commit("spec/paths/account.yaml", "get:\n  security: [{bearer: []}]\n  responses: {'200': {description: ok}}\n",
                "path item");
        repo.commit("spec/Service.v2.yaml", """
                openapi: 3.0.3
                info: {title: Accounts, version: '1'}
                components: {securitySchemes: {bearer: {type: http, scheme: bearer}}}
                paths:
                  /accounts/{id}: {$ref: 'paths/account.yaml'}
                """, "root, found by its content");
        assertThat(scanNew()).singleElement().satisfies(o -> assertThat(o.path()).isEqualTo("spec/Service.v2.yaml"));

        repo.commit("spec/paths/account.yaml", "get:\n  responses: {'200': {description: ok}}\n", "drop auth");
        assertThat(scanNew()).singleElement().satisfies(o -> {
            assertThat(o.path()).isEqualTo("spec/Service.v2.yaml");
            assertThat(((SpecObserved) o.event()).changes()).extracting(SurfaceChange::kind)
                    .containsExactly("SECURITY_REMOVED");
        });
    }

    @Test
    void aRestoredStateReadsEachSpecAgainAtTheCommitOfItsLastGoodSurface() throws Exception {
        String good = repo.commit("openapi.yaml", SPEC.formatted("1", "{bearer: []}"), "v1");
        repo.commit("spec/paths/account.yaml", "get:\n  security: [{bearer: []}]\n  responses: {'200': {description: ok}}\n",
                "path item");
        String split = repo.commit("spec/openapi.yaml", """
                openapi: 3.0.3
                info: {title: Split, version: '1'}
                components: {securitySchemes: {bearer: {type: http, scheme: bearer}}}
                paths:
                  /accounts/{id}: {$ref: 'paths/account.yaml'}
                """, "a spec over two files");
        String broken = repo.commit("openapi.yaml", "openapi: 3.0.3\ninfo: {title: [\n", "broken");
        scanNew();
        assertThat(state.lastCommit()).isEqualTo(broken);
        assertThat(state.readAt()).containsExactly(java.util.Map.entry("openapi.yaml", good),
                java.util.Map.entry("spec/openapi.yaml", split));

        GitHistoryScanner scanner = new GitHistoryScanner(git.getRepository(), repo.url(), "accounts");
        SourceState restored = scanner.restore(state.lastCommit(), state.readAt());

        assertThat(restored.lastCommit()).isEqualTo(broken);
        assertThat(restored.readAt()).isEqualTo(state.readAt());
        assertThat(restored.specs()).isEqualTo(state.specs());
        assertThat(restored.specs().get("spec/openapi.yaml").files())
                .containsExactly("spec/openapi.yaml", "spec/paths/account.yaml");

        // what the restored state is for: the fix is diffed against the last good surface, and a
        // change of the referenced file alone is a change of its spec
        String fixed = repo.commit(java.util.Map.of("openapi.yaml", SPEC.formatted("1", ""),
                "spec/paths/account.yaml", "get:\n  responses: {'200': {description: ok}}\n"), "fixed, both without auth");
        RevCommit commit = git.getRepository().parseCommit(git.getRepository().resolve(fixed));
        assertThat(scanner.scan(commit, restored)).extracting(o -> o.path() + " "
                        + ((SpecObserved) o.event()).changes().stream().map(SurfaceChange::kind).toList())
                .containsExactly("openapi.yaml [SECURITY_REMOVED]", "spec/openapi.yaml [SECURITY_REMOVED]");
    }

    @Test
    void aSpecWhoseCommitIsGoneIsLeftOutOfTheRestoredState() throws Exception {
        String good = repo.commit("openapi.yaml", SPEC.formatted("1", "{bearer: []}"), "v1");
        GitHistoryScanner scanner = new GitHistoryScanner(git.getRepository(), repo.url(), "accounts");

        SourceState restored = scanner.restore(good, java.util.Map.of("openapi.yaml", good,
                "gone.yaml", good, "rewritten.yaml", "0123456789abcdef0123456789abcdef01234567"));

        assertThat(restored.specs()).containsOnlyKeys("openapi.yaml");
        assertThat(restored.readAt()).containsOnlyKeys("openapi.yaml");
    }

    @Test
    void aToolConfigurationNamedLikeASpecIsIgnored() throws Exception {
        repo.commit("openapitools.json", "{\"generator-cli\": {\"version\": \"7.0.0\"}}", "generator config");
        assertThat(scanNew()).isEmpty();
    }

    @Test
    void aSourceScannedFromALaterCommitStartsFromThatCommitsWholeTree() throws Exception {
        repo.commit("openapi.yaml", SPEC.formatted("1", "{bearer: []}"), "v1");
        String second = repo.commit("README.md", "docs", "docs only");
        GitHistoryScanner scanner = new GitHistoryScanner(git.getRepository(), repo.url(), "accounts");
        RevCommit from = git.getRepository().parseCommit(git.getRepository().resolve(second));

        assertThat(scanner.scan(from, new SourceState())).singleElement()
                .satisfies(o -> assertThat(o.event()).isInstanceOf(SpecObserved.class));
    }

    @Test
    void credentialsNeverLeaveTheUrl() {
        assertThat(RepositoryUrls.withoutCredentials("https://bot:s3cret@git.example.com/team/accounts.git"))
                .isEqualTo("https://git.example.com/team/accounts.git");
        assertThat(RepositoryUrls.nameOf("https://git.example.com/team/accounts.git/")).isEqualTo("accounts");
    }
}

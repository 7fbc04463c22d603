package io.threatloop.scanner.git;

import io.threatloop.contracts.observation.ScanFailed;
import io.threatloop.contracts.observation.SpecObserved;
import io.threatloop.contracts.observation.SpecRemoved;
import io.threatloop.testsupport.GitRepository;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Commits of a real git repository become observations. */
class CommitScannerTest {

    static final String SPEC = """
            openapi: 3.0.3
            info: {title: Accounts, version: "1.0"}
            paths:
              /accounts/{id}:
                get:
                  responses: {"200": {description: ok}}
            """;

    @TempDir
    Path dir;

    private List<SourceObservation> scan(GitRepository repo, String commitId) throws Exception {
        try (Git git = Git.open(repo.dir().toFile()); RevWalk walk = new RevWalk(git.getRepository())) {
            RevCommit commit = walk.parseCommit(git.getRepository().resolve(commitId));
            return new CommitScanner().scan(git.getRepository(), commit, repo.url(), "accounts");
        }
    }

    @Test
    void aCommitThatAddsASpecIsObservedWithItsProvenance() throws Exception {
        try (GitRepository repo = GitRepository.init(dir.resolve("repo"))) {
            repo.commit("README.md", "hello", "docs");
            String commit = repo.commit("api/openapi.yaml", SPEC, "add spec");

            List<SourceObservation> observations = scan(repo, commit);

            assertThat(observations).singleElement().satisfies(o -> {
                assertThat(o.event()).isInstanceOf(SpecObserved.class);
                SpecObserved spec = (SpecObserved) o.event();
                assertThat(spec.applicationId()).isEqualTo("accounts");
                assertThat(spec.source().revision()).isEqualTo(commit);
                assertThat(spec.source().path()).isEqualTo("api/openapi.yaml");
                assertThat(spec.source().author()).isEqualTo("demo@threatloop.invalid");
                assertThat(spec.surface().operations()).hasSize(1);
            });
        }
    }

    @Test
    void invalidYamlIsAScanFailureWithTheLocation() throws Exception {
        try (GitRepository repo = GitRepository.init(dir.resolve("repo"))) {
            repo.commit("openapi.yaml", SPEC, "add spec");
            String broken = repo.commit("openapi.yaml", "openapi: 3.0.3\ninfo: {title: [\n", "break it");

            assertThat(scan(repo, broken)).singleElement().satisfies(o -> {
                ScanFailed failed = (ScanFailed) o.event();
                assertThat(failed.reason()).startsWith("invalid YAML/JSON");
                assertThat(failed.location()).startsWith("openapi.yaml:");
                assertThat(failed.source().revision()).isEqualTo(broken);
            });
        }
    }

    @Test
    void deletingASpecIsASpecRemoval() throws Exception {
        try (GitRepository repo = GitRepository.init(dir.resolve("repo"))) {
            repo.commit("openapi.yaml", SPEC, "add spec");
            String deleted = repo.delete("openapi.yaml", "remove spec");
            assertThat(scan(repo, deleted)).singleElement()
                    .satisfies(o -> assertThat(o.event()).isInstanceOf(SpecRemoved.class));
        }
    }

    @Test
    void credentialsNeverLeaveTheUrl() {
        assertThat(RepositoryUrls.withoutCredentials("https://bot:s3cret@git.example.com/team/accounts.git"))
                .isEqualTo("https://git.example.com/team/accounts.git");
        assertThat(RepositoryUrls.nameOf("https://git.example.com/team/accounts.git/")).isEqualTo("accounts");
    }
}

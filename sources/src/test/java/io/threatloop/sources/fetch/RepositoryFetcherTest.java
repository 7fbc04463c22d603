package io.threatloop.sources.fetch;

import io.threatloop.runtime.GitRepository;
import io.threatloop.testsupport.HttpsGitServer;
import io.threatloop.testsupport.SshGitServer;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.TransportException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fetching over real https (token) and ssh (key, pinned host key) servers, and what is refused. */
class RepositoryFetcherTest {

    static final String TOKEN = "glpat-test-0123456789";

    @TempDir
    static Path dir;

    static GitRepository origin;
    static String firstCommit;
    static HttpsGitServer https;
    static HttpsGitServer redirect;
    static SshGitServer ssh;

    @BeforeAll
    static void servers() throws Exception {
        origin = GitRepository.init(dir.resolve("origin"));
        firstCommit = origin.commit("openapi.yaml", "openapi: 3.0.3\n", "first");
        https = HttpsGitServer.start(origin.dir(), TOKEN, dir.resolve("https"));
        ssh = SshGitServer.start(origin.dir(), dir.resolve("ssh"));
        redirect = HttpsGitServer.redirecting(https.url(), dir.resolve("redirect"));
        Path bundle = dir.resolve("trusted.pem");
        Files.writeString(bundle, Files.readString(https.caCertificate()) + Files.readString(redirect.caCertificate()));
        TrustedCertificates.trustAlso(bundle);
    }

    @AfterAll
    static void stop() throws Exception {
        https.close();
        redirect.close();
        ssh.close();
        origin.close();
    }

    @Test
    void fetchesOverHttpsWithTheTokenAndThenOnlyWhatIsNew() throws Exception {
        Path clone = dir.resolve("clones/https.git");
        try (Git git = RepositoryFetcher.fetch(clone, https.url(), "main",
                new GitCredentials.Token("x-access-token", TOKEN))) {
            assertThat(git.getRepository().resolve("refs/heads/main").name()).isEqualTo(firstCommit);
        }
        String second = origin.commit("openapi.yaml", "openapi: 3.0.3\ninfo: {}\n", "second");
        try (Git git = RepositoryFetcher.fetch(clone, https.url(), "main",
                new GitCredentials.Token("x-access-token", TOKEN))) {
            assertThat(git.getRepository().resolve("refs/heads/main").name()).isEqualTo(second);
        }
        assertThat(https.requests()).contains("GET /repo.git/info/refs -> 200", "POST /repo.git/git-upload-pack -> 200");
    }

    @Test
    void aWrongOrMissingTokenIsRefusedAndNotRetriedForever() {
        assertThatThrownBy(() -> RepositoryFetcher.fetch(dir.resolve("clones/wrong.git"), https.url(), "main",
                new GitCredentials.Token("x-access-token", "not-the-token")).close())
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("not authorized");
        assertThatThrownBy(() -> RepositoryFetcher.fetch(dir.resolve("clones/anonymous.git"), https.url(), "main",
                GitCredentials.NONE).close())
                .isInstanceOf(TransportException.class);
    }

    @Test
    void aServerWhoseCertificateIsNotTrustedGetsNoToken() throws Exception {
        try (HttpsGitServer impostor = HttpsGitServer.start(origin.dir(), TOKEN, dir.resolve("impostor"))) {
            assertThatThrownBy(() -> RepositoryFetcher.fetch(dir.resolve("clones/impostor.git"), impostor.url(),
                    "main", new GitCredentials.Token("x-access-token", TOKEN)).close())
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("SSL");
            assertThat(impostor.requests()).isEmpty();
        }
    }

    @Test
    void aGuardedFetchOfAnAllowedHostWorksAsAnyOther() throws Exception {
        try (Git git = RepositoryFetcher.fetch(dir.resolve("clones/guarded.git"), https.url(), "main",
                new GitCredentials.Token("x-access-token", TOKEN), Optional.of(HostGuard.of(https.url(), true)))) {
            assertThat(git.getRepository().resolve("refs/heads/main")).isNotNull();
        }
    }

    /** The penetration test's case: a name the URL policy accepts, resolving to the scanner's own host. */
    @Test
    void aNameThatResolvesToAPrivateAddressIsNotConnectedTo() {
        int before = https.requests().size();
        assertThatThrownBy(() -> RepositoryFetcher.fetch(dir.resolve("clones/loopback.git"), https.localhostUrl(),
                "main", new GitCredentials.Token("x-access-token", TOKEN),
                Optional.of(HostGuard.of(https.localhostUrl(), false))).close())
                .isInstanceOf(TransportException.class)
                .hasStackTraceContaining("refused to connect to localhost: it resolves to 127.0.0.1, a loopback address");
        assertThat(https.requests()).hasSize(before);
    }

    /** DNS rebinding: the name looked public when checked, and the connection went elsewhere. */
    @Test
    void theAddressActuallyConnectedToIsCheckedBeforeTlsStarts() throws Exception {
        InetAddress documentation = InetAddress.getByName("203.0.113.7");
        HostGuard rebound = new HostGuard("localhost", false, host -> new InetAddress[]{documentation});
        int before = https.requests().size();
        assertThatThrownBy(() -> RepositoryFetcher.fetch(dir.resolve("clones/rebound.git"), https.localhostUrl(),
                "main", new GitCredentials.Token("x-access-token", TOKEN), Optional.of(rebound)).close())
                .isInstanceOf(TransportException.class)
                .hasStackTraceContaining("it resolves to 127.0.0.1, a loopback address");
        assertThat(https.requests()).hasSize(before);
    }

    @Test
    void aRedirectToAnotherHostIsNotFollowedAndGetsNoToken() {
        int before = https.requests().size();
        assertThatThrownBy(() -> RepositoryFetcher.fetch(dir.resolve("clones/redirected.git"), redirect.localhostUrl(),
                "main", new GitCredentials.Token("x-access-token", TOKEN),
                Optional.of(HostGuard.of(redirect.localhostUrl(), true))).close())
                .isInstanceOf(TransportException.class)
                .hasStackTraceContaining("refused a redirect from localhost to another host, 127.0.0.1");
        assertThat(redirect.requests()).contains("GET /repo.git/info/refs -> 302");
        assertThat(https.requests()).hasSize(before);
    }

    @Test
    void fetchesOverSshWithTheMountedKeyAndPinnedHostKey() throws Exception {
        try (Git git = RepositoryFetcher.fetch(dir.resolve("clones/ssh.git"), ssh.url(), "main",
                new GitCredentials.SshKey(ssh.clientKey(), ssh.knownHosts()))) {
            assertThat(git.getRepository().resolve("refs/heads/main")).isNotNull();
            assertThat(git.getRepository().resolve(firstCommit)).isNotNull();
        }
        assertThat(ssh.commands()).anyMatch(command -> command.startsWith("git-upload-pack"));
    }

    @Test
    void sshRefusesAnUnknownHostKeyBeforeAuthenticating() {
        int before = ssh.commands().size();
        Path wrongHosts = ssh.writeWrongKnownHosts(dir.resolve("wrong_known_hosts"));
        assertThatThrownBy(() -> RepositoryFetcher.fetch(dir.resolve("clones/ssh-wrong-host.git"), ssh.url(), "main",
                new GitCredentials.SshKey(ssh.clientKey(), wrongHosts)).close())
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("Server key did not validate");
        assertThat(ssh.commands()).hasSize(before);
    }

    @Test
    void sshRefusesAKeyTheServerDoesNotKnow() {
        Path otherKey = SshGitServer.writeUnknownKey(dir.resolve("other_key"));
        assertThatThrownBy(() -> RepositoryFetcher.fetch(dir.resolve("clones/ssh-wrong-key.git"), ssh.url(), "main",
                new GitCredentials.SshKey(otherKey, ssh.knownHosts())).close())
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("Cannot log in");
    }

    @Test
    void aMissingKeyFileSaysWhatToMount() {
        assertThatThrownBy(() -> RepositoryFetcher.fetch(dir.resolve("clones/ssh-no-key.git"), ssh.url(), "main",
                new GitCredentials.SshKey(dir.resolve("absent"), ssh.knownHosts())).close())
                .hasMessageContaining("absent").hasMessageContaining("mount");
    }

    @Test
    void theTokenNeverShowsInTheCredentialsText() {
        assertThat(new GitCredentials.Token("x-access-token", TOKEN).toString()).doesNotContain(TOKEN);
    }
}

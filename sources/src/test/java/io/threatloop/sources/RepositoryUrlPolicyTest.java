package io.threatloop.sources;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RepositoryUrlPolicyTest {

    private static final RepositoryUrlPolicy STRICT = new RepositoryUrlPolicy(false, false);

    @ParameterizedTest
    @ValueSource(strings = {"https://github.com/acme/accounts.git", "https://gitlab.example.com/team/api",
            "https://git.example.org:8443/x.git", "https://git.example.com./x.git", "https://1password.example.com/x",
            "https://[2606:4700::1111]/x.git", "https://8.8.8.8/x.git"})
    void publicHttpsRepositoriesAreAccepted(String url) {
        assertThat(STRICT.problem(url)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://github.com/acme/a.git", "ssh://git@github.com/acme/a.git", "file:///etc",
            "https://user:token@github.com/acme/a.git", "https://127.0.0.1/a.git", "https://10.1.2.3/a.git",
            "https://169.254.169.254/latest/meta-data", "https://[::1]/a.git", "https://[fd00::1]/a.git",
            "https://100.64.0.1/a.git", "https://localhost/a.git", "https://gitea/a.git",
            "https://gitea.tools.svc.cluster.local/a.git", "https://metadata.google.internal/x", "ftp://x.org/a",
            "https://", "not a url", ""})
    void everythingElseIsRefusedWithAReason(String url) {
        assertThat(STRICT.problem(url)).isPresent().get().asString().isNotBlank();
    }

    /** Each of these was accepted, and reached the scanner's host or its cluster (penetration test, issue 21). */
    @ParameterizedTest
    @ValueSource(strings = {"https://localhost./a.git", "https://gitea./a.git", "https://kubernetes.default/a.git",
            "https://kubernetes.default.svc.cluster.local./a.git", "https://my-svc.my-ns.svc/a.git",
            "https://[::127.0.0.1]/a.git", "https://[::ffff:127.0.0.1]/a.git", "https://[64:ff9b::a00:1]/a.git",
            "https://[2002:7f00:1::]/a.git", "https://0177.0.0.1/a.git", "https://2130706433/a.git",
            "https://0x7f.0.0.1/a.git", "https://127.1/a.git", "https://0.0.0.0/a.git", "https://host.docker.internal/x",
            "https://printer.lan/x", "https://nas.home.arpa/x"})
    void namesAndAddressFormsThatReachTheHostOrClusterAreRefused(String url) {
        assertThat(STRICT.problem(url)).isPresent().get().asString().isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///srv/repos/accounts", "https://gitea.tools.svc/a.git", "https://10.0.0.5/a.git"})
    void theOperatorMayAllowLocalPathsAndPrivateHosts(String url) {
        assertThat(new RepositoryUrlPolicy(true, true).problem(url)).isEmpty();
    }
}

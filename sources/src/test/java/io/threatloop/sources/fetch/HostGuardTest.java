package io.threatloop.sources.fetch;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URL;

import static org.assertj.core.api.Assertions.assertThat;

class HostGuardTest {

    @Test
    void everyUserUrlButALocalPathIsGuardedWhateverTheCaseOfItsScheme() {
        assertThat(HostGuard.forUserUrl("HTTPS://git.example.com/a.git", false)).get()
                .extracting(HostGuard::host).isEqualTo("git.example.com");
        assertThat(HostGuard.forUserUrl(" http://git.example.com/a.git", false)).isPresent();
        assertThat(HostGuard.forUserUrl("FILE:///srv/repos/a", false)).isEmpty();
    }

    @Test
    void onlyHttpsToTheSameHostPassesAndPrivateAddressesAreNamed() throws Exception {
        InetAddress metadata = InetAddress.getByName("169.254.169.254");
        HostGuard guard = new HostGuard("Git.Example.com.", false, host -> new InetAddress[]{metadata});
        assertThat(guard.refusal(new URL("http://git.example.com/a.git"))).get().asString().contains("only https");
        assertThat(guard.refusal(new URL("https://evil.example.net/a.git"))).get().asString()
                .contains("another host, evil.example.net");
        assertThat(guard.refusal(new URL("https://git.example.com./a.git"))).get().asString()
                .contains("169.254.169.254, a link-local");
    }
}

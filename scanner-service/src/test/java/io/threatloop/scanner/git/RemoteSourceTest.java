package io.threatloop.scanner.git;

import io.threatloop.testsupport.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.threatloop.contracts.Topics;
import io.threatloop.contracts.observation.SpecObserved;
import io.threatloop.runtime.GitRepository;
import io.threatloop.testsupport.HttpsGitServer;
import io.threatloop.runtime.RecordedEvent;
import io.threatloop.testsupport.SshGitServer;
import io.threatloop.runtime.TopicRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Configured sources fetched from real remote servers: https with a mounted token file and a
 * private certificate authority, ssh with a mounted key and a pinned host key.
 */
@QuarkusTest
@QuarkusTestResource(value = RemoteSourceTest.RemoteServers.class, restrictToAnnotatedClass = false)
class RemoteSourceTest {

    static final String TOKEN = "glpat-remote-source-test";

    /** One repository served over https and over ssh, configured as two sources. */
    public static class RemoteServers implements QuarkusTestResourceLifecycleManager {
        private HttpsGitServer https;
        private SshGitServer ssh;

        @Override
        public Map<String, String> start() {
            try {
                Path dir = Files.createTempDirectory("remote-sources");
                Path origin = dir.resolve("billing");
                GitRepository.init(origin).close();
                System.setProperty("threatloop.test.remote-repo", origin.toString());
                https = HttpsGitServer.start(origin, TOKEN, dir.resolve("https"));
                ssh = SshGitServer.start(origin, dir.resolve("ssh"));
                Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
                return Map.of(
                        "threatloop.scanner.ca-file", https.caCertificate().toString(),
                        "threatloop.scanner.sources.billing-https.url", https.url(),
                        "threatloop.scanner.sources.billing-https.token-file", tokenFile.toString(),
                        "threatloop.scanner.sources.billing-ssh.url", ssh.url(),
                        "threatloop.scanner.sources.billing-ssh.ssh-key-file", ssh.clientKey().toString(),
                        "threatloop.scanner.sources.billing-ssh.known-hosts-file", ssh.knownHosts().toString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
            try {
                https.close();
                ssh.close();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static TopicRecorder recorder;

    @BeforeAll
    static void record() {
        recorder = new TopicRecorder(TestServers.kafka(), List.of(Topics.API_OBSERVATIONS));
    }

    @AfterAll
    static void stop() {
        recorder.close();
    }

    @Test
    void specsArriveOverHttpsAndSshWithoutAnyCredentialInTheEvents() {
        String commit;
        try (GitRepository repo = GitRepository.open(Path.of(System.getProperty("threatloop.test.remote-repo")))) {
            commit = repo.commit("api/openapi.yaml", """
                    openapi: 3.0.3
                    info: {title: Billing, version: "1.0"}
                    paths:
                      /invoices/{id}:
                        get:
                          responses: {"200": {description: ok}}
                    """, "billing api");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> specs("billing-https").size() == 1
                && specs("billing-ssh").size() == 1);

        SpecObserved overHttps = specs("billing-https").get(0).data(SpecObserved.class);
        SpecObserved overSsh = specs("billing-ssh").get(0).data(SpecObserved.class);
        assertThat(overHttps.source().revision()).isEqualTo(commit);
        assertThat(overSsh.source().revision()).isEqualTo(commit);
        assertThat(overHttps.source().repository()).startsWith("https://127.0.0.1:");
        assertThat(overSsh.source().repository()).startsWith("ssh://127.0.0.1:").doesNotContain("git@");
        assertThat(overHttps.surface().operations()).hasSize(1);
        assertThat(recorder.all()).extracting(RecordedEvent::value).noneMatch(value -> value.contains(TOKEN));
    }

    private static List<RecordedEvent> specs(String application) {
        return recorder.matching(r -> application.equals(r.key()) && r.event() != null
                && r.event().data() instanceof SpecObserved);
    }
}

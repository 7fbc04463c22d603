package io.threatloop.cli;

import io.threatloop.cli.stack.ServiceProcess;
import io.threatloop.cli.stack.Stack;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Closing the stack leaves no process running and no port listening. */
class StackShutdownIT {

    @Test
    void closingTheStackStopsEveryProcessAndFreesEveryPort() throws IOException {
        Path workDir = Files.createTempDirectory(Path.of("target"), "shutdown-").toAbsolutePath();
        Stack stack = Stack.start(Path.of("").toAbsolutePath().getParent(), workDir, Map.of(),
                new PrintStream(OutputStream.nullOutputStream()));
        List<ServiceProcess> services = stack.services();
        String bootstrap = stack.bootstrapServers();
        String keycloak = stack.startedKeycloakUrl();
        assertThat(services).allSatisfy(s -> assertThat(s.isAlive()).isTrue());

        stack.close();

        assertThat(services).allSatisfy(s -> {
            assertThat(s.isAlive()).isFalse();
            assertThat(listening(URI.create(s.baseUrl()).getPort())).as("port of %s", s.name()).isFalse();
        });
        assertThat(listening(Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1)))).isFalse();
        if (keycloak != null) {
            assertThat(listening(URI.create(keycloak).getPort())).as("Keycloak's port").isFalse();
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

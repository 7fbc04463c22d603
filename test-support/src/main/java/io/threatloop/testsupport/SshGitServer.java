package io.threatloop.testsupport;

import io.threatloop.runtime.GitRepository;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.UploadPack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real ssh server (Apache MINA sshd) on 127.0.0.1 that serves one repository read-only to
 * {@code git-upload-pack}, for one client key only. It writes that client key (PKCS#8 PEM, as
 * a mounted Secret would hold it) and a known_hosts file pinning its own host key.
 */
public final class SshGitServer implements AutoCloseable {

    private final SshServer server;
    private final Repository repository;
    private final Path clientKey;
    private final Path knownHosts;
    private final List<String> commands = new CopyOnWriteArrayList<>();

    private SshGitServer(SshServer server, Repository repository, Path clientKey, Path knownHosts) {
        this.server = server;
        this.repository = repository;
        this.clientKey = clientKey;
        this.knownHosts = knownHosts;
    }

    /** Serves the repository in {@code repositoryDir} at {@code ssh://git@127.0.0.1:<port>/repo.git}. */
    public static SshGitServer start(Path repositoryDir, Path workDir) {
        try {
            Files.createDirectories(workDir);
            KeyPair host = generate("EC", 256);
            KeyPair client = generate("RSA", 2048);
            Path clientKey = writePrivateKey(client, workDir.resolve("id_rsa"));

            Repository repository = GitRepository.openRepository(repositoryDir);
            SshServer server = SshServer.setUpDefaultServer();
            server.setHost("127.0.0.1");
            server.setPort(0);
            server.setKeyPairProvider(KeyPairProvider.wrap(host));
            server.setPasswordAuthenticator(null);
            server.setKeyboardInteractiveAuthenticator(null);
            server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, client.getPublic()));
            Path knownHosts = workDir.resolve("known_hosts");
            SshGitServer git = new SshGitServer(server, repository, clientKey, knownHosts);
            server.setCommandFactory((channel, command) -> git.command(command));
            server.start();
            Files.writeString(knownHosts, knownHostsLine(server.getPort(), host.getPublic()));
            return git;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not start the ssh git server", e);
        }
    }

    /** Writes a fresh key pair's private key the server does not accept, for negative tests. */
    public static Path writeUnknownKey(Path file) {
        try {
            return writePrivateKey(generate("RSA", 2048), file);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A known_hosts entry for this server's port with some other host key, for negative tests. */
    public Path writeWrongKnownHosts(Path file) {
        try {
            Files.writeString(file, knownHostsLine(server.getPort(), generate("EC", 256).getPublic()));
            return file;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "ssh://git@127.0.0.1:" + server.getPort() + "/repo.git";
    }

    public Path clientKey() {
        return clientKey;
    }

    public Path knownHosts() {
        return knownHosts;
    }

    /** The commands clients ran, as received. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    private Command command(String command) {
        commands.add(command);
        return new UploadPackCommand(repository, command.startsWith("git-upload-pack ")
                && command.substring("git-upload-pack ".length()).replace("'", "").replaceFirst("^/", "")
                .equals("repo.git"));
    }

    /** Runs upload-pack for the one served repository; anything else (push, other paths) fails. */
    private static final class UploadPackCommand implements Command {
        private final Repository repository;
        private final boolean allowed;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        UploadPackCommand(Repository repository, boolean allowed) {
            this.repository = repository;
            this.allowed = allowed;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback exit) {
            this.exit = exit;
        }

        @Override
        public void start(ChannelSession channel, Environment environment) {
            Thread worker = new Thread(() -> {
                try {
                    if (!allowed) {
                        err.write("only git-upload-pack of /repo.git is served\n".getBytes(StandardCharsets.UTF_8));
                        err.flush();
                        exit.onExit(1);
                        return;
                    }
                    UploadPack upload = new UploadPack(repository);
                    upload.setTimeout(30);
                    upload.upload(in, out, err);
                    out.flush();
                    exit.onExit(0);
                } catch (IOException | RuntimeException e) {
                    exit.onExit(1, String.valueOf(e.getMessage()));
                }
            }, "ssh-upload-pack");
            worker.setDaemon(true);
            worker.start();
        }

        @Override
        public void destroy(ChannelSession channel) {
        }
    }

    private static KeyPair generate(String algorithm, int size) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(size);
        return generator.generateKeyPair();
    }

    private static Path writePrivateKey(KeyPair pair, Path file) throws IOException {
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        return file;
    }

    private static String knownHostsLine(int port, PublicKey key) {
        return "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(key) + "\n";
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
        repository.close();
    }
}

package io.threatloop.sources.fetch;

import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Keeps a local bare clone of one branch of a remote repository up to date: file://, https
 * (optionally with a token) or ssh (with a key and a pinned host key). The remote is only ever
 * read; nothing of the user's own git or ssh configuration (~/.gitconfig, ~/.ssh) is used.
 */
public final class RepositoryFetcher {

    /** An unreachable or hanging server fails the fetch instead of blocking the poller. */
    private static final int TIMEOUT_SECONDS = 60;

    /*
     * Host keys are checked strictly against the given known_hosts (never added to it: it is
     * usually a read-only mounted Secret), and only the given key is offered.
     */
    private static final String SSH_CONFIG = """
            Host *
              IdentityFile "%s"
              UserKnownHostsFile "%s"
              IdentitiesOnly yes
              StrictHostKeyChecking yes
              UpdateHostKeys no
              PreferredAuthentications publickey
              BatchMode yes
            """;

    private RepositoryFetcher() {
    }

    /**
     * Opens (or creates) the bare clone in {@code dir}, points its origin at {@code url} and
     * fetches {@code branch} into {@code refs/heads/<branch>}. The caller closes the result.
     */
    public static Git fetch(Path dir, String url, String branch, GitCredentials credentials)
            throws IOException, GitAPIException {
        return fetch(dir, url, branch, credentials, Optional.empty());
    }

    /**
     * As {@link #fetch(Path, String, String, GitCredentials)}, with every connection held to
     * {@code guard} when one is given (a URL a user handed in: the sources API).
     */
    public static Git fetch(Path dir, String url, String branch, GitCredentials credentials, Optional<HostGuard> guard)
            throws IOException, GitAPIException {
        Git git = open(dir);
        try {
            // the URL may have changed since the clone was made
            if (!url.equals(git.getRepository().getConfig().getString("remote", "origin", "url"))) {
                git.getRepository().getConfig().setString("remote", "origin", "url", url);
                git.getRepository().getConfig().save();
            }
            FetchCommand fetch = git.fetch().setRemote("origin").setTimeout(TIMEOUT_SECONDS)
                    .setRefSpecs(new RefSpec("+refs/heads/" + branch + ":refs/heads/" + branch));
            if (credentials instanceof GitCredentials.Token token) {
                fetch.setCredentialsProvider(new UsernamePasswordCredentialsProvider(token.user(), token.token()));
            }
            if (credentials instanceof GitCredentials.SshKey key) {
                try (SshdSessionFactory ssh = sshSessionFactory(dir, key)) {
                    fetch.setTransportConfigCallback(transport -> {
                        if (transport instanceof SshTransport sshTransport) {
                            sshTransport.setSshSessionFactory(ssh);
                        }
                    }).call();
                }
            } else {
                guard.ifPresent(hosts -> fetch.setTransportConfigCallback(transport -> {
                    if (!(transport instanceof TransportHttp http)) {
                        throw new IllegalArgumentException("only https may be fetched for this source, not "
                                + transport.getURI().getScheme());
                    }
                    http.setHttpConnectionFactory(new GuardedConnections(hosts, http.getHttpConnectionFactory()));
                }));
                fetch.call();
            }
            return git;
        } catch (IOException | GitAPIException | RuntimeException e) {
            git.close();
            throw e;
        }
    }

    private static Git open(Path dir) throws IOException, GitAPIException {
        if (Files.isDirectory(dir)) {
            return Git.open(dir.toFile());
        }
        Files.createDirectories(dir.getParent());
        return Git.init().setBare(true).setDirectory(dir.toFile()).call();
    }

    private static SshdSessionFactory sshSessionFactory(Path dir, GitCredentials.SshKey key) throws IOException {
        for (Path file : List.of(key.privateKey(), key.knownHosts())) {
            if (!Files.isReadable(file)) {
                throw new IOException(file + " is not readable (mount the ssh key and known_hosts of the source)");
            }
        }
        Path home = dir.resolveSibling(dir.getFileName() + ".ssh");
        Files.createDirectories(home);
        Path config = home.resolve("config");
        Files.writeString(config, SSH_CONFIG.formatted(key.privateKey().toAbsolutePath(),
                key.knownHosts().toAbsolutePath()));
        return new SshdSessionFactoryBuilder()
                .setHomeDirectory(home.toFile())
                .setSshDirectory(home.toFile())
                .setConfigFile(ignored -> config.toFile())
                .setDefaultIdentities(ignored -> List.of(key.privateKey()))
                .setDefaultKnownHostsFiles(ignored -> List.of(key.knownHosts()))
                .build(new JGitKeyCache());
    }
}

package io.threatloop.runtime;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real git repository on disk that tests and the demo commit to; scanners reach it by file:// URL. */
public final class GitRepository implements AutoCloseable {

    private final Git git;
    private final Path dir;

    private GitRepository(Git git, Path dir) {
        this.git = git;
        this.dir = dir;
    }

    public static GitRepository init(Path dir) {
        try {
            Files.createDirectories(dir);
            return new GitRepository(Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call(), dir);
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException("could not create a git repository in " + dir, e);
        }
    }

    /** Opens a repository made earlier (e.g. by a test resource in another class loader). */
    public static GitRepository open(Path dir) {
        try {
            return new GitRepository(Git.open(dir.toFile()), dir);
        } catch (IOException e) {
            throw new IllegalStateException("no git repository in " + dir, e);
        }
    }

    /** The repository in {@code dir} (a work tree's .git, or a bare one) for a test server to serve. */
    public static org.eclipse.jgit.lib.Repository openRepository(Path dir) throws IOException {
        Path dotGit = dir.resolve(".git");
        return new org.eclipse.jgit.storage.file.FileRepositoryBuilder()
                .setGitDir((Files.isDirectory(dotGit) ? dotGit : dir).toFile()).setMustExist(true).build();
    }

    /** Deletes {@code path} and commits; returns the commit id. */
    public String delete(String path, String message) {
        try {
            git.rm().addFilepattern(path).call();
            PersonIdent author = new PersonIdent("threatloop demo", "demo@threatloop.invalid");
            return git.commit().setMessage(message).setAuthor(author).setCommitter(author).setSign(false).call()
                    .getName();
        } catch (GitAPIException e) {
            throw new IllegalStateException("could not delete " + path, e);
        }
    }

    /** Writes {@code content} to {@code path} and commits it; returns the commit id. */
    public String commit(String path, String content, String message) {
        return commit(java.util.Map.of(path, content), message);
    }

    /** Writes every file (path -> content) and commits them together; returns the commit id. */
    public String commit(java.util.Map<String, String> files, String message) {
        try {
            for (java.util.Map.Entry<String, String> entry : files.entrySet()) {
                Path file = dir.resolve(entry.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, entry.getValue());
                git.add().addFilepattern(entry.getKey()).call();
            }
            PersonIdent author = new PersonIdent("threatloop demo", "demo@threatloop.invalid");
            RevCommit commit = git.commit().setMessage(message).setAuthor(author).setCommitter(author)
                    .setSign(false).call();
            return commit.getName();
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException("could not commit " + files.keySet(), e);
        }
    }

    public String url() {
        return dir.toUri().toString();
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        git.close();
    }
}

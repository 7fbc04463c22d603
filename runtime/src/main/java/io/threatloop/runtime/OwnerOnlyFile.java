package io.threatloop.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Secrets of the local stack (a login, a key) in files only the user who runs it can read. */
public final class OwnerOnlyFile {

    private OwnerOnlyFile() {
    }

    /** Replaces {@code file}, created with mode 600 before anything is written to it; no newline is added. */
    public static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // not POSIX (Windows): the user's profile protects it
        }
        Files.writeString(file, content);
        return file;
    }
}

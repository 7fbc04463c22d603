package io.threatloop.cli;

import io.threatloop.cli.stack.Stack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** `up` printed the administrator's password, inside a command line that lands in shell history. */
class LoginPrintTest {

    @Test
    void thePasswordGoesToAFileOnlyTheUserCanReadAndNeverToTheScreen(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Path file = dir.resolve("admin-password");
        Main.printLogin(new Stack.Login("admin", "s3cr3t-Pw"), "http://127.0.0.1:8180/realms/threatloop", file,
                "http://127.0.0.1:8082", "http://127.0.0.1:8083/dashboard/", new PrintStream(printed, true,
                        StandardCharsets.UTF_8));
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("s3cr3t-Pw").contains("--data-urlencode password@" + file);
        assertThat(Files.readString(file)).isEqualTo("s3cr3t-Pw");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}

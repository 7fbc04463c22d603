package io.threatloop.cli.stack;

import io.threatloop.cli.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import io.threatloop.cli.watch.WatchedSource;
import io.threatloop.cli.watch.WatchedSources;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code threatloop up}: the whole system on this machine, kept running. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Runs PostgreSQL, Kafka, Keycloak and the four services on this machine with a demo git"
                + " repository whose API evolves, prints what happens, and keeps running; Ctrl-C stops everything.",
                "Models, history, sign-in users and the demo repository are kept in .threatloop/data between"
                        + " runs. All on 127.0.0.1, with generated passwords readable only by you"
                        + " (.threatloop/data/credentials.properties)."},
        footer = {"", "Examples:", "  threatloop up", "  threatloop up --watch ../payments-api --watch ../orders",
                "  threatloop up --no-keycloak --ports 9081   # faster, no sign-in",
                "", "threatloop.yaml (in the current directory, read by up):",
                "  sources:", "    - path: ../payments-api       # or url: https://github.com/acme/payments.git",
                "      application: payments-api   # default: the repository's name",
                "      branch: main                # default: the checkout's branch", "      from: v2.0                  # default: the whole history"})
public final class UpCommand implements Callable<Integer> {

    @Mixin
    StackOptions stack;

    @Option(names = "--fresh", description = "delete the models and history of earlier runs first")
    boolean fresh;

    @Option(names = "--watch", paramLabel = "PATH|URL", description = {"watch this repository instead of the demo"
            + " one: its history is replayed, then followed (repeatable; a threatloop.yaml in the current directory"
            + " lists more, with application, branch and from)"})
    List<String> watch = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<WatchedSource> watched;
        try {
            watched = WatchedSources.of(watch, Path.of("").toAbsolutePath());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return run(spec, false, stack, fresh, watched);
    }

    static int run(CommandSpec spec, boolean scripted, StackOptions options, boolean fresh, List<WatchedSource> watched)
            throws Exception {
        if (options.firstPort < 1024 || options.firstPort > 65532) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--ports wants the first of four free ports (1024-65532), got " + options.firstPort);
        }
        try {
            return Main.run(scripted, options.keycloak, fresh, options.firstPort, watched);
        } catch (Stack.PortTakenException e) {
            spec.commandLine().getErr().println("threatloop " + spec.name() + ": " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
    }
}

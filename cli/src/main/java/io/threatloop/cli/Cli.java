package io.threatloop.cli;

import io.threatloop.cli.gate.GateCommand;
import io.threatloop.cli.inspect.AllowListCommand;
import io.threatloop.cli.inspect.AnalyzeCommand;
import io.threatloop.cli.inspect.DiffCommand;
import io.threatloop.cli.inspect.InitCommand;
import io.threatloop.cli.inspect.ScanCommand;
import io.threatloop.cli.stack.DemoCommand;
import io.threatloop.cli.stack.UpCommand;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * The command line, parsed by picocli for every command: {@code --help} with examples,
 * {@code --version}, "did you mean" for a mistyped command, and the exit codes of
 * docs/CLI.md: 0 done, 1 the work could not be done (or the gate failed), 2 wrong usage.
 */
@Command(name = "threatloop", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Keeps API threat models true, from what changes in git and Kubernetes.",
        subcommands = {UpCommand.class, DemoCommand.class, ScanCommand.class, DiffCommand.class, AnalyzeCommand.class,
                GateCommand.class, AllowListCommand.class, InitCommand.class, AutoComplete.GenerateCompletion.class},
        footer = {"", "Examples:", "  threatloop demo", "  threatloop analyze openapi.yaml --min-severity high",
                "  threatloop gate --base origin/main", "  source <(threatloop generate-completion)   # bash and zsh",
                "", "KAFKA_BOOTSTRAP_SERVERS and PGHOST/PGPORT/PGUSER/PGPASSWORD make up and demo use existing servers."})
public final class Cli implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** No command: the usage, and exit 2 (a usage error, not success). */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }

    /** A command that writes to the streams it is given (a test's, or the process's). */
    public interface Streams {
        void streams(PrintStream out, PrintStream err, UnaryOperator<String> environment);
    }

    /** Runs {@code threatloop <command> <args>} with these streams; returns the exit code. */
    public static int execute(String command, List<String> args, PrintStream out, PrintStream err) {
        return execute(java.util.stream.Stream.concat(java.util.stream.Stream.of(command), args.stream()).toList(), out,
                err);
    }

    /** Runs the command line {@code args} with these streams; returns the exit code. */
    public static int execute(List<String> args, PrintStream out, PrintStream err) {
        return execute(args, out, err, System::getenv);
    }

    /** {@code environment}: where commands look up variables (the process environment, or a test's). */
    public static int execute(List<String> args, PrintStream out, PrintStream err, UnaryOperator<String> environment) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine line = new CommandLine(new Cli(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K made = defaults.create(type);
                if (made instanceof Streams command) {
                    command.streams(out, err, environment);
                }
                return made;
            }
        });
        endFootersWithANewline(line);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        line.setExecutionExceptionHandler((e, failed, parsed) -> {
            failed.getErr().println("threatloop " + failed.getCommandName() + ": " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()));
            return CommandLine.ExitCode.SOFTWARE;
        });
        return line.execute(args.toArray(String[]::new));
    }

    private static void endFootersWithANewline(CommandLine line) {
        String[] footer = line.getCommandSpec().usageMessage().footer();
        if (footer.length > 0) {
            String[] ended = java.util.Arrays.copyOf(footer, footer.length + 1);
            ended[footer.length] = "";
            line.getCommandSpec().usageMessage().footer(ended);
        }
        line.getSubcommands().values().forEach(Cli::endFootersWithANewline);
    }

    /** The version of the jar, and the commit of the checkout it runs from when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Cli.class.getPackage().getImplementationVersion();
            return new String[]{"threatloop " + (version == null ? "(development build)" : version) + " (commit "
                    + commit() + ")"};
        }

        private static String commit() {
            Path home = Path.of(System.getProperty("threatloop.home", ".")).toAbsolutePath();
            try (Repository repository = new FileRepositoryBuilder().findGitDir(home.toFile()).setMustExist(true)
                    .build()) {
                ObjectId head = repository.resolve("HEAD");
                return head == null ? "none yet" : head.abbreviate(12).name();
            } catch (Exception notACheckout) { // an unpacked release: no git to ask
                return "unknown";
            }
        }
    }
}

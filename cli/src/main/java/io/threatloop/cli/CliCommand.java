package io.threatloop.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/** A command that writes to the streams {@link Cli} gives it: the process's, or a test's. */
public abstract class CliCommand implements Callable<Integer>, Cli.Streams {

    protected PrintStream out = System.out;
    protected PrintStream err = System.err;
    /** Where the command looks up variables (the process environment, or a test's). */
    protected UnaryOperator<String> environment = System::getenv;

    @Override
    public final void streams(PrintStream out, PrintStream err, UnaryOperator<String> environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }
}

package io.threatloop.cli.stack;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code threatloop demo}: the whole system, scripted and fresh, and whether every event arrived. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The same as up, scripted and always fresh: plays the demo history, prints the story and"
                + " exits 0 only if every expected event arrived (the missing ones are named)."},
        footer = {"", "Examples:", "  threatloop demo", "  threatloop demo --no-keycloak"})
public final class DemoCommand implements Callable<Integer> {

    @Mixin
    StackOptions stack;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return UpCommand.run(spec, true, stack, true, java.util.List.of());
    }
}

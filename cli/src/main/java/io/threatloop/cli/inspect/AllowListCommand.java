package io.threatloop.cli.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.threatloop.analysis.countermeasures.GatewayAllowList;
import io.threatloop.analysis.spec.NormalizedSpec;
import io.threatloop.analysis.spec.SpecException;

import io.threatloop.cli.Cli;
import io.threatloop.cli.CliCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code threatloop allowlist <spec> (--nginx <upstream> | --envoy)}: a gateway configuration that
 * lets only the documented operations through.
 */
@Command(name = "allowlist", mixinStandardHelpOptions = true,
        description = "A gateway allow-list of the documented methods and paths: nothing else is reachable.",
        footer = {"", "Examples:", "  threatloop allowlist openapi.yaml --nginx http://payments:8080",
                "  threatloop allowlist openapi.yaml --envoy"})
public final class AllowListCommand extends CliCommand {

    @Parameters(paramLabel = "<spec>")
    Path file;

    @picocli.CommandLine.ArgGroup(multiplicity = "1")
    Gateway gateway;

    /** Exactly one gateway. */
    static final class Gateway {
        @Option(names = "--nginx", paramLabel = "<upstream-url>", description = "NGINX location blocks proxying to it")
        String nginx;

        @Option(names = "--envoy", description = "an Envoy RBAC filter")
        boolean envoy;
    }


    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return Cli.execute("allowlist", args, out, err);
    }

    @Override
    public Integer call() throws IOException {
        NormalizedSpec spec;
        try {
            spec = DiffCommand.read(file);
        } catch (SpecException e) {
            err.println("threatloop allowlist: " + e.location() + ": " + e.getMessage());
            return 1;
        }
        if (gateway.envoy) {
            out.print(new ObjectMapper(new YAMLFactory()).writeValueAsString(GatewayAllowList.envoyRbac(spec.surface())));
        } else {
            out.print(GatewayAllowList.nginx(spec.surface(), gateway.nginx));
        }
        return 0;
    }
}

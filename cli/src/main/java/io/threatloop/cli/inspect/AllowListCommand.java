package io.threatloop.cli.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.threatloop.analysis.countermeasures.GatewayAllowList;
import io.threatloop.analysis.spec.NormalizedSpec;
import io.threatloop.analysis.spec.SpecException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code threatloop allowlist <spec> (--nginx <upstream> | --envoy)}: a gateway configuration that
 * lets only the documented operations through.
 */
public final class AllowListCommand {

    static final String USAGE = "usage: threatloop allowlist <spec> (--nginx <upstream-url> | --envoy)";

    private AllowListCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        int nginx = args.indexOf("--nginx");
        boolean envoy = args.contains("--envoy");
        if (args.isEmpty() || (nginx < 0) == !envoy || (nginx >= 0 && nginx + 1 >= args.size())) {
            err.println(USAGE);
            return 2;
        }
        NormalizedSpec spec;
        try {
            spec = DiffCommand.read(Path.of(args.get(0)));
        } catch (SpecException e) {
            err.println("threatloop allowlist: " + e.location() + ": " + e.getMessage());
            return 1;
        }
        if (envoy) {
            out.print(new ObjectMapper(new YAMLFactory()).writeValueAsString(GatewayAllowList.envoyRbac(spec.surface())));
        } else {
            out.print(GatewayAllowList.nginx(spec.surface(), args.get(nginx + 1)));
        }
        return 0;
    }
}

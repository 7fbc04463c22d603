package io.threatloop.cli.stack;

import picocli.CommandLine.Option;

/** The options {@code up} and {@code demo} share. */
public final class StackOptions {

    @Option(names = "--keycloak", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "start the sign-in server, for the APIs and the dashboard (default; --no-keycloak: a"
                    + " faster start whose APIs answer 401)")
    boolean keycloak;

    @Option(names = "--ports", paramLabel = "FIRST", defaultValue = "8081",
            description = "the services listen on FIRST to FIRST+3; default: ${DEFAULT-VALUE}")
    int firstPort;
}

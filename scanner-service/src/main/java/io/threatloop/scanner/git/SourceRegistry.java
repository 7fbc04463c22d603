package io.threatloop.scanner.git;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every git source the scanner watches: those in configuration (read-only at run time) and
 * those added through the API. A name belongs to one of the two.
 */
@ApplicationScoped
public class SourceRegistry {

    @Inject
    ScannerConfig config;

    @Inject
    SourceDefinitionStore definitions;

    public List<GitSource> all() {
        List<GitSource> sources = new ArrayList<>(configured());
        for (GitSource stored : definitions.all()) {
            if (!config.sources().containsKey(stored.name())) {
                sources.add(stored);
            }
        }
        return sources;
    }

    public Optional<GitSource> find(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public boolean isConfigured(String name) {
        return config.sources().containsKey(name);
    }

    private List<GitSource> configured() {
        List<GitSource> sources = new ArrayList<>();
        config.sources().forEach((name, source) -> sources.add(new GitSource(name, source.url(), source.branch(),
                source.application().orElse(null), source.team().orElse(null), source.from().orElse(null),
                new GitSource.MountedSecrets(source.tokenFile().orElse(null), source.sshKeyFile().orElse(null),
                        source.knownHostsFile().orElse(null)),
                source.tokenUser(), null, null, GitSource.Origin.CONFIGURATION)));
        return sources;
    }
}

package io.threatloop.scanner.git;

import io.smallrye.common.annotation.Blocking;
import io.threatloop.scanner.sharing.ScannerReplicas;
import io.threatloop.api.Caller;
import io.threatloop.api.ProblemException;
import io.threatloop.scanner.persistence.SourceStateStore;
import io.threatloop.sources.RepositoryUrlPolicy;
import io.threatloop.sources.fetch.HostGuard;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * The git sources the scanner watches. Administrators add, change and remove sources; sources
 * from configuration are listed but only changed in configuration. A source's token is
 * write-only: no response, log line or event ever carries it.
 */
@Path("/api/sources")
@Tag(name = "sources")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
public class SourceResource {

    private static final Logger LOG = Logger.getLogger(SourceResource.class);

    @Inject
    SourceRegistry registry;

    @Inject
    SourceDefinitionStore definitions;

    @Inject
    SourceStateStore states;

    @Inject
    GitSourcePoller poller;

    @Inject
    Caller caller;

    @Inject
    ScannerConfig config;

    @Inject
    SourceStatuses statuses;

    @Inject
    ScannerReplicas replicas;

    /**
     * A source as the API shows it: no credential, only which kind is set; {@code status} says
     * how its polling stands (last successful poll, last error) and {@code stale} whether it has
     * gone without a completed poll for longer than it may; {@code polledBy} names the scanner
     * replica that polls it (status and stale are that replica's to tell: with several, ask its
     * {@code /q/health/ready}).
     */
    public record SourceView(String name, String url, String branch, String application, String team, String from,
                             String pollInterval, String origin, String credentials, String lastCommit,
                             SourceStatus status, boolean stale, String polledBy) {
    }

    @GET
    @RolesAllowed(Caller.VIEWER)
    @Operation(summary = "The git sources of your teams (administrators: every source), by name")
    public List<SourceView> list() {
        return registry.all().stream().filter(this::visible).map(this::view).toList();
    }

    @GET
    @Path("{name}")
    @RolesAllowed(Caller.VIEWER)
    public SourceView get(@PathParam("name") String name) {
        GitSource source = existing(name);
        if (!visible(source)) {
            throw missing(name); // like an unknown one: another team's sources are not even named
        }
        return view(source);
    }

    /** A source without a team is for administrators only, as a model without an owner. */
    private boolean visible(GitSource source) {
        return caller.isAdmin() || (source.team() != null && caller.canSee(source.team()));
    }

    @PUT
    @Path("{name}")
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Add or replace a source (administrators); omit token to keep the stored one")
    public Response put(@PathParam("name") String name, SourceRequest request) {
        if (registry.isConfigured(name)) {
            throw ProblemException.conflict("source '" + name + "' comes from configuration; change it there");
        }
        Optional<GitSource> before = registry.find(name);
        boolean exists = before.isPresent();
        GitSource source = SourceRequest.validated(name, request,
                new RepositoryUrlPolicy(config.sourcesApi().allowFileUrls(), config.sourcesApi().allowPrivateHosts()));
        HostGuard.forUserUrl(source.url(), config.sourcesApi().allowPrivateHosts())
                .flatMap(guard -> guard.resolvedRefusal(guard.host()))
                .ifPresent(refused -> { // told now; every fetch checks again
                    throw ProblemException.invalid("url", refused);
                });
        if (request.token() != null && !definitions.storesTokens()) {
            throw ProblemException.invalid("token", "this scanner cannot store tokens: they are kept only encrypted,"
                    + " and it has no key (threatloop.scanner.sources-api.token-keys-file, a mounted Secret; docs/SECURITY.md)");
        }
        if (request.token() == null && before.filter(b -> b.token() != null && !b.url().equals(source.url())).isPresent()) {
            // a stored token was given for one URL: sending it to another would hand it to that host
            throw ProblemException.invalid("token", "the URL changed: send the token again; a stored token is only"
                    + " ever sent to the URL it was given with");
        }
        definitions.save(source, request.token() == null, caller.name());
        LOG.infof("source '%s' %s by %s: %s", name, exists ? "changed" : "added", caller.name(), source);
        GitSource saved = registry.find(name).orElseThrow();
        return Response.status(exists ? 200 : 201).entity(view(saved)).build();
    }

    @DELETE
    @Path("{name}")
    @RolesAllowed(Caller.ADMIN)
    public Response delete(@PathParam("name") String name) {
        if (registry.isConfigured(name)) {
            throw ProblemException.conflict("source '" + name + "' comes from configuration; remove it there");
        }
        if (!definitions.delete(name)) {
            throw ProblemException.notFound("no source '" + name + "'");
        }
        poller.forget(name);
        states.delete(name);
        LOG.infof("source '%s' removed by %s", name, caller.name());
        return Response.noContent().build();
    }

    @POST
    @Path("{name}/scan")
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Fetch and scan a source now; answers how many new commits were scanned")
    public Map<String, Integer> scan(@PathParam("name") String name) {
        return Map.of("commits", poller.poll(existing(name)));
    }

    private GitSource existing(String name) {
        return registry.find(name).orElseThrow(() -> missing(name));
    }

    private static ProblemException missing(String name) {
        return ProblemException.notFound("no source '" + name + "'");
    }

    private SourceView view(GitSource source) {
        SourceStatus status = statuses.of(source.name());
        return new SourceView(source.name(), source.displayUrl(), source.branch(), source.application(), source.team(),
                source.from(),
                source.pollInterval() == null ? null : source.pollInterval().toString(),
                source.origin().name().toLowerCase(java.util.Locale.ROOT), source.credentialKind(),
                states.lastCommit(source.name()), status, poller.isStale(source, java.time.Instant.now()),
                replicas.ownerOf(source.name()));
    }
}

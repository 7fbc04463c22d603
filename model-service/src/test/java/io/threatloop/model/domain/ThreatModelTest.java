package io.threatloop.model.domain;

import io.threatloop.contracts.model.EntryPointAdded;
import io.threatloop.contracts.model.EntryPointChanged;
import io.threatloop.contracts.model.EntryPointRemoved;
import io.threatloop.contracts.model.ModelCreated;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.model.Provenance;
import io.threatloop.contracts.model.SourceScanFailed;
import io.threatloop.contracts.model.ThreatIdentified;
import io.threatloop.contracts.model.ThreatResolved;
import io.threatloop.contracts.observation.SourceRef;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiSurface;
import io.threatloop.contracts.surface.SecurityRequirement;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Given events, when a command, then events: no server involved. */
class ThreatModelTest {

    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private static final Provenance PROVENANCE = new Provenance("obs-1",
            new SourceRef("git", "file:///r", "c1", "openapi.yaml", "dev", Instant.EPOCH));

    private static ApiSurface surface(ApiOperation... operations) {
        return new ApiSurface("Accounts", "1", "openapi-3.0.3", List.of(), Map.of(), List.of(operations));
    }

    private static ApiOperation getAccount(boolean secured) {
        return new ApiOperation("GET /accounts/{}", "GET", "/accounts/{}", "getAccount", false,
                secured ? List.of(new SecurityRequirement(Map.of("bearer", List.of()))) : List.of(), List.of(),
                List.of(), List.of(), RATE_LIMITED, Map.of());
    }

    /** A declared 429 keeps the rate-limit rule quiet: these tests follow the authentication threat. */
    static final List<String> RATE_LIMITED = List.of("200", "429");

    private static ModelCommand apply(ApiSurface surface) {
        return new ModelCommand.ApplySpec("accounts", "openapi.yaml", surface, PROVENANCE);
    }

    private static List<ModelEvent> given(ModelCommand... history) {
        ThreatModel model = ThreatModel.empty("accounts");
        List<ModelEvent> all = new ArrayList<>();
        for (ModelCommand command : history) {
            for (ModelEvent event : model.decide(command, NOW).events()) {
                model = model.apply(event);
                all.add(event);
            }
        }
        return all;
    }

    @Test
    void aFirstSpecCreatesTheModelItsEntryPointsAndTheThreats() {
        List<ModelEvent> events = ThreatModel.empty("accounts").decide(apply(surface(getAccount(false))), NOW).events();

        assertThat(events).map(e -> e.getClass().getSimpleName())
                .containsExactly("ModelCreated", "EntryPointAdded", "ThreatIdentified");
        assertThat(events).extracting(ModelEvent::modelVersion).containsExactly(1L, 2L, 3L);
        ThreatIdentified threat = (ThreatIdentified) events.get(2);
        assertThat(threat.ruleId()).isEqualTo("API2-NO-AUTH");
        assertThat(threat.owaspCategory()).isEqualTo("API2:2023");
        assertThat(threat.target()).isEqualTo("GET /accounts/{}");
        assertThat(threat.context().authenticated()).isFalse();
        assertThat(threat.provenance()).isEqualTo(PROVENANCE);
    }

    @Test
    void addingAuthenticationChangesTheEntryPointAndResolvesTheThreat() {
        List<ModelEvent> history = given(apply(surface(getAccount(false))));
        ThreatModel model = ThreatModel.replay("accounts", history);

        List<ModelEvent> events = model.decide(apply(surface(getAccount(true))), NOW).events();

        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOfSatisfying(EntryPointChanged.class, changed -> {
            assertThat(changed.before().authenticated()).isFalse();
            assertThat(changed.after().authenticated()).isTrue();
            assertThat(changed.after().securitySchemes()).containsExactly("bearer");
        });
        assertThat(events.get(1)).isInstanceOfSatisfying(ThreatResolved.class, resolved ->
                assertThat(resolved.threatId()).isEqualTo(((ThreatIdentified) history.get(2)).threatId()));
        assertThat(events).extracting(ModelEvent::modelVersion).containsExactly(4L, 5L);
    }

    @Test
    void theSameSpecAgainChangesNothing() {
        List<ModelEvent> history = given(apply(surface(getAccount(false))));
        assertThat(ThreatModel.replay("accounts", history).decide(apply(surface(getAccount(false))), NOW).events()).isEmpty();
    }

    @Test
    void aThreatKeepsItsIdentityWhenItComesBack() {
        List<ModelEvent> history = given(apply(surface(getAccount(false))), apply(surface(getAccount(true))));
        List<ModelEvent> again = ThreatModel.replay("accounts", history).decide(apply(surface(getAccount(false))), NOW).events();
        ThreatIdentified first = (ThreatIdentified) history.get(2);
        assertThat(again).filteredOn(ThreatIdentified.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((ThreatIdentified) e).threatId()).isEqualTo(first.threatId()));
    }

    @Test
    void removingTheSpecRemovesItsEntryPointsAndResolvesItsThreats() {
        List<ModelEvent> history = given(apply(surface(getAccount(false))));
        List<ModelEvent> events = ThreatModel.replay("accounts", history)
                .decide(new ModelCommand.RemoveSpec("accounts", "openapi.yaml", PROVENANCE), NOW).events();
        assertThat(events).map(e -> e.getClass().getSimpleName())
                .containsExactly("EntryPointRemoved", "ThreatResolved");
        assertThat(((EntryPointRemoved) events.get(0)).entryPointId()).isEqualTo("GET /accounts/{}");
    }

    @Test
    void aScanFailureIsRecordedAndLeavesTheModelAsItWas() {
        List<ModelEvent> history = given(apply(surface(getAccount(false))));
        ThreatModel model = ThreatModel.replay("accounts", history);
        List<ModelEvent> events = model.decide(new ModelCommand.RecordScanFailure("accounts", "invalid YAML",
                "openapi.yaml:3:1", PROVENANCE), NOW).events();
        assertThat(events).singleElement().isInstanceOf(SourceScanFailed.class);
        ThreatModel after = model.apply(events.get(0));
        assertThat(after.entryPoints()).isEqualTo(model.entryPoints());
        assertThat(after.threats()).isEqualTo(model.threats());
        assertThat(after.version()).isEqualTo(model.version() + 1);
    }

    @Test
    void replayRebuildsTheState() {
        List<ModelEvent> history = given(apply(surface(getAccount(false))));
        ThreatModel model = ThreatModel.replay("accounts", history);
        assertThat(model.version()).isEqualTo(3);
        assertThat(model.entryPoints()).containsOnlyKeys("GET /accounts/{}");
        assertThat(model.threats()).hasSize(1);
        assertThat(history.get(0)).isInstanceOf(ModelCreated.class);
        assertThat(history.get(1)).isInstanceOf(EntryPointAdded.class);
    }

    @Test
    void invalidCommandsAreRefused() {
        assertThatThrownBy(() -> new ModelCommand.ApplySpec(" ", "openapi.yaml", surface(), PROVENANCE))
                .hasMessage("applicationId is required");
        assertThatThrownBy(() -> new ModelCommand.ApplySpec("a", "openapi.yaml", null, PROVENANCE))
                .hasMessage("surface is required");
    }

    @Test
    void everyEventOfALargeSpecFitsWhatAServiceMayQueue() throws Exception {
        // 10,000 operations with an e-mail each: listing every place made DataAssetsIdentified
        // larger than an event may be, and the spec could never be applied
        ApiSurface large = new io.threatloop.analysis.spec.SpecNormalizer().normalize("openapi.yaml",
                io.threatloop.testsupport.HostileSpecs.large(10_000).getBytes()).surface();

        List<ModelEvent> events = ThreatModel.empty("accounts").decide(apply(large), NOW).events();

        assertThat(events).hasSizeGreaterThan(10_000);
        Map<String, Integer> tooLarge = new java.util.TreeMap<>();
        for (ModelEvent event : events) {
            int chars = io.threatloop.contracts.EventCodec.encode(
                    io.threatloop.contracts.Envelope.of("id", "/test", NOW, "c", "c", event)).length();
            if (chars > io.threatloop.contracts.EventCodec.MAX_EVENT_CHARS) {
                tooLarge.merge(event.getClass().getSimpleName(), chars, Math::max);
            }
        }
        assertThat(tooLarge).as("the largest event over the limit, by type").isEmpty();
        assertThat(events).filteredOn(io.threatloop.contracts.model.DataAssetsIdentified.class::isInstance)
                .singleElement().satisfies(e -> assertThat(((io.threatloop.contracts.model.DataAssetsIdentified) e)
                        .assets()).extracting(io.threatloop.contracts.model.DataAsset::locationCount)
                        .contains(10_000));
    }

    @Test
    void personalDataInResponsesBecomesClassifiedDataAssetsOfTheSpec() {
        ApiOperation withEmail = new ApiOperation("GET /accounts/{}", "GET", "/accounts/{}", "getAccount", false,
                List.of(new SecurityRequirement(Map.of("bearer", List.of()))), List.of(), List.of(),
                List.of(new io.threatloop.contracts.surface.ApiField("owner.email", "string", "email", false, false,
                        false, null, null, false)), List.of("200"), Map.of());
        ThreatModel model = ThreatModel.empty("accounts");
        List<ModelEvent> first = model.decide(apply(surface(withEmail)), NOW).events();

        io.threatloop.contracts.model.DataAssetsIdentified assets = first.stream()
                .filter(io.threatloop.contracts.model.DataAssetsIdentified.class::isInstance)
                .map(io.threatloop.contracts.model.DataAssetsIdentified.class::cast).findFirst().orElseThrow();
        assertThat(assets.assets()).singleElement().satisfies(asset -> {
            assertThat(asset.category()).isEqualTo("e-mail");
            assertThat(asset.classification()).isEqualTo("confidential");
            assertThat(asset.locations()).containsExactly("GET /accounts/{} response owner.email");
        });
        model = model.applyAll(first);
        assertThat(model.decide(apply(surface(withEmail)), NOW).events()).isEmpty();
        assertThat(model.decide(new ModelCommand.RemoveSpec("accounts", "openapi.yaml", PROVENANCE), NOW).events())
                .filteredOn(io.threatloop.contracts.model.DataAssetsIdentified.class::isInstance)
                .singleElement().satisfies(e -> assertThat(
                        ((io.threatloop.contracts.model.DataAssetsIdentified) e).assets()).isEmpty());
    }
}

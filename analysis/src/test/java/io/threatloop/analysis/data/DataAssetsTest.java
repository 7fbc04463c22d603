package io.threatloop.analysis.data;

import io.threatloop.contracts.model.DataAsset;
import io.threatloop.contracts.surface.ApiField;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiSurface;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DataAssetsTest {

    private static ApiField field(String path, String format) {
        return new ApiField(path, "string", format, false, false, false, null, null, false);
    }

    @Test
    void sensitiveFieldsBecomeClassifiedAssetsWithWhereTheyAppear() {
        ApiOperation get = new ApiOperation("GET /accounts/{}", "GET", "/accounts/{}", null, false, List.of(), List.of(),
                List.of(), List.of(field("owner.email", null), field("owner.iban", null), field("nickname", null)),
                List.of("200"), Map.of());
        ApiOperation login = new ApiOperation("POST /login", "POST", "/login", null, false, List.of(), List.of(),
                List.of(field("password", "password")), List.of(field("accessToken", null)), List.of("200"), Map.of());

        List<DataAsset> assets = DataAssets.of(new ApiSurface("A", "1", "openapi-3.0.3", List.of(), Map.of(),
                List.of(get, login)));

        assertThat(assets).extracting(DataAsset::category, DataAsset::classification, DataAsset::personalData)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("bank-account", "restricted", true),
                        org.assertj.core.groups.Tuple.tuple("credentials", "restricted", false),
                        org.assertj.core.groups.Tuple.tuple("e-mail", "confidential", true),
                        org.assertj.core.groups.Tuple.tuple("token", "restricted", false));
        assertThat(assets.get(2).locations()).containsExactly("GET /accounts/{} response owner.email");
        assertThat(assets.get(1).locations()).containsExactly("POST /login request password");
    }

    @Test
    void aLargeSpecListsTheFirstPlacesOfEachAssetResponsesFirstAndCountsThemAll() throws Exception {
        String longPath = "/tenants/{}/" + "segment/".repeat(60) + "items";
        List<ApiOperation> operations = new java.util.ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            operations.add(new ApiOperation("POST " + longPath + i, "POST", longPath + i, null, false, List.of(), List.of(),
                    List.of(field("contact.email", null)), List.of(field("owner.email", null)), List.of("200"), Map.of()));
        }

        List<DataAsset> assets = DataAssets.of(new ApiSurface("A", "1", "openapi-3.0.3", List.of(), Map.of(), operations));

        assertThat(assets).singleElement().satisfies(email -> {
            assertThat(email.locationCount()).isEqualTo(20_000);
            assertThat(email.locations()).hasSizeLessThanOrEqualTo(DataAssets.MAX_LISTED).isNotEmpty()
                    .allMatch(location -> location.contains(" response "));
            assertThat(String.join("", email.locations())).hasSizeLessThanOrEqualTo(DataAssets.MAX_LISTED_CHARS);
        });
        // what the model publishes from it stays within what a service may queue
        var event = new io.threatloop.contracts.model.DataAssetsIdentified("a", 1, "openapi.yaml",
                java.util.Collections.nCopies(io.threatloop.analysis.data.SensitiveData.categories().size(), assets.get(0)),
                null);
        assertThat(io.threatloop.contracts.EventCodec.encode(io.threatloop.contracts.Envelope.of("id", "/test",
                java.time.Instant.now(), "c", "c", event)).length()).isLessThan(io.threatloop.contracts.EventCodec.MAX_EVENT_CHARS);
    }

    @Test
    void aSmallSpecListsEveryPlace() {
        ApiOperation get = new ApiOperation("GET /a", "GET", "/a", null, false, List.of(), List.of(),
                List.of(), List.of(field("email", null)), List.of("200"), Map.of());
        ApiOperation post = new ApiOperation("POST /a", "POST", "/a", null, false, List.of(), List.of(),
                List.of(field("email", null)), List.of(), List.of("200"), Map.of());
        assertThat(DataAssets.of(new ApiSurface("A", "1", "openapi-3.0.3", List.of(), Map.of(), List.of(get, post))))
                .singleElement().satisfies(email -> {
                    assertThat(email.locations()).containsExactly("GET /a response email", "POST /a request email");
                    assertThat(email.locationCount()).isEqualTo(2);
                });
    }
}

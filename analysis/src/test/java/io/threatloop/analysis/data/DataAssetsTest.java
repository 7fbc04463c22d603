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
}

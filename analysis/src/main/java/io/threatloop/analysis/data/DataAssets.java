package io.threatloop.analysis.data;

import io.threatloop.contracts.model.DataAsset;
import io.threatloop.contracts.surface.ApiField;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiParameter;
import io.threatloop.contracts.surface.ApiSurface;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The data assets of an API surface: every sensitive field of a request or response, or
 * parameter, grouped by category, with the classification the category implies. Secrets and
 * financial or government identifiers are restricted; other personal data is confidential.
 */
public final class DataAssets {

    private static final Set<String> RESTRICTED = Set.of("credentials", "token", "card-number", "bank-account",
            "national-id");
    private static final Set<String> NOT_PERSONAL = Set.of("credentials", "token");

    private DataAssets() {
    }

    public static List<DataAsset> of(ApiSurface surface) {
        Map<String, Set<String>> locations = new TreeMap<>();
        for (ApiOperation op : surface.operations()) {
            for (ApiParameter parameter : op.parameters()) {
                add(locations, parameter.name(), parameter.format(), op.id() + " " + parameter.in()
                        + " parameter " + parameter.name());
            }
            for (ApiField field : op.requestFields()) {
                add(locations, field.path(), field.format(), op.id() + " request " + field.path());
            }
            Set<String> responsePaths = new java.util.HashSet<>();
            op.responseFields().forEach(field -> responsePaths.add(field.path()));
            for (ApiField field : op.responseFields()) {
                SensitiveData.categoryOf(field.path(), field.format(), responsePaths).ifPresent(category ->
                        locations.computeIfAbsent(category, c -> new TreeSet<>())
                                .add(op.id() + " response " + field.path()));
            }
        }
        List<DataAsset> assets = new ArrayList<>();
        locations.forEach((category, where) -> assets.add(new DataAsset(category,
                RESTRICTED.contains(category) ? "restricted" : "confidential", !NOT_PERSONAL.contains(category),
                new ArrayList<>(where))));
        return assets;
    }

    private static void add(Map<String, Set<String>> locations, String name, String format, String where) {
        SensitiveData.categoryOf(name, format).ifPresent(category ->
                locations.computeIfAbsent(category, c -> new TreeSet<>()).add(where));
    }
}

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
 * parameter, grouped by category, with the classification the category implies and where it
 * appears (the first places of a large spec, and how many there are). Secrets and
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
            for (ApiField field : op.responseFields()) {
                SensitiveData.categoryOf(field, op.responseFields()).ifPresent(category ->
                        locations.computeIfAbsent(category, c -> new TreeSet<>())
                                .add(op.id() + " response " + field.path()));
            }
        }
        List<DataAsset> assets = new ArrayList<>();
        locations.forEach((category, where) -> {
            List<String> listed = listed(where);
            assets.add(new DataAsset(category, RESTRICTED.contains(category) ? "restricted" : "confidential",
                    !NOT_PERSONAL.contains(category), listed, where.size() - listed.size()));
        });
        return assets;
    }

    /**
     * How many locations of one asset are listed, and how many characters they may take: every
     * category of a spec together stays well within {@code EventCodec.MAX_EVENT_CHARS}
     * (Xero's accounting API has 8,018 locations, 780,000 characters of them).
     */
    static final int MAX_LISTED = 100;
    static final int MAX_LISTED_CHARS = 8_000;

    /** The locations to list, those in responses (what the API discloses) first, each group in order. */
    private static List<String> listed(Set<String> where) {
        List<String> ordered = new ArrayList<>(where.size());
        where.stream().filter(DataAssets::inResponse).forEach(ordered::add);
        where.stream().filter(location -> !inResponse(location)).forEach(ordered::add);
        List<String> listed = new ArrayList<>();
        int chars = 0;
        for (String location : ordered) {
            if (listed.size() == MAX_LISTED || chars + location.length() > MAX_LISTED_CHARS) {
                break;
            }
            listed.add(location);
            chars += location.length();
        }
        return listed;
    }

    /** Whether a location is in a response ({@code GET /a response owner.email}). */
    private static boolean inResponse(String location) {
        return location.contains(" response ");
    }

    private static void add(Map<String, Set<String>> locations, String name, String format, String where) {
        SensitiveData.categoryOf(name, format).ifPresent(category ->
                locations.computeIfAbsent(category, c -> new TreeSet<>()).add(where));
    }
}

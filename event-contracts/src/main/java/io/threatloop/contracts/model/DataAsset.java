package io.threatloop.contracts.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A kind of data the application handles, found from schema field names and formats:
 * {@code category} (e-mail, phone, postal-address, birth-date, national-id, card-number,
 * bank-account, credentials, token, person-name, location), its {@code classification}
 * ({@code restricted} or {@code confidential}), whether it is personal data, and where it
 * appears ({@code GET /accounts/{} response owner.email}). A large spec lists only the first
 * of its places (those in responses first), so the event stays within
 * {@code EventCodec.MAX_EVENT_CHARS} however many there are; {@code unlisted} counts the rest
 * (absent when every place is listed, as in every event written before it was counted).
 */
public record DataAsset(String category, String classification, boolean personalData, List<String> locations,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Integer unlisted) {
    public DataAsset {
        locations = List.copyOf(locations);
        unlisted = unlisted == null || unlisted <= 0 ? null : unlisted;
    }

    /** An asset whose every place is listed. */
    public DataAsset(String category, String classification, boolean personalData, List<String> locations) {
        this(category, classification, personalData, locations, null);
    }

    /** In how many places the data appears, listed or not. */
    public int locationCount() {
        return locations.size() + (unlisted == null ? 0 : unlisted);
    }

    /** The same asset under another classification (a model file's declaration overrides the default). */
    public DataAsset classified(String classification) {
        return new DataAsset(category, classification, personalData, locations, unlisted);
    }
}

package io.threatloop.contracts.model;

import java.util.List;

/**
 * A kind of data the application handles, found from schema field names and formats:
 * {@code category} (e-mail, phone, postal-address, birth-date, national-id, card-number,
 * bank-account, credentials, token, person-name, location), its {@code classification}
 * ({@code restricted} or {@code confidential}), whether it is personal data, and where it
 * appears ({@code GET /accounts/{} response owner.email}).
 */
public record DataAsset(String category, String classification, boolean personalData, List<String> locations) {
    public DataAsset {
        locations = List.copyOf(locations);
    }
}

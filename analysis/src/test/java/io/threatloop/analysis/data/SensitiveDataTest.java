package io.threatloop.analysis.data;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SensitiveDataTest {

    @Test
    void recognisesPersonalDataAndSecretsByNameAndFormat() {
        assertThat(SensitiveData.categoryOf("user.email", null)).contains("e-mail");
        assertThat(SensitiveData.categoryOf("contact", "email")).contains("e-mail");
        assertThat(SensitiveData.categoryOf("emailAddress", null)).contains("e-mail");
        assertThat(SensitiveData.categoryOf("email_subject", null)).as("the text of an e-mail is no address").isEmpty();
        assertThat(SensitiveData.categoryOf("emailVerified", null)).isEmpty();
        assertThat(SensitiveData.categoryOf("items[].cardNumber", null)).contains("card-number");
        assertThat(SensitiveData.categoryOf("owner.dateOfBirth", null)).contains("birth-date");
        assertThat(SensitiveData.categoryOf("accessToken", null)).contains("token");
        assertThat(SensitiveData.categoryOf("password", null)).contains("credentials");
        assertThat(SensitiveData.categoryOf("billing.postalCode", null)).contains("postal-address");
    }

    @Test
    void ordinaryFieldsAreNotSensitive() {
        assertThat(SensitiveData.categoryOf("name", null)).isEmpty();
        assertThat(SensitiveData.categoryOf("items[].quantity", null)).isEmpty();
        assertThat(SensitiveData.categoryOf("createdAt", "date-time")).isEmpty();
    }

    @Test
    void webAndNetworkAddressesAreNotPostalAddresses() {
        assertThat(SensitiveData.categoryOf("shopWebAddress", null)).isEmpty();
        assertThat(SensitiveData.categoryOf("ipAddress", null)).contains("location");
        assertThat(SensitiveData.categoryOf("billingAddress", null)).contains("postal-address");
    }

    @Test
    void pagingTokensAreNotSecrets() {
        assertThat(SensitiveData.categoryOf("nextPageToken", null)).isEmpty();
        assertThat(SensitiveData.categoryOf("page_token", null)).isEmpty();
        assertThat(SensitiveData.categoryOf("cursor_token", null)).isEmpty();
        assertThat(SensitiveData.categoryOf("refreshToken", null)).contains("token");
    }
}

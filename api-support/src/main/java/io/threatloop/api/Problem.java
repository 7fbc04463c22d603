package io.threatloop.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** An error as RFC 9457 problem details ({@code application/problem+json}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field of a request, by its JSON name or query parameter. */
    public record FieldError(String field, String message) {
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null);
    }

    public static Problem invalid(String field, String message) {
        return new Problem("urn:threatloop:problem:invalid-request", "Invalid request", 400, message,
                List.of(new FieldError(field, message)));
    }
}

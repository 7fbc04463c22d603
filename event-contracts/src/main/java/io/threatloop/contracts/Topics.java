package io.threatloop.contracts;

/** The Kafka topics every service agrees on (see docs/ARCHITECTURE.md). */
public final class Topics {
    public static final String API_OBSERVATIONS = "api-observations";
    public static final String THREATMODEL_EVENTS = "threatmodel-events";
    public static final String RISK_CHANGES = "risk-changes";
    public static final String REVIEW_TASKS = "review-tasks";

    public static final java.util.List<String> ALL = java.util.List.of(
            API_OBSERVATIONS, THREATMODEL_EVENTS, RISK_CHANGES, REVIEW_TASKS);

    private Topics() {
    }

    /** Records a consumer could not process go here, with the reason in a header. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}

package io.threatloop.contracts;

/** The Kafka topics every service agrees on (see docs/ARCHITECTURE.md). */
public final class Topics {
    public static final String API_OBSERVATIONS = "api-observations";
    public static final String THREATMODEL_EVENTS = "threatmodel-events";
    public static final String RISK_CHANGES = "risk-changes";
    public static final String REVIEW_TASKS = "review-tasks";

    public static final java.util.List<String> ALL = java.util.List.of(
            API_OBSERVATIONS, THREATMODEL_EVENTS, RISK_CHANGES, REVIEW_TASKS);

    /** Every topic followed by its dead-letter topic. */
    public static final java.util.List<String> ALL_WITH_DEAD_LETTERS = ALL.stream()
            .flatMap(topic -> java.util.stream.Stream.of(topic, topic + ".dlq")).toList();

    private Topics() {
    }

    /** Records a consumer could not process go here, with the reason in a header. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}

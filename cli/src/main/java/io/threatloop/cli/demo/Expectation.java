package io.threatloop.cli.demo;

import io.threatloop.runtime.RecordedEvent;

import java.util.function.Predicate;

/** An event the demo waits for: its type, caused (correlated) by one commit, and what must hold of it. */
public record Expectation(String type, String description, Predicate<RecordedEvent> check) {

    public boolean metBy(RecordedEvent record, String commitId) {
        return record.is(type) && commitId.equals(record.event().correlationid()) && check.test(record);
    }

    public static Expectation of(String type, String description) {
        return new Expectation(type, description, r -> true);
    }
}

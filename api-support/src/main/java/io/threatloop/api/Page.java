package io.threatloop.api;

import java.util.List;

/**
 * One page of a list in a stable order: {@code items}, the page's number from 0, its size and the
 * total the list holds, so a client knows whether to ask for the next one.
 */
public record Page<T>(List<T> items, int page, int size, long total) {

    public static <T> Page<T> empty(int page, int size) {
        return new Page<>(List.of(), page, size, 0);
    }
}

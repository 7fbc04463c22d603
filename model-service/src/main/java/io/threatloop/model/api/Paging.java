package io.threatloop.model.api;

import io.threatloop.model.domain.CommandRejected;

/**
 * The one rule for list parameters: pages start at 0, a page holds 1 to 200 items, and a page
 * starts within the first {@value #MAX_OFFSET} items (page × size once overflowed an int: a 500).
 */
final class Paging {

    static final int MAX_PAGE_SIZE = 200;
    static final long MAX_OFFSET = 10_000_000;

    private Paging() {
    }

    static void check(int page, int size) {
        if (page < 0) {
            throw CommandRejected.invalid("page", "page starts at 0");
        }
        checkSize(size);
        if ((long) page * size > MAX_OFFSET) {
            throw CommandRejected.invalid("page", "page × size is at most " + MAX_OFFSET + " (page " + page
                    + " of " + size + " items is beyond it)");
        }
    }

    static void checkSize(int size) {
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw CommandRejected.invalid("size", "size is between 1 and " + MAX_PAGE_SIZE);
        }
    }
}

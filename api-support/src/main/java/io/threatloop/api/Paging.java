package io.threatloop.api;

/**
 * The one rule for every list the API returns: pages start at 0, a page holds 1 to
 * {@value #MAX_PAGE_SIZE} items ({@value #DEFAULT_SIZE} unless asked), and a page starts within
 * the first {@value #MAX_OFFSET} items (page × size once overflowed an int: a 500).
 */
public final class Paging {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 200;
    public static final long MAX_OFFSET = 10_000_000;

    private Paging() {
    }

    public static void check(int page, int size) {
        if (page < 0) {
            throw ProblemException.invalid("page", "page starts at 0");
        }
        checkSize(size);
        if ((long) page * size > MAX_OFFSET) {
            throw ProblemException.invalid("page", "page × size is at most " + MAX_OFFSET + " (page " + page
                    + " of " + size + " items is beyond it)");
        }
    }

    public static void checkSize(int size) {
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ProblemException.invalid("size", "size is between 1 and " + MAX_PAGE_SIZE);
        }
    }

    /** The first item of the page, for SQL's {@code offset}. */
    public static int offset(int page, int size) {
        return page * size;
    }
}

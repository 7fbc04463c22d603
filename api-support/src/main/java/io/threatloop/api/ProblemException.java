package io.threatloop.api;

/** A request the API refuses, answered as its {@link Problem}. */
public final class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(Problem.invalid(field, message));
    }

    public static ProblemException notFound(String message) {
        return new ProblemException(Problem.of(404, "Not found", message));
    }

    public static ProblemException conflict(String message) {
        return new ProblemException(Problem.of(409, "Conflict", message));
    }

    public Problem problem() {
        return problem;
    }
}

package dev.handoff.app.platform;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.util.stream.Collectors;

/**
 * Every error response of the API as {@code application/problem+json} (RFC 9457, "Problem Details for
 * HTTP APIs"): {@code type} ({@code about:blank}), {@code title} (the status's reason phrase),
 * {@code status}, {@code detail} (what went wrong, in a sentence) and {@code instance} (the request
 * path). Covers our own errors ({@link Problems}) and Micronaut's (malformed JSON, unknown routes,
 * unconvertible path variables, oversized bodies) and Bean Validation's (each violated constraint as
 * "{@code limit must be less than or equal to 200}").
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
class ProblemResponses implements ErrorResponseProcessor<ProblemResponses.Problem> {

    static final MediaType PROBLEM_JSON = MediaType.of("application/problem+json");

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> base) {
        HttpStatus status = base.getStatus();
        String detail = context.getErrors().stream().map(Error::getMessage).filter(m -> m != null && !m.isBlank())
                .collect(Collectors.joining("; "));
        var violations = context.getRootCause().filter(e -> e instanceof jakarta.validation.ConstraintViolationException)
                .map(e -> ((jakarta.validation.ConstraintViolationException) e).getConstraintViolations());
        if (violations.isPresent() && !violations.get().isEmpty()) {
            // Bean Validation on request parameters and bodies: "limit must be less than or equal to 200"
            detail = violations.get().stream().map(ProblemResponses::describe).sorted().collect(Collectors.joining("; "));
        }
        if (detail.isEmpty()) {
            detail = status.getReason();
        }
        if (status.getCode() >= 500) {
            detail = "The server could not complete the request; nothing already stored was changed. Try again later.";
        }
        context.getRootCause().filter(e -> e instanceof dev.handoff.app.security.RateLimiter.RateLimitedException)
                .ifPresent(e -> base.header("Retry-After", Long.toString(((dev.handoff.app.security.RateLimiter.RateLimitedException) e).retryAfterSeconds())));
        return base.contentType(PROBLEM_JSON).body(new Problem("about:blank", status.getReason(), status.getCode(), detail,
                context.getRequest().getPath()));
    }

    /** @return a violated constraint as "{@code <parameter or field> <message>}", without the method's name */
    private static String describe(jakarta.validation.ConstraintViolation<?> v) {
        String name = null;
        for (jakarta.validation.Path.Node node : v.getPropertyPath()) {
            if (node.getName() != null && node.getKind() != jakarta.validation.ElementKind.METHOD) {
                name = name == null ? node.getName() : name + "." + node.getName();
            }
        }
        return name == null ? v.getMessage() : name + " " + v.getMessage();
    }

    /**
     * @param type     problem type URI ({@code about:blank}: the status says it all)
     * @param title    short summary, the status's reason phrase
     * @param status   HTTP status code
     * @param detail   explanation specific to this occurrence
     * @param instance the request path
     */
    @Serdeable
    record Problem(String type, String title, int status, String detail, @Nullable String instance) {
    }
}

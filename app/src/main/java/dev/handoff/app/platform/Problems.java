package dev.handoff.app.platform;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;

/**
 * Factory methods for errors that reach API clients as {@code application/problem+json}
 * (RFC 9457) through {@link ProblemResponses}.
 */
public final class Problems {

    private Problems() {
    }

    /** @return a 404 naming what was not found, e.g. {@code "Conversation not found"} */
    public static HttpStatusException notFound(String what) {
        return new HttpStatusException(HttpStatus.NOT_FOUND, what + " not found");
    }

    /** @return a 400 with {@code detail} as the message */
    public static HttpStatusException badRequest(String detail) {
        return new HttpStatusException(HttpStatus.BAD_REQUEST, detail);
    }

    /** @return a 401 with {@code detail} as the message */
    public static HttpStatusException unauthorized(String detail) {
        return new HttpStatusException(HttpStatus.UNAUTHORIZED, detail);
    }

    /** @return a 403 with {@code detail} as the message */
    public static HttpStatusException forbidden(String detail) {
        return new HttpStatusException(HttpStatus.FORBIDDEN, detail);
    }

    /** @return a 413 with {@code detail} as the message */
    public static HttpStatusException tooLarge(String detail) {
        return new HttpStatusException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, detail);
    }

    /** @return a 409 with {@code detail} as the message */
    public static HttpStatusException conflict(String detail) {
        return new HttpStatusException(HttpStatus.CONFLICT, detail);
    }

    /** @return a 422 with {@code detail} as the message */
    public static HttpStatusException unprocessable(String detail) {
        return new HttpStatusException(HttpStatus.UNPROCESSABLE_ENTITY, detail);
    }

    /** @return a 415 with {@code detail} as the message */
    public static HttpStatusException unsupportedMediaType(String detail) {
        return new HttpStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, detail);
    }
}

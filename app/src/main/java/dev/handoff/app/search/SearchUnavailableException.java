package dev.handoff.app.search;

/** A search backend could not be reached or refused a request (an Elasticsearch outage, say). */
public class SearchUnavailableException extends RuntimeException {

    public SearchUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

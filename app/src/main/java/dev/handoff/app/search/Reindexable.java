package dev.handoff.app.search;

/** Something that can rebuild a search index from the database (the FAQ, the conversations). */
public interface Reindexable {

    /** @return what is rebuilt, e.g. {@code faq} */
    String name();

    /**
     * Rebuilds the index in full from the database ({@link IndexRebuild}: searches keep being answered
     * meanwhile) and makes it live.
     *
     * @return documents indexed
     */
    int rebuild();
}

package dev.handoff.app.search;

/** Which rankings a search uses: BM25 only, kNN only, or both fused with reciprocal rank fusion. */
public enum SearchMode { keyword, vector, hybrid }

package dev.lottery.features;

/**
 * What a stored entry was computed from: a small tree of records, serialised canonically
 * ({@link CanonicalJson}); the SHA-256 of that text is the entry's cache key, and the text is stored
 * beside the entry ({@code <key>.provenance.json}). Anything an entry depends on belongs in its
 * record: then a change to it gives another key by construction, never a stale hit.
 */
public interface Provenance {

    /** The store kind of the entry this record describes (its folder under the cache). */
    String kind();

    /** The canonical text: the envelope {@code {"kind": ..., "provenance": this}} with sorted keys. */
    default String canonical() {
        return CanonicalJson.of(kind(), this);
    }

    /** The cache key: SHA-256 (hex) of {@link #canonical()}. */
    default String key() {
        return CanonicalJson.sha256(canonical());
    }
}

package io.starling.storage.check;

/**
 * One inconsistency found by {@link TabletChecker}: a row of {@code ADMIN CHECK}'s answer.
 *
 * @param tabletId the tablet
 * @param kind what is wrong
 * @param file the file or meta-store key concerned ("" when none)
 * @param detail a sentence for the operator
 */
public record Problem(long tabletId, Kind kind, String file, String detail)
{
    /** What is wrong; the names are what ADMIN CHECK prints. */
    public enum Kind
    {
        /** A file a version or pending rowset references does not exist. */
        MISSING_FILE,
        /** A file fails its checksum or does not parse. */
        CORRUPT_FILE,
        /** A file in the tablet's directories that nothing references (would leak). */
        STRAY_FILE,
        /** A delete vector the meta references is missing from the meta store. */
        MISSING_DELVEC,
        /** A stored delete vector fails its checksum or does not parse. */
        CORRUPT_DELVEC,
        /** A delete vector marks a row at or beyond its segment's row count. */
        DELVEC_OUT_OF_RANGE,
        /** Two live rows of a PRIMARY tablet have the same key. */
        DUPLICATE_KEY,
        /** A live row's key is not in the primary index. */
        INDEX_MISSING_KEY,
        /** The primary index maps a key to another row than its live one. */
        INDEX_WRONG_LOCATION,
        /** The primary index holds a key no live row has. */
        INDEX_STALE_KEY,
        /** The primary index's size differs from the number of live rows. */
        INDEX_SIZE,
        /** The persistent index's marker or an entry is malformed. */
        CORRUPT_INDEX
    }
}

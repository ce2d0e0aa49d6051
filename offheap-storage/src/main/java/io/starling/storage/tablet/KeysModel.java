package io.starling.storage.tablet;

/**
 * The table model of a tablet (StarRocks' KeysType). The ordinal is the wire and disk code; it matches the
 * frontend's {@code KeysType} order and must never be reordered.
 */
public enum KeysModel
{
    /** Every loaded row is kept (DUPLICATE KEY). */
    DUPLICATE,
    /** Rows with equal keys are merged by the value columns' aggregate functions at read time (AGGREGATE KEY). */
    AGGREGATE,
    /** The newest row of a key wins (UNIQUE KEY). */
    UNIQUE,
    /** Delete-and-insert with a primary index and delete vectors; readers never merge (PRIMARY KEY). */
    PRIMARY;

    public static KeysModel ofCode(int code)
    {
        KeysModel[] all = values();
        if (code < 0 || code >= all.length) {
            throw new IllegalArgumentException("unknown keys model code " + code);
        }
        return all[code];
    }

    /** Whether loads replace rows by key (so rowsets are written sorted and deduplicated by key). */
    public boolean replacesByKey()
    {
        return this == UNIQUE || this == PRIMARY;
    }
}

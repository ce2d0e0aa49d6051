package io.starling.exec.hash;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;

import java.util.List;

/**
 * Maps group-by keys to dense group ids (0, 1, 2, ... in first-seen order). NULL is a key like any other
 * (SQL GROUP BY puts all NULLs in one group).
 */
public interface GroupByHashTable
        extends AutoCloseable
{
    /**
     * The fastest table for the key types: {@link LongGroupByHashTable} for one fixed-width key of at most
     * 8 bytes, {@link PackedGroupByHashTable} for small keys that pack into one long together (integers up to 4
     * bytes, short CHAR/VARCHAR), {@link SerializedGroupByHashTable} otherwise. State is accounted to {@code account}.
     */
    static GroupByHashTable create(List<DataType> keyTypes, MemoryAccount account)
    {
        if (keyTypes.size() == 1) {
            PhysicalType p = keyTypes.getFirst().physical();
            if (p.isFixedWidth() && p != PhysicalType.INT128) {
                return new LongGroupByHashTable(keyTypes.getFirst(), account);
            }
        }
        if (PackedGroupByHashTable.supports(keyTypes)) {
            return new PackedGroupByHashTable(keyTypes, account);
        }
        return new SerializedGroupByHashTable(keyTypes, account);
    }

    /**
     * Looks up (inserting when new) the key of every logical row of {@code batch}.
     *
     * @param keys key columns evaluated on {@code batch} (values at its physical positions)
     * @param groupIds output, {@code groupIds[i]} is the group of logical row {@code i}
     */
    void findOrInsert(ColumnVector[] keys, ColumnBatch batch, int[] groupIds);

    /** Number of groups so far. */
    int groupCount();

    /** Writes the keys of groups {@code [firstGroup, firstGroup + count)} into rows {@code 0..count-1} of {@code out}. */
    void writeKeys(int firstGroup, int count, ColumnVector[] out);

    @Override
    void close();
}

package io.starling.exec.sort;

import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;

import java.util.List;

/**
 * Compares two rows by a list of sort keys, each with its direction and null placement. A row is given as an
 * array of vectors, the index of its first key vector in that array, and the physical row; so rows of a
 * batch (keys evaluated separately) and rows of a {@link io.starling.exec.hash.RowStore} chunk (keys stored
 * after the data columns) compare alike.
 */
public final class RowComparator
{
    private final PhysicalType[] physical;
    private final boolean[] ascending;
    private final boolean[] nullsFirst;

    public RowComparator(List<DataType> keyTypes, List<SortKey> keys)
    {
        int n = keys.size();
        physical = new PhysicalType[n];
        ascending = new boolean[n];
        nullsFirst = new boolean[n];
        for (int k = 0; k < n; k++) {
            physical[k] = keyTypes.get(k).physical();
            ascending[k] = keys.get(k).ascending();
            nullsFirst[k] = keys.get(k).nullsFirst();
        }
    }

    /** Negative if row a sorts before row b, 0 if equal on every key, positive otherwise. */
    public int compare(ColumnVector[] a, int aFirstKey, int ra, ColumnVector[] b, int bFirstKey, int rb)
    {
        for (int k = 0; k < physical.length; k++) {
            ColumnVector va = a[aFirstKey + k];
            ColumnVector vb = b[bFirstKey + k];
            boolean na = va.isNull(ra);
            boolean nb = vb.isNull(rb);
            int c;
            if (na || nb) {
                if (na && nb) {
                    continue;
                }
                // NULL placement is independent of the direction
                return na == nullsFirst[k] ? -1 : 1;
            }
            c = ValueComparator.compare(va, ra, vb, rb, physical[k]);
            if (c != 0) {
                return ascending[k] ? c : -c;
            }
        }
        return 0;
    }
}

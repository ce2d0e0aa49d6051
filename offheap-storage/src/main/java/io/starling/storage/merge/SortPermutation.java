package io.starling.storage.merge;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.PhysicalType;

import java.util.List;

/**
 * Sorts rows held in column batches by sort-key columns without moving them: the result is a permutation of row
 * references ({@code batchIndex * MAX_ROWS + row}), stable (equal keys keep arrival order, so the last of equal keys
 * is the newest). The caller then gathers the rows in that order. The leading key column, when integer-like
 * (integers, DATE, DATETIME, DECIMAL up to 18 digits), is first copied into a {@code long[]} so most comparisons are
 * two array loads; ties fall back to {@link RowComparator} over the vectors. Merge sort with a "runs already in
 * order" check: input that arrives sorted (a common load pattern) costs one pass.
 */
public final class SortPermutation
{
    private final List<ColumnBatch> chunks;
    private final int[] keys;
    private final long[] lead;
    private final boolean[] leadNull;

    private SortPermutation(List<ColumnBatch> chunks, int[] keys, int n)
    {
        this.chunks = chunks;
        this.keys = keys;
        ColumnVector first = chunks.getFirst().column(keys[0]);
        PhysicalType p = first.physical();
        if (p == PhysicalType.BYTE || p == PhysicalType.SHORT || p == PhysicalType.INT || p == PhysicalType.LONG) {
            lead = new long[n];
            leadNull = new boolean[n];
            int ref = 0;
            for (ColumnBatch b : chunks) {
                ColumnVector v = b.column(keys[0]);
                boolean nulls = v.hasNulls();
                for (int r = 0; r < b.rowCount(); r++, ref++) {
                    if (nulls && v.isNull(r)) {
                        leadNull[ref] = true;
                    }
                    else {
                        lead[ref] = v.getLongValue(r);
                    }
                }
            }
        }
        else {
            lead = null;
            leadNull = null;
        }
    }

    /**
     * The sorted order of the rows of {@code chunks}; every chunk but the last must be full ({@link
     * ColumnBatch#MAX_ROWS} rows), so a row's reference is its arrival index.
     */
    public static int[] sort(List<ColumnBatch> chunks, int[] keys)
    {
        int n = 0;
        for (ColumnBatch b : chunks) {
            n += b.rowCount();
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (n < 2 || keys.length == 0) {
            return order;
        }
        SortPermutation s = new SortPermutation(chunks, keys, n);
        int[] aux = new int[n];
        s.mergeSort(order, aux, 0, n);
        return order;
    }

    private int compare(int a, int b)
    {
        if (lead != null) {
            boolean an = leadNull[a];
            boolean bn = leadNull[b];
            if (an != bn) {
                return an ? -1 : 1;
            }
            if (!an) {
                int c = Long.compare(lead[a], lead[b]);
                if (c != 0) {
                    return c;
                }
            }
            if (keys.length == 1) {
                return 0;
            }
        }
        ColumnBatch x = chunks.get(a / ColumnBatch.MAX_ROWS);
        ColumnBatch y = chunks.get(b / ColumnBatch.MAX_ROWS);
        return RowComparator.compareRows(x.columns(), a % ColumnBatch.MAX_ROWS, y.columns(), b % ColumnBatch.MAX_ROWS, keys);
    }

    /** Stable top-down merge sort of {@code a[from, to)}; insertion sort below 32 elements. */
    private void mergeSort(int[] a, int[] aux, int from, int to)
    {
        int len = to - from;
        if (len < 32) {
            for (int i = from + 1; i < to; i++) {
                int v = a[i];
                int j = i - 1;
                while (j >= from && compare(a[j], v) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, aux, from, mid);
        mergeSort(a, aux, mid, to);
        if (compare(a[mid - 1], a[mid]) <= 0) {
            return;
        }
        System.arraycopy(a, from, aux, from, len);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            if (i < mid && (j >= to || compare(aux[i], aux[j]) <= 0)) {
                a[k] = aux[i++];
            }
            else {
                a[k] = aux[j++];
            }
        }
    }
}

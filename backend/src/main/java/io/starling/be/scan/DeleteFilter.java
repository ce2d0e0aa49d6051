package io.starling.be.scan;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.delvec.DelVector;

/**
 * Applies a segment's delete vector to a scanned batch as a row filter (StarRocks' Primary Key read path: readers
 * take a version and skip the rows its delete vectors mark; no merge). Narrows the batch's selection.
 */
public final class DeleteFilter
{
    private DeleteFilter()
    {
    }

    /**
     * Removes from {@code batch} (rows {@code [firstRow, firstRow + rowCount)} of the segment) the rows marked in
     * {@code deletes}; returns how many were removed. A null vector or one without marks in the range is free.
     */
    public static int apply(ColumnBatch batch, DelVector deletes, long firstRow)
    {
        if (deletes == null || batch.size() == 0) {
            return 0;
        }
        int rows = batch.rowCount();
        if (deletes.rows().rangeCardinality(firstRow, firstRow + rows) == 0) {
            return 0;
        }
        int n = batch.size();
        int[] sel = new int[n];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            int p = batch.position(i);
            if (!deletes.isDeleted((int) (firstRow + p))) {
                sel[kept++] = p;
            }
        }
        batch.setSelection(sel, kept);
        return n - kept;
    }
}

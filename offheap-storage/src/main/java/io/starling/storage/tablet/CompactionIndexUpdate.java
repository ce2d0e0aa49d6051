package io.starling.storage.tablet;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.delvec.DelVector;
import io.starling.storage.pk.KeyEncoder;
import io.starling.storage.pk.PkIndex;
import io.starling.storage.pk.PrimaryIndex;
import io.starling.storage.segment.SegmentReader;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;
import org.roaringbitmap.RoaringBitmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The commit step of a PRIMARY/UNIQUE compaction, under the tablet lock: decides for every output row whether it is
 * still the live row of its key and moves the primary index onto the output.
 *
 * <p>The compaction copied rows live at the version it read. A publish since then may have replaced or deleted some
 * of their keys (StarRocks detects this by rowset id: the index no longer points at the input rowset's row). Such
 * output rows are marked in the output's delete vector. With the index loaded the check is the index lookup, and the
 * rows that survive are repointed to the output; without it (dropped when idle) the input row's current delete
 * vector says the same thing, because the index holds exactly the live rows, and the index is rebuilt from the
 * committed data on next use.
 */
final class CompactionIndexUpdate
{
    private static final Logger LOG = LoggerFactory.getLogger(CompactionIndexUpdate.class);

    private CompactionIndexUpdate()
    {
    }

    /** Returns the output segments' delete vectors (only those with deleted rows). */
    static Map<String, DelVector> apply(TabletStore store, TabletStore.TabletState s, List<String> inputSegments, RowsetMeta output,
            long[] origins) throws IOException
    {
        long visible = s.meta.visibleVersion();
        PkIndex idx = s.index;
        int nk = s.meta.numKeyColumns();
        List<DataType> keyTypes = s.meta.schema().subList(0, nk);
        KeyEncoder enc = KeyEncoder.prefix(keyTypes, nk);
        Map<String, DelVector> out = new LinkedHashMap<>();
        ColumnVector[] keys = new ColumnVector[nk];
        long mismatches = 0;
        try {
            if (idx != null) {
                for (int c = 0; c < nk; c++) {
                    keys[c] = new ColumnVector(keyTypes.get(c), ColumnBatch.MAX_ROWS, store.scratchMemory());
                }
            }
            int g = 0;
            for (String outSeg : output.segmentFiles()) {
                SegmentReader r = store.readerFor(s, outSeg);
                int outOrdinal = idx == null ? -1 : s.ordinal(outSeg);
                RoaringBitmap dead = new RoaringBitmap();
                long rows = r.numRows();
                for (long first = 0; first < rows; first += ColumnBatch.MAX_ROWS) {
                    int n = (int) Math.min(ColumnBatch.MAX_ROWS, rows - first);
                    if (idx != null) {
                        for (int c = 0; c < nk; c++) {
                            if (keys[c].physical() == PhysicalType.VARLEN) {
                                keys[c].resetVarlen();
                            }
                            r.readColumn(c, first, n, keys[c], 0);
                        }
                    }
                    for (int i = 0; i < n; i++, g++) {
                        long origin = origins[g];
                        String inSeg = inputSegments.get((int) (origin >>> 32));
                        int inRow = (int) origin;
                        DelVector dv = s.delvecAt(inSeg, visible);
                        boolean liveNow = dv == null || !dv.isDeleted(inRow);
                        int outRow = (int) (first + i);
                        if (idx == null) {
                            if (!liveNow) {
                                dead.add(outRow);
                            }
                            continue;
                        }
                        byte[] key = enc.encode(keys, i);
                        long at = idx.get(key);
                        boolean pointsAtInput = at != PrimaryIndex.NONE && at == PrimaryIndex.location(s.ordinal(inSeg), inRow);
                        if (pointsAtInput != liveNow) {
                            mismatches++;
                        }
                        if (pointsAtInput) {
                            idx.put(key, PrimaryIndex.location(outOrdinal, outRow));
                        }
                        else {
                            dead.add(outRow);
                        }
                    }
                }
                if (!dead.isEmpty()) {
                    out.put(outSeg, new DelVector(dead));
                }
            }
            if (g != origins.length) {
                throw new IllegalArgumentException("compaction output of tablet " + s.id + " has " + g + " rows but " + origins.length
                        + " origins");
            }
        }
        finally {
            for (ColumnVector v : keys) {
                if (v != null) {
                    v.close();
                }
            }
        }
        if (mismatches > 0) {
            LOG.error("tablet {}: primary index and delete vectors disagree on {} compacted rows; the index wins", s.id, mismatches);
        }
        if (idx != null) {
            s.indexLastUsed = System.nanoTime();
        }
        return out;
    }
}

package io.starling.storage.tablet;

import io.starling.storage.delvec.DelVector;
import io.starling.storage.pk.PkIndex;
import io.starling.storage.pk.PrimaryIndex;
import io.starling.storage.pk.SegmentKeys;
import io.starling.storage.segment.SegmentReader;
import io.starling.storage.types.DataType;
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
        Map<String, DelVector> out = new LinkedHashMap<>();
        long[] mismatches = new long[1];
        int g = 0;
        for (String outSeg : output.segmentFiles()) {
            SegmentReader r = store.readerFor(s, outSeg);
            RoaringBitmap dead = new RoaringBitmap();
            int base = g;
            if (idx == null) {
                for (int row = 0; row < r.numRows(); row++) {
                    if (!liveNow(s, inputSegments, origins[base + row], visible)) {
                        dead.add(row);
                    }
                }
            }
            else {
                int outOrdinal = s.ordinal(outSeg);
                SegmentKeys.forEach(r, keyTypes, store.scratchMemory(), (key, row) -> {
                    long origin = origins[base + row];
                    String inSeg = inputSegments.get((int) (origin >>> 32));
                    long at = idx.get(key);
                    boolean pointsAtInput = at != PrimaryIndex.NONE && at == PrimaryIndex.location(s.ordinal(inSeg), (int) origin);
                    if (pointsAtInput != liveNow(s, inputSegments, origin, visible)) {
                        mismatches[0]++;
                    }
                    if (pointsAtInput) {
                        idx.put(key, PrimaryIndex.location(outOrdinal, row));
                    }
                    else {
                        dead.add(row);
                    }
                });
            }
            g += (int) r.numRows();
            if (!dead.isEmpty()) {
                out.put(outSeg, new DelVector(dead));
            }
        }
        if (g != origins.length) {
            throw new IllegalArgumentException("compaction output of tablet " + s.id + " has " + g + " rows but " + origins.length
                    + " origins");
        }
        if (mismatches[0] > 0) {
            LOG.error("tablet {}: primary index and delete vectors disagree on {} compacted rows; the index wins", s.id, mismatches[0]);
        }
        if (idx != null) {
            s.indexLastUsed = System.nanoTime();
        }
        return out;
    }

    /** Whether the input row an output row was copied from is still live at the visible version. */
    private static boolean liveNow(TabletStore.TabletState s, List<String> inputSegments, long origin, long visible)
    {
        DelVector dv = s.delvecAt(inputSegments.get((int) (origin >>> 32)), visible);
        return dv == null || !dv.isDeleted((int) origin);
    }

}

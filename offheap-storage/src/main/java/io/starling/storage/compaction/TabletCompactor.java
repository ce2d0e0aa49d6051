package io.starling.storage.compaction;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.delvec.DelVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.segment.SegmentReader;
import io.starling.storage.tablet.CompactionConflictException;
import io.starling.storage.tablet.KeysModel;
import io.starling.storage.tablet.RowsetMeta;
import io.starling.storage.tablet.RowsetWriter;
import io.starling.storage.tablet.TabletSnapshot;
import io.starling.storage.tablet.TabletStore;
import io.starling.storage.tablet.TabletStore.RowsetStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs one compaction of one tablet: reads a snapshot at the visible version, lets {@link CompactionPolicy} choose
 * the inputs, writes the rows of the model's {@link RowSource} as a new rowset (durable before the commit) and
 * commits it with {@link TabletStore#commitCompaction}. Loads and queries proceed meanwhile; a load published
 * during the compaction is reconciled at commit. One compaction per tablet at a time.
 */
public final class TabletCompactor
{
    private static final Logger LOG = LoggerFactory.getLogger(TabletCompactor.class);

    private TabletCompactor()
    {
    }

    /** The tablet's live rowsets at the visible version, as the policy sees them. */
    public static List<RowsetStats> rowsets(TabletStore store, long tabletId)
    {
        return store.liveRowsets(tabletId);
    }

    /** The compaction score of a tablet (see {@link CompactionPolicy#score}). */
    public static double score(TabletStore store, long tabletId)
    {
        return CompactionPolicy.score(store.keysModel(tabletId), store.liveRowsets(tabletId));
    }

    /**
     * Compacts a tablet if its policy finds something to do ({@code manual}: everything compactable).
     *
     * @return what was done, or null when nothing was due, the model has no row source, or another compaction of
     *         the tablet runs
     */
    public static CompactionResult compact(TabletStore store, long tabletId, boolean manual, MemoryContext memory) throws IOException
    {
        KeysModel model = store.keysModel(tabletId);
        RowSourceFactory factory = RowSources.forModel(model);
        if (factory == null || !store.tryBeginCompaction(tabletId)) {
            return null;
        }
        try {
            long version = store.visibleVersion(tabletId);
            try (TabletSnapshot snap = store.snapshot(tabletId, version)) {
                List<RowsetStats> stats = statsOf(snap);
                CompactionPolicy.Plan plan = CompactionPolicy.pick(model, stats, manual);
                if (plan == null) {
                    return null;
                }
                return run(store, snap, plan, factory, memory);
            }
        }
        finally {
            store.endCompaction(tabletId);
        }
    }

    /** Rowset statistics of a snapshot (deleted rows at its version). */
    private static List<RowsetStats> statsOf(TabletSnapshot snap)
    {
        List<RowsetStats> out = new ArrayList<>();
        int seg = 0;
        long order = 0;
        for (RowsetMeta r : snap.rowsets()) {
            long deleted = 0;
            for (int i = 0; i < r.segmentFiles().size(); i++, seg++) {
                DelVector dv = snap.deleteVector(seg);
                deleted += dv == null ? 0 : dv.cardinality();
            }
            // the snapshot lists rowsets in version order: their index is an order-preserving stand-in for the version
            out.add(new RowsetStats(r, order++, r.txnId() < 0, deleted));
        }
        return out;
    }

    private static CompactionResult run(TabletStore store, TabletSnapshot snap, CompactionPolicy.Plan plan, RowSourceFactory factory,
            MemoryContext memory) throws IOException
    {
        long tabletId = snap.tabletId();
        Set<Long> chosen = new HashSet<>();
        for (RowsetStats r : plan.inputs()) {
            chosen.add(r.rowset().rowsetId());
        }
        List<RowsetMeta> inputs = new ArrayList<>();
        List<String> files = new ArrayList<>();
        List<SegmentReader> segments = new ArrayList<>();
        List<DelVector> deletes = new ArrayList<>();
        long inputRows = 0;
        long inputBytes = 0;
        int seg = 0;
        for (RowsetMeta r : snap.rowsets()) {
            boolean take = chosen.contains(r.rowsetId());
            if (take) {
                inputs.add(r);
                inputRows += r.numRows();
                inputBytes += r.totalBytes();
            }
            for (int i = 0; i < r.segmentFiles().size(); i++, seg++) {
                if (take) {
                    files.add(snap.segmentFiles().get(seg));
                    segments.add(snap.segments().get(seg));
                    deletes.add(snap.deleteVector(seg));
                }
            }
        }
        boolean keyed = snap.keysModel().replacesByKey();
        CompactionInput input = new CompactionInput(tabletId, snap.version(), snap.schema(), snap.keysModel(), snap.numKeyColumns(), inputs,
                files, segments, deletes, snap.sortKeyColumns(), snap.aggregationTypes());
        MemoryContext ctx = memory.newChild("compaction:" + tabletId);
        RowsetMeta output = null;
        try (RowsetWriter writer = store.openCompactionOutput(tabletId); RowSource source = factory.open(input, ctx)) {
            long[] origins = new long[keyed ? 1024 : 0];
            int n = 0;
            ColumnBatch b;
            while ((b = source.next()) != null) {
                int rows = b.size();
                if (rows == 0) {
                    continue;
                }
                writer.append(b);
                if (keyed) {
                    long[] o = source.lastOrigins();
                    if (n + rows > origins.length) {
                        origins = Arrays.copyOf(origins, Math.max(origins.length * 2, n + rows));
                    }
                    System.arraycopy(o, 0, origins, n, rows);
                    n += rows;
                }
            }
            output = writer.finish();
            List<Long> ids = inputs.stream().map(RowsetMeta::rowsetId).toList();
            TabletStore.CompactionCommit commit = store.commitCompaction(tabletId, ids, output,
                    keyed ? Arrays.copyOf(origins, n) : null);
            CompactionResult result = new CompactionResult(tabletId, plan.kind(), inputs.size(), inputRows, inputBytes,
                    commit.output() == null ? 0 : commit.output().numRows(), commit.output() == null ? 0 : commit.output().totalBytes(),
                    commit.racedRows(), commit.version());
            LOG.info("tablet {}: {} compaction of {} rowsets ({} rows, {} bytes) -> {} rows, {} bytes; {} rows replaced meanwhile",
                    tabletId, plan.kind(), inputs.size(), inputRows, inputBytes, result.outputRows(), result.outputBytes(), result.racedRows());
            return result;
        }
        catch (CompactionConflictException e) {
            store.discardCompactionOutput(tabletId, output);
            LOG.info("tablet {}: compaction abandoned: {}", tabletId, e.getMessage());
            return null;
        }
        catch (IOException | RuntimeException e) {
            store.discardCompactionOutput(tabletId, output);
            throw e;
        }
        finally {
            ctx.close();
        }
    }
}

package io.starling.storage.compaction;

import io.starling.storage.tablet.KeysModel;
import io.starling.storage.tablet.TabletStore.RowsetStats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the input rowsets of a compaction and scores tablets for the background scheduler, after StarRocks.
 *
 * <p>DUPLICATE and merge-on-read tablets (rowsets in version order, the first one is the base): a <b>cumulative</b>
 * compaction merges the newest consecutive run of small rowsets once it has {@value #MIN_CUMULATIVE_DELTAS} of them
 * (StarRocks' {@code min_cumulative_compaction_num_singleton_deltas}); a <b>base</b> compaction folds all rowsets
 * into the base once {@value #BASE_NUM_CUMULATIVE_DELTAS} large rowsets follow it ({@code
 * base_compaction_num_cumulative_deltas}). Inputs are always consecutive in version order, so a merging row source
 * keeps the version order of rows with one key.
 *
 * <p>Key-replacing tablets (PRIMARY, delete-and-insert UNIQUE) are size-tiered: rowsets whose live data is below
 * {@value #PK_SMALL_BYTES} bytes, smallest first, plus every rowset whose deleted-row ratio reaches {@value
 * #PK_DELETED_RATIO} (StarRocks' {@code update_compaction_ratio_threshold}); a rowset with no live row is dropped.
 * Any rowsets may be combined: reads never depend on their order.
 *
 * <p>A manual compaction ({@code ALTER TABLE ... COMPACT}) takes every live rowset (base compaction), or for
 * key-replacing tablets every rowset when there are two or more or the single one has deleted rows.
 */
public final class CompactionPolicy
{
    /** StarRocks' {@code min_cumulative_compaction_num_singleton_deltas} default. */
    public static final int MIN_CUMULATIVE_DELTAS = 5;
    /** StarRocks' {@code max_cumulative_compaction_num_singleton_deltas} default: bounds one compaction's inputs. */
    public static final int MAX_INPUT_ROWSETS = 1000;
    /** StarRocks' {@code base_compaction_num_cumulative_deltas} default. */
    public static final int BASE_NUM_CUMULATIVE_DELTAS = 5;
    /**
     * A rowset below this size takes part in cumulative compaction; above it, it counts as a cumulative output
     * waiting for base compaction (64 MiB: a few loads' worth, well under a 1M-row segment).
     */
    public static final long SMALL_ROWSET_BYTES = 64L << 20;
    /** StarRocks' {@code update_compaction_size_threshold} default (256 MiB): PK rowsets below it are compacted. */
    public static final long PK_SMALL_BYTES = 256L << 20;
    /** StarRocks' {@code update_compaction_ratio_threshold} default: a PK rowset half deleted is rewritten. */
    public static final double PK_DELETED_RATIO = 0.5;
    /** Weight of the deleted-row ratio in a PK tablet's score: a fully deleted tablet scores like 10 extra rowsets. */
    static final double DELETED_RATIO_WEIGHT = 10;

    private CompactionPolicy()
    {
    }

    /** The chosen inputs (in version order) and the kind of compaction. */
    public record Plan(CompactionKind kind, List<RowsetStats> inputs)
    {
        public Plan
        {
            inputs = List.copyOf(inputs);
        }
    }

    /**
     * The compaction score (StarRocks shows it per tablet): rowsets beyond the first; for key-replacing tablets
     * plus {@value #DELETED_RATIO_WEIGHT} × the share of deleted rows. Higher is more urgent; 0 needs nothing.
     */
    public static double score(KeysModel model, List<RowsetStats> rowsets)
    {
        double score = Math.max(0, rowsets.size() - 1);
        if (model.replacesByKey()) {
            long rows = 0;
            long deleted = 0;
            for (RowsetStats r : rowsets) {
                rows += r.rowset().numRows();
                deleted += r.deletedRows();
            }
            if (rows > 0) {
                score += DELETED_RATIO_WEIGHT * deleted / rows;
            }
        }
        return score;
    }

    /** The compaction to run, or null when none is due (or, manual, when there is nothing to compact). */
    public static Plan pick(KeysModel model, List<RowsetStats> rowsets, boolean manual)
    {
        return model.replacesByKey() ? pickPrimary(rowsets, manual) : pickOrdered(rowsets, manual);
    }

    private static Plan pickOrdered(List<RowsetStats> rowsets, boolean manual)
    {
        if (rowsets.size() < 2) {
            return null;
        }
        if (manual) {
            return new Plan(CompactionKind.BASE, rowsets.subList(0, Math.min(rowsets.size(), MAX_INPUT_ROWSETS)));
        }
        // the newest run of small rowsets after the base
        int end = rowsets.size();
        int start = end;
        while (start > 1 && rowsets.get(start - 1).rowset().totalBytes() < SMALL_ROWSET_BYTES && end - start < MAX_INPUT_ROWSETS) {
            start--;
        }
        if (end - start >= MIN_CUMULATIVE_DELTAS) {
            return new Plan(CompactionKind.CUMULATIVE, rowsets.subList(start, end));
        }
        if (rowsets.size() - 1 >= BASE_NUM_CUMULATIVE_DELTAS) {
            return new Plan(CompactionKind.BASE, rowsets.subList(0, Math.min(rowsets.size(), MAX_INPUT_ROWSETS)));
        }
        return null;
    }

    private static Plan pickPrimary(List<RowsetStats> rowsets, boolean manual)
    {
        List<RowsetStats> chosen = new ArrayList<>();
        if (manual) {
            boolean anyDeleted = rowsets.stream().anyMatch(r -> r.deletedRows() > 0);
            if (rowsets.size() >= 2 || anyDeleted) {
                chosen.addAll(rowsets.subList(0, Math.min(rowsets.size(), MAX_INPUT_ROWSETS)));
            }
            return chosen.isEmpty() ? null : new Plan(CompactionKind.PRIMARY, chosen);
        }
        List<RowsetStats> bySize = new ArrayList<>(rowsets);
        bySize.sort(Comparator.comparingLong(CompactionPolicy::liveBytes));
        boolean mustRewrite = false;
        for (RowsetStats r : bySize) {
            if (chosen.size() == MAX_INPUT_ROWSETS) {
                break;
            }
            boolean mostlyDeleted = r.rowset().numRows() > 0 && (double) r.deletedRows() / r.rowset().numRows() >= PK_DELETED_RATIO;
            if (mostlyDeleted || liveBytes(r) < PK_SMALL_BYTES) {
                chosen.add(r);
                mustRewrite |= mostlyDeleted;
            }
        }
        if (chosen.size() < 2 && !mustRewrite) {
            return null;
        }
        chosen.sort(Comparator.comparingLong(RowsetStats::version));
        return new Plan(CompactionKind.PRIMARY, chosen);
    }

    /** Bytes of a rowset's live rows, estimated from its size and deleted-row share. */
    static long liveBytes(RowsetStats r)
    {
        long rows = r.rowset().numRows();
        if (rows == 0) {
            return 0;
        }
        return (long) (r.rowset().totalBytes() * ((double) (rows - r.deletedRows()) / rows));
    }
}

package io.starling.storage.compaction;

import io.starling.storage.delvec.DelVector;
import io.starling.storage.merge.AggType;
import io.starling.storage.segment.SegmentReader;
import io.starling.storage.tablet.KeysModel;
import io.starling.storage.tablet.RowsetMeta;
import io.starling.storage.types.DataType;

import java.util.List;

/**
 * The input of one compaction, read from a snapshot of the tablet: the chosen rowsets in version order, their
 * segments (open, owned by the snapshot) and each segment's delete vector at the snapshot's version.
 *
 * @param deletes per segment, rows deleted at {@link #version()} (null: none)
 * @param sortKeyColumns the tablet's sort key (schema positions; for merge-on-read models the key columns)
 * @param aggregationTypes per column its aggregation type (AGGREGATE tablets; empty otherwise)
 */
public record CompactionInput(long tabletId, long version, List<DataType> schema, KeysModel keysModel, int numKeyColumns,
        List<RowsetMeta> rowsets, List<String> segmentFiles, List<SegmentReader> segments, List<DelVector> deletes,
        int[] sortKeyColumns, List<AggType> aggregationTypes)
{
    public CompactionInput
    {
        rowsets = List.copyOf(rowsets);
        segmentFiles = List.copyOf(segmentFiles);
        segments = List.copyOf(segments);
        deletes = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(deletes));
        sortKeyColumns = sortKeyColumns.clone();
        aggregationTypes = List.copyOf(aggregationTypes);
    }

    /** An input without a sort key or aggregation types (DUPLICATE and key-replacing tablets). */
    public CompactionInput(long tabletId, long version, List<DataType> schema, KeysModel keysModel, int numKeyColumns,
            List<RowsetMeta> rowsets, List<String> segmentFiles, List<SegmentReader> segments, List<DelVector> deletes)
    {
        this(tabletId, version, schema, keysModel, numKeyColumns, rowsets, segmentFiles, segments, deletes, new int[0], List.of());
    }
}

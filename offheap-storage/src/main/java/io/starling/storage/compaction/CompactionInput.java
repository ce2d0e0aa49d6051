package io.starling.storage.compaction;

import io.starling.storage.delvec.DelVector;
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
 */
public record CompactionInput(long tabletId, long version, List<DataType> schema, KeysModel keysModel, int numKeyColumns,
        List<RowsetMeta> rowsets, List<String> segmentFiles, List<SegmentReader> segments, List<DelVector> deletes)
{
    public CompactionInput
    {
        rowsets = List.copyOf(rowsets);
        segmentFiles = List.copyOf(segmentFiles);
        segments = List.copyOf(segments);
        deletes = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(deletes));
    }
}

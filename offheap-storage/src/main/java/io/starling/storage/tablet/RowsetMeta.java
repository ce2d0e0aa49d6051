package io.starling.storage.tablet;

import java.util.List;

/**
 * A rowset: the segment files one load transaction wrote for one tablet.
 *
 * @param rowsetId store-unique id (also the prefix of its segment file names)
 * @param txnId load transaction that wrote it
 * @param numRows rows over all segments
 * @param segmentFiles segment file names, relative to the tablet's data directory, in row order
 * @param totalBytes sum of the segment file sizes
 */
public record RowsetMeta(long rowsetId, long txnId, long numRows, List<String> segmentFiles, long totalBytes)
{
    public RowsetMeta
    {
        segmentFiles = List.copyOf(segmentFiles);
    }
}

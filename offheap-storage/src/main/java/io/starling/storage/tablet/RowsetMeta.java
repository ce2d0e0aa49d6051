package io.starling.storage.tablet;

import java.util.List;

/**
 * A rowset: the segment files one load transaction wrote for one tablet.
 *
 * @param rowsetId store-unique id (also the prefix of its segment file names)
 * @param txnId load transaction that wrote it
 * @param numRows rows over all segments
 * @param segmentFiles segment file names, relative to the tablet's data directory, in row order
 * @param totalBytes sum of the segment file sizes (delete files included)
 * @param deletes delete files of a Primary Key load (keys to delete), empty otherwise
 */
public record RowsetMeta(long rowsetId, long txnId, long numRows, List<String> segmentFiles, long totalBytes, List<DeleteFile> deletes)
{
    public RowsetMeta
    {
        segmentFiles = List.copyOf(segmentFiles);
        deletes = List.copyOf(deletes);
    }

    public RowsetMeta(long rowsetId, long txnId, long numRows, List<String> segmentFiles, long totalBytes)
    {
        this(rowsetId, txnId, numRows, segmentFiles, totalBytes, List.of());
    }

    /**
     * A file of keys to delete (a segment file of the key columns only). Its deletes apply after the upserts of
     * segments {@code [0, beforeSegment)} and before those of later segments: one memtable flush writes its deletes
     * and then its upserts, whose keys are disjoint, so the load's operations apply in their order.
     */
    public record DeleteFile(String file, int beforeSegment, long numRows)
    {
    }

    /** Whether publishing this rowset changes anything (rows to add or keys to delete). */
    public boolean isEmpty()
    {
        return numRows == 0 && deletes.isEmpty();
    }

    /** Segment and delete files. */
    public List<String> allFiles()
    {
        if (deletes.isEmpty()) {
            return segmentFiles;
        }
        List<String> all = new java.util.ArrayList<>(segmentFiles);
        deletes.forEach(d -> all.add(d.file()));
        return all;
    }
}

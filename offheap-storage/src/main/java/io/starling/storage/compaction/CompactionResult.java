package io.starling.storage.compaction;

/**
 * What one compaction did.
 *
 * @param inputRowsets rowsets replaced
 * @param inputRows rows stored in the inputs (deleted ones included)
 * @param outputRows rows written to the output (0: the inputs were dropped)
 * @param racedRows output rows a concurrent publish replaced (marked deleted at commit)
 */
public record CompactionResult(long tabletId, CompactionKind kind, int inputRowsets, long inputRows, long inputBytes, long outputRows,
        long outputBytes, long racedRows, long version)
{
}

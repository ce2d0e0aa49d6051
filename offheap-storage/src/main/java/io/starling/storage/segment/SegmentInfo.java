package io.starling.storage.segment;

/**
 * What {@link SegmentWriter#finish()} produced.
 *
 * @param numRows rows in the segment
 * @param bytes file size in bytes
 */
public record SegmentInfo(long numRows, long bytes)
{
}

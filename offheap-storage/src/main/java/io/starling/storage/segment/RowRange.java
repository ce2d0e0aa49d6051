package io.starling.storage.segment;

/**
 * A contiguous range of row ordinals within a segment: {@code [firstRow, firstRow + numRows)}.
 *
 * @param firstRow ordinal of the first row
 * @param numRows number of rows
 */
public record RowRange(long firstRow, long numRows)
{
    /** Exclusive end ordinal. */
    public long endRow()
    {
        return firstRow + numRows;
    }
}

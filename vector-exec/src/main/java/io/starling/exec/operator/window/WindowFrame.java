package io.starling.exec.operator.window;

/**
 * The frame of a window function: ROWS (physical offsets) or RANGE (peer groups of the ORDER BY keys), from
 * {@link #start} to {@link #end}, both inclusive. RANGE supports only UNBOUNDED and CURRENT ROW bounds, as
 * StarRocks does; a RANGE CURRENT ROW bound extends to the whole peer group of the current row.
 *
 * @param rows true for ROWS, false for RANGE
 */
public record WindowFrame(boolean rows, Bound start, Bound end)
{
    /** The kinds of frame bounds. */
    public enum BoundKind
    {
        UNBOUNDED_PRECEDING, PRECEDING, CURRENT_ROW, FOLLOWING, UNBOUNDED_FOLLOWING
    }

    /**
     * One end of a frame.
     *
     * @param offset rows before or after the current row, for PRECEDING/FOLLOWING (&ge; 0)
     */
    public record Bound(BoundKind kind, long offset)
    {
        public Bound
        {
            if (offset < 0) {
                throw new IllegalArgumentException("frame offset must not be negative: " + offset);
            }
        }

        public static Bound unboundedPreceding()
        {
            return new Bound(BoundKind.UNBOUNDED_PRECEDING, 0);
        }

        public static Bound unboundedFollowing()
        {
            return new Bound(BoundKind.UNBOUNDED_FOLLOWING, 0);
        }

        public static Bound currentRow()
        {
            return new Bound(BoundKind.CURRENT_ROW, 0);
        }

        public static Bound preceding(long n)
        {
            return new Bound(BoundKind.PRECEDING, n);
        }

        public static Bound following(long n)
        {
            return new Bound(BoundKind.FOLLOWING, n);
        }

        @Override
        public String toString()
        {
            return switch (kind) {
                case UNBOUNDED_PRECEDING -> "UNBOUNDED PRECEDING";
                case PRECEDING -> offset + " PRECEDING";
                case CURRENT_ROW -> "CURRENT ROW";
                case FOLLOWING -> offset + " FOLLOWING";
                case UNBOUNDED_FOLLOWING -> "UNBOUNDED FOLLOWING";
            };
        }
    }

    public WindowFrame
    {
        if (!rows && (isOffset(start) || isOffset(end))) {
            throw new IllegalArgumentException("RANGE frames support only UNBOUNDED and CURRENT ROW bounds");
        }
        if (start.kind() == BoundKind.UNBOUNDED_FOLLOWING || end.kind() == BoundKind.UNBOUNDED_PRECEDING) {
            throw new IllegalArgumentException("invalid frame " + start + " AND " + end);
        }
    }

    private static boolean isOffset(Bound b)
    {
        return b.kind() == BoundKind.PRECEDING || b.kind() == BoundKind.FOLLOWING;
    }

    /** The default frame with ORDER BY: RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW (peers included). */
    public static WindowFrame defaultWithOrder()
    {
        return new WindowFrame(false, Bound.unboundedPreceding(), Bound.currentRow());
    }

    /** The whole partition (the default without ORDER BY). */
    public static WindowFrame wholePartition()
    {
        return new WindowFrame(true, Bound.unboundedPreceding(), Bound.unboundedFollowing());
    }

    /** First row of the frame of partition row {@code i} (may exceed {@link #end(WindowPartition, int)}: empty). */
    int start(WindowPartition p, int i)
    {
        return switch (start.kind()) {
            case UNBOUNDED_PRECEDING -> 0;
            case CURRENT_ROW -> rows ? i : p.peerStart(i);
            case PRECEDING -> (int) Math.max(0, i - start.offset());
            case FOLLOWING -> (int) Math.min(p.size(), i + start.offset());
            case UNBOUNDED_FOLLOWING -> p.size();
        };
    }

    /** Last row (inclusive) of the frame of partition row {@code i}; -1 or less than the start when empty. */
    int end(WindowPartition p, int i)
    {
        return switch (end.kind()) {
            case UNBOUNDED_FOLLOWING -> p.size() - 1;
            case CURRENT_ROW -> rows ? i : p.peerEnd(i) - 1;
            case PRECEDING -> (int) Math.max(-1, i - end.offset());
            case FOLLOWING -> (int) Math.min(p.size() - 1, i + end.offset());
            case UNBOUNDED_PRECEDING -> -1;
        };
    }

    @Override
    public String toString()
    {
        return (rows ? "ROWS" : "RANGE") + " BETWEEN " + start + " AND " + end;
    }
}

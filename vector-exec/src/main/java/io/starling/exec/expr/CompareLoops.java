package io.starling.exec.expr;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Dense comparison loops over fixed-width columns: {@code out[i] = a[i] op b[i]} (or {@code a[i] op c}) for
 * {@code i < n}, one byte 0/1 per row. One loop per operator so the comparison is not a branch inside the loop;
 * C2 turns these into branch-free setcc sequences (and often vectorizes the LONG/INT forms).
 */
final class CompareLoops
{
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ValueLayout.OfByte B = ValueLayout.JAVA_BYTE;

    private CompareLoops()
    {
    }

    private static byte b(boolean v)
    {
        return (byte) (v ? 1 : 0);
    }

    static void longs(CompareExpr.Op op, MemorySegment a, MemorySegment c, int n, MemorySegment out)
    {
        switch (op) {
            case EQ -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(L, i) == c.getAtIndex(L, i))); }
            case NE -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(L, i) != c.getAtIndex(L, i))); }
            case LT -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(L, i) < c.getAtIndex(L, i))); }
            case LE -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(L, i) <= c.getAtIndex(L, i))); }
            case GT -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(L, i) > c.getAtIndex(L, i))); }
            case GE -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(L, i) >= c.getAtIndex(L, i))); }
            default -> throw new IllegalArgumentException(op.name());
        }
    }

    static void longConst(CompareExpr.Op op, MemorySegment a, long c, int n, MemorySegment out)
    {
        switch (op) {
            case EQ -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(L, i) == c)); }
            case NE -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(L, i) != c)); }
            case LT -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(L, i) < c)); }
            case LE -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(L, i) <= c)); }
            case GT -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(L, i) > c)); }
            case GE -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(L, i) >= c)); }
            default -> throw new IllegalArgumentException(op.name());
        }
    }

    static void ints(CompareExpr.Op op, MemorySegment a, MemorySegment c, int n, MemorySegment out)
    {
        switch (op) {
            case EQ -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(I, i) == c.getAtIndex(I, i))); }
            case NE -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(I, i) != c.getAtIndex(I, i))); }
            case LT -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(I, i) < c.getAtIndex(I, i))); }
            case LE -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(I, i) <= c.getAtIndex(I, i))); }
            case GT -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(I, i) > c.getAtIndex(I, i))); }
            case GE -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(I, i) >= c.getAtIndex(I, i))); }
            default -> throw new IllegalArgumentException(op.name());
        }
    }

    /** INT column against a constant already known to fit an int. */
    static void intConst(CompareExpr.Op op, MemorySegment a, int c, int n, MemorySegment out)
    {
        switch (op) {
            case EQ -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(I, i) == c)); }
            case NE -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(I, i) != c)); }
            case LT -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(I, i) < c)); }
            case LE -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(I, i) <= c)); }
            case GT -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(I, i) > c)); }
            case GE -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(I, i) >= c)); }
            default -> throw new IllegalArgumentException(op.name());
        }
    }

    static void doubles(CompareExpr.Op op, MemorySegment a, MemorySegment c, int n, MemorySegment out)
    {
        switch (op) {
            case EQ -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(D, i) == c.getAtIndex(D, i))); }
            case NE -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(D, i) != c.getAtIndex(D, i))); }
            case LT -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(D, i) < c.getAtIndex(D, i))); }
            case LE -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(D, i) <= c.getAtIndex(D, i))); }
            case GT -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(D, i) > c.getAtIndex(D, i))); }
            case GE -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(D, i) >= c.getAtIndex(D, i))); }
            default -> throw new IllegalArgumentException(op.name());
        }
    }

    static void doubleConst(CompareExpr.Op op, MemorySegment a, double c, int n, MemorySegment out)
    {
        switch (op) {
            case EQ -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(D, i) == c)); }
            case NE -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(D, i) != c)); }
            case LT -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(D, i) < c)); }
            case LE -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(D, i) <= c)); }
            case GT -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(D, i) > c)); }
            case GE -> { for (int i = 0; i < n; i++) out.set(B, i, b(a.getAtIndex(D, i) >= c)); }
            default -> throw new IllegalArgumentException(op.name());
        }
    }

    /** Whether a three-way comparison result satisfies {@code op}. */
    static boolean test(CompareExpr.Op op, int cmp)
    {
        return switch (op) {
            case EQ, EQ_FOR_NULL -> cmp == 0;
            case NE -> cmp != 0;
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            case GT -> cmp > 0;
            case GE -> cmp >= 0;
        };
    }
}

package io.starling.exec.expr;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Dense arithmetic loops over every physical row: BIGINT (wrapping, as StarRocks and Java do) and DOUBLE.
 * One loop per operator; no division for longs here (integer division is scalar-only on AVX2, see
 * notes/jdk25-performance.md §1.2, and needs a zero check per row anyway).
 */
final class ArithmeticLoops
{
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private ArithmeticLoops()
    {
    }

    static void longs(ArithmeticExpr.Op op, MemorySegment a, MemorySegment b, int n, MemorySegment out)
    {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) out.setAtIndex(L, i, a.getAtIndex(L, i) + b.getAtIndex(L, i)); }
            case SUB -> { for (int i = 0; i < n; i++) out.setAtIndex(L, i, a.getAtIndex(L, i) - b.getAtIndex(L, i)); }
            case MUL -> { for (int i = 0; i < n; i++) out.setAtIndex(L, i, a.getAtIndex(L, i) * b.getAtIndex(L, i)); }
            default -> throw new IllegalArgumentException(op.name());
        }
    }

    /** {@code out = a op c}, or {@code c op a} when {@code constLeft}. */
    static void longConst(ArithmeticExpr.Op op, MemorySegment a, long c, boolean constLeft, int n, MemorySegment out)
    {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) out.setAtIndex(L, i, a.getAtIndex(L, i) + c); }
            case MUL -> { for (int i = 0; i < n; i++) out.setAtIndex(L, i, a.getAtIndex(L, i) * c); }
            case SUB -> {
                if (constLeft) {
                    for (int i = 0; i < n; i++) out.setAtIndex(L, i, c - a.getAtIndex(L, i));
                }
                else {
                    for (int i = 0; i < n; i++) out.setAtIndex(L, i, a.getAtIndex(L, i) - c);
                }
            }
            default -> throw new IllegalArgumentException(op.name());
        }
    }

    static void doubles(ArithmeticExpr.Op op, MemorySegment a, MemorySegment b, int n, MemorySegment out)
    {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) out.setAtIndex(D, i, a.getAtIndex(D, i) + b.getAtIndex(D, i)); }
            case SUB -> { for (int i = 0; i < n; i++) out.setAtIndex(D, i, a.getAtIndex(D, i) - b.getAtIndex(D, i)); }
            case MUL -> { for (int i = 0; i < n; i++) out.setAtIndex(D, i, a.getAtIndex(D, i) * b.getAtIndex(D, i)); }
            case DIV -> { for (int i = 0; i < n; i++) out.setAtIndex(D, i, a.getAtIndex(D, i) / b.getAtIndex(D, i)); }
            default -> throw new IllegalArgumentException(op.name());
        }
    }

    static void doubleConst(ArithmeticExpr.Op op, MemorySegment a, double c, boolean constLeft, int n, MemorySegment out)
    {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) out.setAtIndex(D, i, a.getAtIndex(D, i) + c); }
            case MUL -> { for (int i = 0; i < n; i++) out.setAtIndex(D, i, a.getAtIndex(D, i) * c); }
            case SUB -> {
                if (constLeft) {
                    for (int i = 0; i < n; i++) out.setAtIndex(D, i, c - a.getAtIndex(D, i));
                }
                else {
                    for (int i = 0; i < n; i++) out.setAtIndex(D, i, a.getAtIndex(D, i) - c);
                }
            }
            case DIV -> {
                if (constLeft) {
                    for (int i = 0; i < n; i++) out.setAtIndex(D, i, c / a.getAtIndex(D, i));
                }
                else {
                    for (int i = 0; i < n; i++) out.setAtIndex(D, i, a.getAtIndex(D, i) / c);
                }
            }
            default -> throw new IllegalArgumentException(op.name());
        }
    }
}

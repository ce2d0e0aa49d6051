package io.starling.jmh;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

/**
 * Off-heap benchmark inputs: 64-byte aligned segments with {@link #SLACK} bytes past the end (the column-buffer
 * padding contract of notes/jdk25-performance.md §1.4, so vector kernels may read a full vector past the last
 * value), filled from a fixed seed so every run and every twin sees the same data.
 */
public final class Columns
{
    /** Bytes allocated past the last value: one 512-bit vector. */
    public static final int SLACK = 64;

    private Columns()
    {
    }

    /** {@code rows} ints uniform in {@code [0, bound)}. */
    public static MemorySegment ints(Arena arena, int rows, int bound, long seed)
    {
        MemorySegment s = arena.allocate((long) rows * 4 + SLACK, 64);
        Random r = new Random(seed);
        for (int i = 0; i < rows; i++) {
            s.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i, r.nextInt(bound));
        }
        return s;
    }

    /** {@code rows} longs uniform in {@code [0, bound)}. */
    public static MemorySegment longs(Arena arena, int rows, long bound, long seed)
    {
        MemorySegment s = arena.allocate((long) rows * 8 + SLACK, 64);
        Random r = new Random(seed);
        for (int i = 0; i < rows; i++) {
            s.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i, r.nextLong(bound));
        }
        return s;
    }

    /** {@code rows} doubles uniform in {@code [0, bound)}. */
    public static MemorySegment doubles(Arena arena, int rows, double bound, long seed)
    {
        MemorySegment s = arena.allocate((long) rows * 8 + SLACK, 64);
        Random r = new Random(seed);
        for (int i = 0; i < rows; i++) {
            s.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i, r.nextDouble() * bound);
        }
        return s;
    }

    /** A bitmask of {@code rows} bits (validity or filter result), each set with probability {@code percent}/100. */
    public static MemorySegment bits(Arena arena, int rows, int percent, long seed)
    {
        int words = (rows + 63) / 64;
        MemorySegment s = arena.allocate((long) words * 8 + SLACK, 64);
        Random r = new Random(seed);
        for (int w = 0; w < words; w++) {
            long word = 0;
            for (int b = 0; b < 64 && w * 64 + b < rows; b++) {
                if (r.nextInt(100) < percent) {
                    word |= 1L << b;
                }
            }
            s.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, w, word);
        }
        return s;
    }
}

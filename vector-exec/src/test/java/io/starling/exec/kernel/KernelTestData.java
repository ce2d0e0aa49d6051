package io.starling.exec.kernel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Edge-heavy random inputs for the scalar-vs-Panama kernel tests. */
final class KernelTestData
{
    /** Seed from {@code -Dtests.seed}, printed by the tests so a failure can be replayed. */
    static final long SEED = Long.getLong("tests.seed", 0x5EED_2026L);

    /** Lengths 0..3*64+1 (covers 3×lanes+1 for every species up to 64 lanes) plus batch-sized ones. */
    static List<Integer> lengths()
    {
        List<Integer> out = new ArrayList<>();
        for (int n = 0; n <= 3 * 64 + 1; n++) {
            out.add(n);
        }
        out.addAll(List.of(255, 256, 257, 1000, 4095, 4096));
        return out;
    }

    /** Byte offsets: aligned, and misaligned for every element width. */
    static final long[] OFFSETS = {0, 1, 3, 4, 8, 13};

    private KernelTestData()
    {
    }

    static MemorySegment ints(Arena arena, Random r, long offset, int n, int[] pool)
    {
        MemorySegment s = arena.allocate(offset + n * 4L + 64, 64);
        for (int i = 0; i < n; i++) {
            int v = switch (r.nextInt(8)) {
                case 0 -> Integer.MIN_VALUE;
                case 1 -> Integer.MAX_VALUE;
                case 2 -> r.nextInt();
                default -> pool[r.nextInt(pool.length)];
            };
            s.set(ValueLayout.JAVA_INT_UNALIGNED, offset + i * 4L, v);
        }
        return s;
    }

    static MemorySegment longs(Arena arena, Random r, long offset, int n, long[] pool)
    {
        MemorySegment s = arena.allocate(offset + n * 8L + 64, 64);
        for (int i = 0; i < n; i++) {
            long v = switch (r.nextInt(8)) {
                case 0 -> Long.MIN_VALUE;
                case 1 -> Long.MAX_VALUE;
                case 2 -> r.nextLong();
                default -> pool[r.nextInt(pool.length)];
            };
            s.set(ValueLayout.JAVA_LONG_UNALIGNED, offset + i * 8L, v);
        }
        return s;
    }

    static MemorySegment doubles(Arena arena, Random r, long offset, int n, double[] pool)
    {
        MemorySegment s = arena.allocate(offset + n * 8L + 64, 64);
        for (int i = 0; i < n; i++) {
            double v = switch (r.nextInt(12)) {
                case 0 -> Double.NaN;
                case 1 -> -0.0;
                case 2 -> 0.0;
                case 3 -> Double.POSITIVE_INFINITY;
                case 4 -> Double.NEGATIVE_INFINITY;
                case 5 -> r.nextGaussian() * 1e6;
                case 6 -> -Double.MAX_VALUE;
                default -> pool[r.nextInt(pool.length)];
            };
            s.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, offset + i * 8L, v);
        }
        return s;
    }

    /** A validity bitmap with roughly {@code nullPercent} % nulls, or null when nullPercent < 0. */
    static MemorySegment validity(Arena arena, Random r, int n, int nullPercent)
    {
        if (nullPercent < 0) {
            return null;
        }
        MemorySegment s = arena.allocate(((n + 63) / 64) * 8L + 64, 64);
        s.fill((byte) 0xFF);
        for (int i = 0; i < n; i++) {
            if (r.nextInt(100) < nullPercent) {
                long w = s.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i >>> 6);
                s.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i >>> 6, w & ~(1L << i));
            }
        }
        return s;
    }

    /** Ascending random subset of {@code [0, n)} with about {@code percent} % of the rows. */
    static int[] selection(Random r, int n, int percent)
    {
        int[] sel = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (r.nextInt(100) < percent) {
                sel[k++] = i;
            }
        }
        return java.util.Arrays.copyOf(sel, k);
    }
}

package io.starling.exec.kernel.agg;

import io.starling.exec.kernel.Impl;
import io.starling.exec.kernel.bitmap.BitmapKernels;
import io.starling.jmh.Checked;
import io.starling.jmh.Columns;
import io.starling.storage.batch.ColumnBatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;

/**
 * The global-aggregate kernels other than the plain sums of {@link SumBenchmark}, batch at a time (4096 rows per
 * call, as {@code HashAggregateOperator} calls them for a global aggregate): MIN/MAX of INT/BIGINT/DOUBLE with and
 * without NULLs (10 % NULL validity bitmap), COUNT(x) (popcount of the validity bitmap), and SUM over a selection
 * (a filter's 50 % bitmask passed as the validity argument: how a filtered batch is aggregated without
 * compacting it).
 *
 * <p>Params: {@code impl} scalar twin vs. Vector API; {@code rows} 16384 (cache-resident) vs. 16M (DRAM). Time is
 * per invocation (all rows). Long MAX is the case to watch: the long {@code MAX} lane reduction falls back to Java
 * on AVX2 (notes §1.2), so the kernel must reduce lanewise and only once per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class AggBenchmark
        implements Checked
{
    private static final int BATCH = ColumnBatch.MAX_ROWS;
    /** Bitmap bytes of one batch: 4096 bits. */
    private static final long BATCH_BITMAP_BYTES = BATCH / 8;

    @Param({"SCALAR", "PANAMA"})
    public Impl impl;

    @Param({"16384", "16777216"})
    public int rows;

    private AggKernels kernels;
    private BitmapKernels bitmap;
    private Arena arena;
    private MemorySegment ints;
    private MemorySegment longs;
    private MemorySegment doubles;
    private MemorySegment validity;
    private MemorySegment selection;
    /** Per-batch views of the bitmaps, made once (a slice per kernel call would allocate in the timed loop). */
    private MemorySegment[] validitySlices;
    private MemorySegment[] selectionSlices;
    private final long[] words = new long[BATCH / 64];

    @Setup(Level.Trial)
    public void setUp()
    {
        kernels = impl.provider().agg();
        bitmap = impl.provider().bitmap();
        arena = Arena.ofShared();
        ints = Columns.ints(arena, rows, Integer.MAX_VALUE, 42);
        longs = Columns.longs(arena, rows, Long.MAX_VALUE, 43);
        doubles = Columns.doubles(arena, rows, 1e6, 44);
        validity = Columns.bits(arena, rows, 90, 45);
        selection = Columns.bits(arena, rows, 50, 46);
        validitySlices = new MemorySegment[rows / BATCH];
        selectionSlices = new MemorySegment[rows / BATCH];
        for (int b = 0; b < rows / BATCH; b++) {
            validitySlices[b] = validity.asSlice(b * BATCH_BITMAP_BYTES, BATCH_BITMAP_BYTES);
            selectionSlices[b] = selection.asSlice(b * BATCH_BITMAP_BYTES, BATCH_BITMAP_BYTES);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        arena.close();
    }

    @Benchmark
    public long minInt()
    {
        long acc = 0;
        for (int off = 0; off < rows; off += BATCH) {
            acc += kernels.minInt(ints, (long) off * 4, null, BATCH);
        }
        return acc;
    }

    @Benchmark
    public long maxIntNulls()
    {
        long acc = 0;
        for (int off = 0; off < rows; off += BATCH) {
            acc += kernels.maxInt(ints, (long) off * 4, validitySlices[off / BATCH], BATCH);
        }
        return acc;
    }

    @Benchmark
    public long maxLong()
    {
        long acc = 0;
        for (int off = 0; off < rows; off += BATCH) {
            acc ^= kernels.maxLong(longs, (long) off * 8, null, BATCH);
        }
        return acc;
    }

    @Benchmark
    public long minLongNulls()
    {
        long acc = 0;
        for (int off = 0; off < rows; off += BATCH) {
            acc ^= kernels.minLong(longs, (long) off * 8, validitySlices[off / BATCH], BATCH);
        }
        return acc;
    }

    @Benchmark
    public double maxDouble()
    {
        double acc = 0;
        for (int off = 0; off < rows; off += BATCH) {
            acc += kernels.maxDouble(doubles, (long) off * 8, null, BATCH);
        }
        return acc;
    }

    @Benchmark
    public double minDoubleNulls()
    {
        double acc = 0;
        for (int off = 0; off < rows; off += BATCH) {
            acc += kernels.minDouble(doubles, (long) off * 8, validitySlices[off / BATCH], BATCH);
        }
        return acc;
    }

    /** COUNT(x): popcount of the validity bitmap (copied to the heap word array the bitmap kernels take). */
    @Benchmark
    public long countNonNull()
    {
        long acc = 0;
        for (int off = 0; off < rows; off += BATCH) {
            MemorySegment.copy(validity, ValueLayout.JAVA_LONG_UNALIGNED, off / 8, words, 0, words.length);
            acc += bitmap.countSet(words, BATCH);
        }
        return acc;
    }

    /** SUM(int) of the rows a filter selected (its bitmask as the validity argument). */
    @Benchmark
    public long sumIntSelection()
    {
        long acc = 0;
        for (int off = 0; off < rows; off += BATCH) {
            acc += kernels.sumInt(ints, (long) off * 4, selectionSlices[off / BATCH], BATCH);
        }
        return acc;
    }

    /** SUM(bigint) of the rows a filter selected. */
    @Benchmark
    public long sumLongSelection()
    {
        long acc = 0;
        for (int off = 0; off < rows; off += BATCH) {
            acc += kernels.sumLong(longs, (long) off * 8, selectionSlices[off / BATCH], BATCH);
        }
        return acc;
    }

    @Override
    public Object expected(String method)
    {
        long accL = 0;
        double accD = 0;
        for (int off = 0; off < rows; off += BATCH) {
            long minI = Integer.MAX_VALUE;
            long maxI = Integer.MIN_VALUE;
            long maxL = Long.MIN_VALUE;
            long minL = Long.MAX_VALUE;
            double maxD = Double.NEGATIVE_INFINITY;
            double minD = Double.POSITIVE_INFINITY;
            long count = 0;
            long sumI = 0;
            long sumL = 0;
            for (int i = off; i < off + BATCH; i++) {
                int x = ints.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i);
                long y = longs.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i);
                double d = doubles.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i);
                boolean valid = bit(validity, i);
                boolean selected = bit(selection, i);
                minI = Math.min(minI, x);
                maxL = Math.max(maxL, y);
                maxD = Math.max(maxD, d);
                if (valid) {
                    maxI = Math.max(maxI, x);
                    minL = Math.min(minL, y);
                    minD = Math.min(minD, d);
                    count++;
                }
                if (selected) {
                    sumI += x;
                    sumL += y;
                }
            }
            switch (method) {
                case "minInt" -> accL += minI;
                case "maxIntNulls" -> accL += maxI;
                case "maxLong" -> accL ^= maxL;
                case "minLongNulls" -> accL ^= minL;
                case "maxDouble" -> accD += maxD;
                case "minDoubleNulls" -> accD += minD;
                case "countNonNull" -> accL += count;
                case "sumIntSelection" -> accL += sumI;
                case "sumLongSelection" -> accL += sumL;
                default -> throw new IllegalArgumentException(method);
            }
        }
        return method.contains("Double") ? (Object) accD : (Object) accL;
    }

    private static boolean bit(MemorySegment bits, int i)
    {
        return (bits.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i >>> 6) >>> (i & 63) & 1) != 0;
    }
}

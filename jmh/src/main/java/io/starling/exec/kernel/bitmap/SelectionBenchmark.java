package io.starling.exec.kernel.bitmap;

import io.starling.exec.kernel.Impl;
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
 * Selection-vector building ({@link BitmapKernels}): a filter's bitmask to positions ({@code toSelection}), a
 * BOOLEAN column to a bitmask ({@code nonZeroBytes}: what {@code FilterOperator} does with a predicate's result),
 * and narrowing an existing selection by a bitmask ({@code filterSelection}: a second conjunct).
 *
 * <p>Params: {@code impl} scalar twin vs. Vector API; {@code density} percent of set bits (1/50/99: sparse masks
 * favour bit iteration, dense ones the permutation table); {@code rows} 16384 (cache-resident) vs. 16M (DRAM;
 * multiple of 4096). Batch at a time (4096 rows per call). Each method returns the number of positions produced,
 * checked against a plain popcount.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class SelectionBenchmark
        implements Checked
{
    private static final int BATCH = ColumnBatch.MAX_ROWS;
    private static final int WORDS = BATCH / 64;

    @Param({"SCALAR", "PANAMA"})
    public Impl impl;

    @Param({"1", "50", "99"})
    public int density;

    @Param({"16384", "16777216"})
    public int rows;

    private BitmapKernels kernels;
    private Arena arena;
    /** The filter bitmask of all rows. */
    private long[] mask;
    /** A BOOLEAN column (one byte per row) with the same set rows as {@link #mask}. */
    private MemorySegment booleans;
    /** Every other row, the input selection of {@link #filterSelection}. */
    private final int[] everyOther = new int[BATCH / 2];
    private final long[] bits = new long[WORDS];
    private final int[] sel = new int[BATCH];

    @Setup(Level.Trial)
    public void setUp()
    {
        kernels = impl.provider().bitmap();
        arena = Arena.ofShared();
        MemorySegment m = Columns.bits(arena, rows, density, 42);
        mask = m.asSlice(0, (long) rows / 8).toArray(ValueLayout.JAVA_LONG);
        booleans = arena.allocate(rows + Columns.SLACK, 64);
        for (int i = 0; i < rows; i++) {
            booleans.set(ValueLayout.JAVA_BYTE, i, (byte) (mask[i >>> 6] >>> (i & 63) & 1));
        }
        for (int k = 0; k < everyOther.length; k++) {
            everyOther[k] = 2 * k;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        arena.close();
    }

    @Benchmark
    public long toSelection()
    {
        long n = 0;
        for (int off = 0; off < rows; off += BATCH) {
            System.arraycopy(mask, off >>> 6, bits, 0, WORDS);
            n += kernels.toSelection(bits, BATCH, sel);
        }
        return n;
    }

    @Benchmark
    public long nonZeroBytes()
    {
        long n = 0;
        for (int off = 0; off < rows; off += BATCH) {
            n += kernels.nonZeroBytes(booleans, off, BATCH, bits);
        }
        return n;
    }

    @Benchmark
    public long filterSelection()
    {
        long n = 0;
        for (int off = 0; off < rows; off += BATCH) {
            System.arraycopy(mask, off >>> 6, bits, 0, WORDS);
            n += kernels.filterSelection(everyOther, everyOther.length, bits, sel);
        }
        return n;
    }

    @Override
    public Object expected(String method)
    {
        long n = 0;
        for (int i = 0; i < rows; i++) {
            if ((mask[i >>> 6] >>> (i & 63) & 1) != 0 && (!method.equals("filterSelection") || i % 2 == 0)) {
                n++;
            }
        }
        return n;
    }
}

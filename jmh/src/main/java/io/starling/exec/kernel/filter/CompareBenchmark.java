package io.starling.exec.kernel.filter;

import io.starling.exec.kernel.CompareOp;
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
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * {@code x >= c} per column type ({@link FilterKernels#compareInt}/{@code Long}/{@code Double}) at 50 %
 * selectivity, the hardest case for branchy code, in the three shapes the scan uses: into a bitmask, into a
 * selection vector, and over an input selection (a previous conjunct kept a random half of the rows; the kernel
 * re-tests only those).
 *
 * <p>Params: {@code impl} scalar twin vs. Vector API; {@code type} INT/BIGINT/DOUBLE; {@code rows} 16384
 * (cache-resident) vs. 16M (DRAM; must be a multiple of 4096). Batch at a time, 4096 rows per call. Each method
 * returns the number of rows that passed, checked against a plain loop.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class CompareBenchmark
        implements Checked
{
    /** Column types measured. */
    public enum Type
    {
        INT, BIGINT, DOUBLE
    }

    private static final int BATCH = ColumnBatch.MAX_ROWS;
    /** Values are uniform in [0, BOUND); the constant is BOUND / 2, so half the rows pass. */
    private static final int BOUND = 1_000_000;

    @Param({"SCALAR", "PANAMA"})
    public Impl impl;

    @Param({"INT", "BIGINT", "DOUBLE"})
    public Type type;

    @Param({"16384", "16777216"})
    public int rows;

    private FilterKernels kernels;
    private Arena arena;
    private MemorySegment data;
    private int width;
    private final long[] bits = new long[BATCH / 64];
    private final int[] sel = new int[BATCH];
    private final long[] scratch = new long[BATCH / 64];
    /** Positions a previous conjunct kept in every batch (random half, ascending). */
    private int[] inSel;
    private int inCount;

    @Setup(Level.Trial)
    public void setUp()
    {
        kernels = impl.provider().filter();
        arena = Arena.ofShared();
        switch (type) {
            case INT -> {
                data = Columns.ints(arena, rows, BOUND, 42);
                width = 4;
            }
            case BIGINT -> {
                data = Columns.longs(arena, rows, BOUND, 42);
                width = 8;
            }
            case DOUBLE -> {
                data = Columns.doubles(arena, rows, BOUND, 42);
                width = 8;
            }
        }
        Random r = new Random(7);
        inSel = new int[BATCH];
        inCount = 0;
        for (int i = 0; i < BATCH; i++) {
            if (r.nextBoolean()) {
                inSel[inCount++] = i;
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        arena.close();
    }

    @Benchmark
    public long bitmask()
    {
        long passed = 0;
        for (int off = 0; off < rows; off += BATCH) {
            long at = (long) off * width;
            passed += switch (type) {
                case INT -> kernels.compareInt(CompareOp.GE, data, at, BATCH, BOUND / 2, bits);
                case BIGINT -> kernels.compareLong(CompareOp.GE, data, at, BATCH, BOUND / 2, bits);
                case DOUBLE -> kernels.compareDouble(CompareOp.GE, data, at, BATCH, BOUND / 2, bits);
            };
        }
        return passed;
    }

    @Benchmark
    public long selection()
    {
        long passed = 0;
        for (int off = 0; off < rows; off += BATCH) {
            long at = (long) off * width;
            passed += switch (type) {
                case INT -> kernels.compareIntSelect(CompareOp.GE, data, at, BATCH, BOUND / 2, sel);
                case BIGINT -> kernels.compareLongSelect(CompareOp.GE, data, at, BATCH, BOUND / 2, sel);
                case DOUBLE -> kernels.compareDoubleSelect(CompareOp.GE, data, at, BATCH, BOUND / 2, sel);
            };
        }
        return passed;
    }

    @Benchmark
    public long selected()
    {
        long passed = 0;
        for (int off = 0; off < rows; off += BATCH) {
            long at = (long) off * width;
            passed += switch (type) {
                case INT -> kernels.compareIntSelected(CompareOp.GE, data, at, inSel, inCount, BOUND / 2, sel, scratch);
                case BIGINT -> kernels.compareLongSelected(CompareOp.GE, data, at, inSel, inCount, BOUND / 2, sel, scratch);
                case DOUBLE -> kernels.compareDoubleSelected(CompareOp.GE, data, at, inSel, inCount, BOUND / 2, sel, scratch);
            };
        }
        return passed;
    }

    @Override
    public Object expected(String method)
    {
        long passed = 0;
        boolean[] inSelected = new boolean[BATCH];
        for (int k = 0; k < inCount; k++) {
            inSelected[inSel[k]] = true;
        }
        for (int i = 0; i < rows; i++) {
            double x = switch (type) {
                case INT -> data.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i);
                case BIGINT -> data.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i);
                case DOUBLE -> data.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i);
            };
            if (x >= BOUND / 2 && (!method.equals("selected") || inSelected[i % BATCH])) {
                passed++;
            }
        }
        return passed;
    }
}

package io.starling.exec.kernel.filter;

import io.starling.exec.kernel.Impl;
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
 * {@code x BETWEEN lo AND hi} on INT values, batch at a time (4096 rows per kernel call, output buffers
 * L1-resident), into a bitmask and into a selection vector (the filter operator's two output forms).
 *
 * <p>Params: {@code impl} scalar twin vs. Vector API; {@code rows} 16384 (64 KiB, cache-resident) vs. 16M
 * (64 MiB, streams from DRAM); {@code selectivity} in percent (values uniform in [0, 10^6)). Reported time is
 * per invocation (all {@code rows}); the perf report divides by rows. Numbers for
 * PANAMA are meaningless on hardware with vectors narrower than 256 bits (the provider would not be chosen
 * there) and on JVMs without C2.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class FilterBenchmark
{
    @Param({"SCALAR", "PANAMA"})
    public Impl impl;

    @Param({"16384", "16777216"})
    public int rows;

    @Param({"1", "50", "99"})
    public int selectivity;

    private FilterKernels kernels;
    private Arena arena;
    private MemorySegment data;
    private int lo;
    private int hi;
    private final long[] bits = new long[ColumnBatch.MAX_ROWS / 64];
    private final int[] sel = new int[ColumnBatch.MAX_ROWS];

    @Setup(Level.Trial)
    public void setUp()
    {
        kernels = impl.provider().filter();
        arena = Arena.ofShared();
        data = arena.allocate((long) rows * 4 + 64, 64);
        Random r = new Random(42);
        for (int i = 0; i < rows; i++) {
            data.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i, r.nextInt(1_000_000));
        }
        lo = 0;
        hi = selectivity * 10_000 - 1;
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        arena.close();
    }

    /** Bitmask output; returns the number of rows that passed. */
    @Benchmark
    public long betweenBitmask()
    {
        long passed = 0;
        for (int off = 0; off < rows; off += ColumnBatch.MAX_ROWS) {
            passed += kernels.betweenInt(data, (long) off * 4, ColumnBatch.MAX_ROWS, lo, hi, bits);
        }
        return passed;
    }

    /** Selection-vector output (permutation-table compaction on Panama); returns the number of rows that passed. */
    @Benchmark
    public long betweenSelection()
    {
        long passed = 0;
        for (int off = 0; off < rows; off += ColumnBatch.MAX_ROWS) {
            passed += kernels.betweenIntSelect(data, (long) off * 4, ColumnBatch.MAX_ROWS, lo, hi, sel);
        }
        return passed;
    }

    /** Reference count for tests: a plain loop. */
    public long expectedPassed()
    {
        long passed = 0;
        for (int i = 0; i < rows; i++) {
            int x = data.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i);
            passed += lo <= x && x <= hi ? 1 : 0;
        }
        return passed;
    }
}

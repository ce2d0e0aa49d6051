package io.starling.exec.kernel.agg;

import io.starling.exec.kernel.Impl;
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
 * Whole-column SUM kernels (what a global {@code SUM(x)} does per batch, here over the whole column in one call):
 * INT→BIGINT, BIGINT, DOUBLE (in the defined 8-stripe order), and INT with a validity bitmap (10 % NULLs).
 *
 * <p>Params: {@code impl} scalar twin vs. Vector API; {@code rows} 16384 (cache-resident) vs. 16M (64-128 MiB,
 * bandwidth-bound: expect small gains there, notes/jdk25-performance.md §0.2). Reported time is per invocation
 * (all rows). PANAMA numbers are meaningless below 256-bit vectors or without C2.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class SumBenchmark
{
    @Param({"SCALAR", "PANAMA"})
    public Impl impl;

    @Param({"16384", "16777216"})
    public int rows;

    private AggKernels kernels;
    private Arena arena;
    private MemorySegment ints;
    private MemorySegment longs;
    private MemorySegment doubles;
    private MemorySegment validity;

    /** Input column, for result checks in tests. */
    public MemorySegment ints()
    {
        return ints;
    }

    /** Input column, for result checks in tests. */
    public MemorySegment longs()
    {
        return longs;
    }

    /** Input column, for result checks in tests. */
    public MemorySegment doubles()
    {
        return doubles;
    }

    /** Validity bitmap (about 10 % NULLs), for result checks in tests. */
    public MemorySegment validity()
    {
        return validity;
    }

    @Setup(Level.Trial)
    public void setUp()
    {
        kernels = impl.provider().agg();
        arena = Arena.ofShared();
        ints = arena.allocate((long) rows * 4 + 64, 64);
        longs = arena.allocate((long) rows * 8 + 64, 64);
        doubles = arena.allocate((long) rows * 8 + 64, 64);
        validity = arena.allocate(((rows + 63L) / 64) * 8 + 64, 64);
        Random r = new Random(42);
        for (int i = 0; i < rows; i++) {
            int v = r.nextInt();
            ints.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i, v);
            longs.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i, (long) v * 7919);
            doubles.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i, v / 1024.0);
        }
        for (int w = 0; w < (rows + 63) / 64; w++) {
            long word = -1L;
            for (int b = 0; b < 64; b++) {
                if (r.nextInt(10) == 0) {
                    word &= ~(1L << b);
                }
            }
            validity.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, w, word);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        arena.close();
    }

    @Benchmark
    public long sumInt()
    {
        return kernels.sumInt(ints, 0, null, rows);
    }

    @Benchmark
    public long sumIntNulls()
    {
        return kernels.sumInt(ints, 0, validity, rows);
    }

    @Benchmark
    public long sumLong()
    {
        return kernels.sumLong(longs, 0, null, rows);
    }

    @Benchmark
    public double sumDouble()
    {
        return kernels.sumDouble(doubles, 0, null, rows);
    }
}

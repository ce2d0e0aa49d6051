package io.starling.exec.kernel.hash;

import io.starling.exec.kernel.Impl;
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
import java.util.concurrent.TimeUnit;

/**
 * Key hashing for joins and aggregations ({@link HashKernels}), batch at a time: 4096 keys per kernel call into
 * an L1-resident output array, as the group-by and join tables call it.
 *
 * <p>Params: {@code impl} scalar twin vs. Vector API; {@code rows} 16384 (64/128 KiB of keys, cache-resident) vs.
 * 16M (64/128 MiB, streams from DRAM). Each method returns a checksum of sampled outputs (two per batch: a full
 * fold would cost as much as the vector kernel itself); the twins must agree. Time is per invocation (all rows).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class HashBenchmark
{
    private static final int BATCH = ColumnBatch.MAX_ROWS;

    @Param({"SCALAR", "PANAMA"})
    public Impl impl;

    @Param({"16384", "16777216"})
    public int rows;

    private HashKernels kernels;
    private Arena arena;
    private MemorySegment longKeys;
    private MemorySegment intKeys;
    private final long[] longOut = new long[BATCH];
    private final int[] intOut = new int[BATCH];

    @Setup(Level.Trial)
    public void setUp()
    {
        kernels = impl.provider().hash();
        arena = Arena.ofShared();
        longKeys = Columns.longs(arena, rows, Long.MAX_VALUE, 42);
        intKeys = Columns.ints(arena, rows, Integer.MAX_VALUE, 43);
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        arena.close();
    }

    /** fmix64 of BIGINT keys. */
    @Benchmark
    public long hashLong()
    {
        long check = 0;
        for (int off = 0; off < rows; off += BATCH) {
            int n = Math.min(BATCH, rows - off);
            kernels.hashLong(longKeys, (long) off * 8, n, longOut);
            check = check * 31 + longOut[off / BATCH * 61 % n] + longOut[n - 1];
        }
        return check;
    }

    /** fmix32 of INT keys (32-bit multiplies: the cheap case on AVX2). */
    @Benchmark
    public long hashInt()
    {
        long check = 0;
        for (int off = 0; off < rows; off += BATCH) {
            int n = Math.min(BATCH, rows - off);
            kernels.hashInt(intKeys, (long) off * 4, n, intOut);
            check = check * 31 + intOut[off / BATCH * 61 % n] + intOut[n - 1];
        }
        return check;
    }

    /** A two-column key: hash the BIGINT column, fold the INT column in ({@code h * 31 + fmix64(k)}). */
    @Benchmark
    public long hashTwoColumns()
    {
        long check = 0;
        for (int off = 0; off < rows; off += BATCH) {
            int n = Math.min(BATCH, rows - off);
            kernels.hashLong(longKeys, (long) off * 8, n, longOut);
            kernels.combineInt(intKeys, (long) off * 4, n, longOut);
            check = check * 31 + longOut[off / BATCH * 61 % n] + longOut[n - 1];
        }
        return check;
    }
}

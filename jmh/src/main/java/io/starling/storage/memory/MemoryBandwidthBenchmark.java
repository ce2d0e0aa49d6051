package io.starling.storage.memory;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * Single-core memory read bandwidth: the ceiling a scan worker can reach. Sums an off-heap {@code long} array
 * (scalar, and with four {@link LongVector} accumulators so the loop is load-bound, not add-latency-bound) and copies
 * it with {@link MemorySegment#copy} (bytes read = bytes written; a copy moves 2x the buffer through the memory bus).
 *
 * <p>{@code bytes}: 256 MiB is 8x this machine's 32 MiB L3, so every pass streams from DRAM; 256 KiB stays in L2 and
 * shows the cache ceiling for contrast. Time is per invocation (one pass over the buffer); GB/s = bytes / time.
 * The scan target is "bytes scanned per second ≥ 50 % of the single-core read bandwidth per worker".
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
public class MemoryBandwidthBenchmark
        implements io.starling.jmh.Checked
{
    private static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_PREFERRED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    @Param({"262144", "268435456"})
    public long bytes;

    private Arena arena;
    private MemorySegment src;
    private MemorySegment dst;

    @Setup(Level.Trial)
    public void setUp()
    {
        arena = Arena.ofShared();
        src = arena.allocate(bytes, 64);
        dst = arena.allocate(bytes, 64);
        long n = bytes / Long.BYTES;
        for (long i = 0; i < n; i++) {
            src.setAtIndex(LONG, i, i * 0x9E3779B97F4A7C15L);
        }
        // touch the copy target so the first copy does not measure page faults
        dst.fill((byte) 1);
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        arena.close();
    }

    /** Plain indexed loop; C2 may or may not vectorize it, which is the point of comparing with {@link #sumVector}. */
    @Benchmark
    public long sumScalar()
    {
        long n = bytes / Long.BYTES;
        long s = 0;
        for (long i = 0; i < n; i++) {
            s += src.getAtIndex(LONG, i);
        }
        return s;
    }

    /** Four independent vector accumulators: enough loads in flight to saturate the memory pipe. */
    @Benchmark
    public long sumVector()
    {
        int step = SPECIES.vectorByteSize();
        long end = bytes - bytes % (4L * step);
        LongVector a = LongVector.zero(SPECIES);
        LongVector b = a;
        LongVector c = a;
        LongVector d = a;
        for (long p = 0; p < end; p += 4L * step) {
            a = a.add(LongVector.fromMemorySegment(SPECIES, src, p, ByteOrder.LITTLE_ENDIAN));
            b = b.add(LongVector.fromMemorySegment(SPECIES, src, p + step, ByteOrder.LITTLE_ENDIAN));
            c = c.add(LongVector.fromMemorySegment(SPECIES, src, p + 2L * step, ByteOrder.LITTLE_ENDIAN));
            d = d.add(LongVector.fromMemorySegment(SPECIES, src, p + 3L * step, ByteOrder.LITTLE_ENDIAN));
        }
        long s = a.add(b).add(c).add(d).reduceLanes(VectorOperators.ADD);
        for (long p = end; p < bytes; p += Long.BYTES) {
            s += src.get(LONG, p);
        }
        return s;
    }

    /** Bulk copy of the whole buffer; returns one copied value so the copy cannot be elided. */
    @Benchmark
    public long copy()
    {
        MemorySegment.copy(src, 0, dst, 0, bytes);
        return dst.get(LONG, bytes - Long.BYTES);
    }

    @Override
    public Object expected(String method)
    {
        // copy returns the last source value
        return method.equals("copy") ? (bytes / Long.BYTES - 1) * 0x9E3779B97F4A7C15L : expectedSum();
    }

    /** Expected result of {@link #sumScalar} / {@link #sumVector}: the wrapping sum of {@code i * K}, for tests. */
    public long expectedSum()
    {
        long n = bytes / Long.BYTES;
        long s = 0;
        for (long i = 0; i < n; i++) {
            s += i * 0x9E3779B97F4A7C15L;
        }
        return s;
    }
}

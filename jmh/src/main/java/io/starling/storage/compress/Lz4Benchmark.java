package io.starling.storage.compress;

import io.starling.jmh.Checked;
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
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Page decompression ({@link Codec#decompress}) from off-heap memory (as from the mapped segment file) into a
 * reused 64 KiB heap buffer, the scan's path for a compressed page. Page content: TPC-H-like comment text (words from
 * a fixed vocabulary, as dbgen's text grammar), which LZ4 compresses about 2-3x.
 *
 * <p>Params: {@code codec} LZ4 vs. NONE (the same copy without decompression: the floor); {@code pages} 4 (256 KiB
 * raw, cache-resident) vs. 1024 (64 MiB raw in distinct memory: DRAM). No Vector API twin: lz4-java is JNI when its
 * native library loads. Returns a checksum of sampled output bytes, checked against the original text. Time is per
 * invocation (all pages).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class Lz4Benchmark
        implements Checked
{
    /** Raw bytes per page (the segment writer's page size). */
    public static final int PAGE_BYTES = 64 * 1024;
    private static final int VARIANTS = 8;
    private static final String[] WORDS = {"furiously", "carefully", "quickly", "blithely", "slyly", "ironic",
        "final", "pending", "regular", "express", "special", "bold", "even", "silent", "unusual", "deposits",
        "requests", "accounts", "packages", "instructions", "foxes", "theodolites", "pinto", "beans", "sleep",
        "nag", "haggle", "wake", "cajole", "boost", "above", "against", "along", "the", "among"};

    @Param({"LZ4", "NONE"})
    public String codec;

    @Param({"4", "1024"})
    public int pages;

    private Codec c;
    private Arena arena;
    private MemorySegment[] compressed;
    private int[] compressedLength;
    private byte[][] raw;
    private final byte[] out = new byte[PAGE_BYTES];

    @Setup(Level.Trial)
    public void setUp()
    {
        c = codec.equals("LZ4") ? Codecs.LZ4 : Codecs.NONE;
        arena = Arena.ofShared();
        Random r = new Random(42);
        raw = new byte[VARIANTS][];
        byte[][] packed = new byte[VARIANTS][];
        int[] lengths = new int[VARIANTS];
        for (int v = 0; v < VARIANTS; v++) {
            StringBuilder b = new StringBuilder(PAGE_BYTES + 32);
            while (b.length() < PAGE_BYTES) {
                b.append(WORDS[r.nextInt(WORDS.length)]).append(r.nextInt(8) == 0 ? ". " : " ");
            }
            raw[v] = b.substring(0, PAGE_BYTES).getBytes(StandardCharsets.US_ASCII);
            packed[v] = new byte[c.maxCompressedLength(PAGE_BYTES)];
            lengths[v] = c.compress(raw[v], 0, PAGE_BYTES, packed[v], 0);
        }
        compressed = new MemorySegment[pages];
        compressedLength = new int[pages];
        for (int p = 0; p < pages; p++) {
            int v = p % VARIANTS;
            compressedLength[p] = lengths[v];
            compressed[p] = arena.allocate(lengths[v], 64);
            MemorySegment.copy(packed[v], 0, compressed[p], java.lang.foreign.ValueLayout.JAVA_BYTE, 0, lengths[v]);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        arena.close();
    }

    /** Compression ratio of the pages (for the report). */
    public double ratio()
    {
        long sum = 0;
        for (int len : compressedLength) {
            sum += len;
        }
        return (double) pages * PAGE_BYTES / sum;
    }

    @Benchmark
    public long decompress()
    {
        long check = 0;
        for (int p = 0; p < pages; p++) {
            c.decompress(compressed[p], 0, compressedLength[p], out, 0, PAGE_BYTES);
            check = check * 31 + out[(p * 4099) & (PAGE_BYTES - 1)] + out[PAGE_BYTES - 1];
        }
        return check;
    }

    @Override
    public Object expected(String method)
    {
        long check = 0;
        for (int p = 0; p < pages; p++) {
            byte[] v = raw[p % VARIANTS];
            check = check * 31 + v[(p * 4099) & (PAGE_BYTES - 1)] + v[PAGE_BYTES - 1];
        }
        return check;
    }
}

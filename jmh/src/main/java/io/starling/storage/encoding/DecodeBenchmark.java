package io.starling.storage.encoding;

import io.starling.jmh.Checked;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.io.ByteSink;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
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
 * Page decoding per encoding ({@link PageEncoder#decode}), as the scan does it: pages of {@link #PAGE_ROWS} values
 * decoded 4096 rows at a time into one reused off-heap {@link ColumnVector}.
 * <ul>
 *   <li>{@code PLAIN}: INT uniform over the whole range (a bulk copy);</li>
 *   <li>{@code BIT_PACKED}: INT in [1000, 1000 + 2^11) (frame of reference, 11 bits a value);</li>
 *   <li>{@code RLE}: INT runs of 1..127 equal values (low-cardinality sorted data);</li>
 *   <li>{@code DICT}: VARCHAR of 8-24 bytes from 64 distinct strings (dictionary + bit-packed codes).</li>
 * </ul>
 * Params: {@code encoding}; {@code rows} 16384 (one page, cache-resident) vs. 16M (1024 pages in distinct memory,
 * copies of 8 distinct encoded pages: the bodies stream from DRAM). Decoders have no Vector API twin (there is no
 * {@code impl} param); {@code BitPacking.unpack} is scalar with bulk copies. Each method returns a checksum of two
 * sampled rows per decoded batch, checked against the generated values. Time is per invocation (all rows).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class DecodeBenchmark
        implements Checked
{
    /** Values per page: 64 KiB of PLAIN ints, the segment writer's page size. */
    public static final int PAGE_ROWS = 16384;
    private static final int BATCH = ColumnBatch.MAX_ROWS;
    private static final int VARIANTS = 8;

    @Param({"PLAIN", "BIT_PACKED", "RLE", "DICT"})
    public EncodingType encoding;

    @Param({"16384", "16777216"})
    public int rows;

    private MemoryContext memory;
    private Arena arena;
    private MemorySegment[] pages;
    private int[][] intValues;
    private byte[][][] stringValues;
    private ColumnVector dst;

    @Setup(Level.Trial)
    public void setUp()
    {
        memory = MemoryContext.process().newChild("jmh-decode", 1L << 30);
        arena = Arena.ofShared();
        boolean strings = encoding == EncodingType.DICT;
        DataType type = strings ? DataType.varchar(64) : DataType.INT;
        Random r = new Random(42);
        byte[][] dictionary = new byte[64][];
        for (int d = 0; d < dictionary.length; d++) {
            dictionary[d] = ("value-" + d + "-" + "x".repeat(r.nextInt(12))).getBytes(StandardCharsets.UTF_8);
        }
        intValues = new int[VARIANTS][PAGE_ROWS];
        stringValues = new byte[VARIANTS][PAGE_ROWS][];
        MemorySegment[] bodies = new MemorySegment[VARIANTS];
        try (ColumnVector src = new ColumnVector(type, PAGE_ROWS, memory)) {
            for (int v = 0; v < VARIANTS; v++) {
                int run = 0;
                int runValue = 0;
                for (int i = 0; i < PAGE_ROWS; i++) {
                    switch (encoding) {
                        case PLAIN -> intValues[v][i] = r.nextInt();
                        case BIT_PACKED -> intValues[v][i] = 1000 + r.nextInt(1 << 11);
                        case RLE -> {
                            if (run == 0) {
                                run = 1 + r.nextInt(127);
                                runValue = r.nextInt(100);
                            }
                            run--;
                            intValues[v][i] = runValue;
                        }
                        case DICT -> stringValues[v][i] = dictionary[r.nextInt(dictionary.length)];
                    }
                    if (strings) {
                        src.setBytes(i, stringValues[v][i]);
                    }
                    else {
                        src.setInt(i, intValues[v][i]);
                    }
                }
                ByteSink out = new ByteSink();
                EncodingType used = PageEncoder.encode(encoding, src, 0, PAGE_ROWS, out);
                if (used != encoding) {
                    throw new IllegalStateException(encoding + " declined the page (got " + used + ")");
                }
                bodies[v] = MemorySegment.ofArray(out.toByteArray());
                if (strings) {
                    src.resetVarlen();
                }
            }
        }
        pages = new MemorySegment[rows / PAGE_ROWS];
        for (int p = 0; p < pages.length; p++) {
            MemorySegment body = bodies[p % VARIANTS];
            pages[p] = arena.allocate(body.byteSize() + 64, 64).asSlice(0, body.byteSize());
            pages[p].copyFrom(body);
        }
        dst = new ColumnVector(type, BATCH, memory);
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        dst.close();
        arena.close();
        memory.close();
    }

    @Benchmark
    public long decode()
    {
        long check = 0;
        boolean strings = encoding == EncodingType.DICT;
        for (int p = 0; p < pages.length; p++) {
            for (int first = 0; first < PAGE_ROWS; first += BATCH) {
                if (strings) {
                    dst.resetVarlen();
                }
                PageEncoder.decode(encoding, pages[p], PAGE_ROWS, first, BATCH, dst, 0);
                int s = sample(p, first);
                check = check * 31 + (strings ? dst.getLength(s) * 131L + dst.bytes().get(java.lang.foreign.ValueLayout.JAVA_BYTE, dst.getOffset(s) + 6) : dst.getInt(s))
                        + (strings ? dst.getLength(BATCH - 1) : dst.getInt(BATCH - 1));
            }
        }
        return check;
    }

    @Override
    public Object expected(String method)
    {
        long check = 0;
        boolean strings = encoding == EncodingType.DICT;
        for (int p = 0; p < pages.length; p++) {
            int v = p % VARIANTS;
            for (int first = 0; first < PAGE_ROWS; first += BATCH) {
                int s = first + sample(p, first);
                int last = first + BATCH - 1;
                check = check * 31 + (strings ? stringValues[v][s].length * 131L + stringValues[v][s][6] : intValues[v][s])
                        + (strings ? stringValues[v][last].length : intValues[v][last]);
            }
        }
        return check;
    }

    private static int sample(int page, int first)
    {
        return (page * 61 + first / BATCH * 7) & (BATCH - 1);
    }
}

package io.starling.exec.join;

import io.starling.exec.expr.ColumnRef;
import io.starling.exec.expr.Expression;
import io.starling.exec.hash.JoinHashTable;
import io.starling.exec.operator.HashJoinBuildOperator;
import io.starling.exec.operator.HashJoinProbeOperator;
import io.starling.exec.operator.JoinType;
import io.starling.exec.operator.OperatorContext;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
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

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Hash join build and probe through {@link HashJoinBuildOperator} / {@link HashJoinProbeOperator} (INNER, no
 * residual), by build size, key shape and key cardinality:
 * <ul>
 *   <li>{@code buildRows}: 65,536 (the table stays in L2/L3) or 8,388,608 (DRAM);</li>
 *   <li>{@code keys}: {@code LONG} (one BIGINT) or {@code STRING} (one VARCHAR of 10-12 bytes plus an INT: the
 *       serialized-key path);</li>
 *   <li>{@code dups}: build rows per distinct key, 1 (a primary key, high cardinality) or 16 (low cardinality, every
 *       hit emits 16 rows).</li>
 * </ul>
 * Build rows are (key..., BIGINT payload). {@link #PROBE_ROWS} probe rows draw keys uniformly from twice the
 * distinct build keys, so about half of them hit. Both benchmarks include making each input batch from heap
 * arrays (pushed batches belong to the operator); {@code build} and {@code probe} report time per invocation:
 * divide by {@code buildRows} resp. {@link #PROBE_ROWS} for ns/row.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xms6g", "-Xmx6g"})
public class JoinBenchmark
        implements io.starling.jmh.Checked
{
    /** Key shapes measured. */
    public enum Keys
    {
        LONG, STRING
    }

    /** Probe rows per {@code probe} invocation: 64 batches. */
    public static final int PROBE_ROWS = 64 * ColumnBatch.MAX_ROWS;

    @Param({"65536", "8388608"})
    public int buildRows;

    @Param({"LONG", "STRING"})
    public Keys keys;

    @Param({"1", "16"})
    public int dups;

    private MemoryContext query;
    private List<DataType> buildTypes;
    private List<DataType> keyTypes;
    private List<Expression> keyExprs;
    private long[] buildKeys;
    private long[] probeKeys;
    private JoinHashTable probeTable;

    @Setup(Level.Trial)
    public void setUp()
    {
        query = MemoryContext.process().newChild("jmh-join", 16L << 30);
        Random rnd = new Random(42);
        int distinct = buildRows / dups;
        // a shuffled key order, so that equal keys are not adjacent in the build input
        buildKeys = new long[buildRows];
        for (int i = 0; i < buildRows; i++) {
            buildKeys[i] = (i % distinct) * 7919L;
        }
        for (int i = buildRows - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            long t = buildKeys[i];
            buildKeys[i] = buildKeys[j];
            buildKeys[j] = t;
        }
        probeKeys = new long[PROBE_ROWS];
        for (int i = 0; i < PROBE_ROWS; i++) {
            probeKeys[i] = rnd.nextLong(2L * distinct) * 7919L;
        }
        if (keys == Keys.LONG) {
            keyTypes = List.of(DataType.BIGINT);
            keyExprs = List.of(new ColumnRef(0, DataType.BIGINT));
            buildTypes = List.of(DataType.BIGINT, DataType.BIGINT);
        }
        else {
            keyTypes = List.of(DataType.STRING, DataType.INT);
            keyExprs = List.of(new ColumnRef(0, DataType.STRING), new ColumnRef(1, DataType.INT));
            buildTypes = List.of(DataType.STRING, DataType.INT, DataType.BIGINT);
        }
        probeTable = buildTable();
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        probeTable.release();
        query.close();
    }

    /** Builds a table over all build rows; returns its row count. */
    @Benchmark
    public long build()
    {
        JoinHashTable t = buildTable();
        long n = t.rowCount();
        t.release();
        return n;
    }

    /** Probes {@link #PROBE_ROWS} rows into the prebuilt table; returns the joined row count. */
    @Benchmark
    public long probe()
    {
        long out = 0;
        try (OperatorContext c = new OperatorContext("probe", query);
                HashJoinProbeOperator op = new HashJoinProbeOperator(c, probeTable, keyExprs, buildTypes, JoinType.INNER, null)) {
            for (int first = 0; first < PROBE_ROWS; first += ColumnBatch.MAX_ROWS) {
                op.push(batch(probeKeys, first, ColumnBatch.MAX_ROWS));
                ColumnBatch b;
                while ((b = op.pull()) != null) {
                    out += b.size();
                    b.close();
                }
            }
            op.finish();
        }
        return out;
    }

    /**
     * Independent of the table: every build key {@code d * 7919} ({@code d < buildRows / dups}) occurs {@code dups}
     * times, so a probe key joins {@code dups} rows exactly when its {@code d} is below that bound.
     */
    @Override
    public Object expected(String method)
    {
        if (method.equals("build")) {
            return (long) buildRows;
        }
        long distinct = buildRows / dups;
        long out = 0;
        for (long k : probeKeys) {
            if (k / 7919 < distinct) {
                out += dups;
            }
        }
        return out;
    }

    private JoinHashTable buildTable()
    {
        OperatorContext c = new OperatorContext("build", query);
        JoinHashTable t = new JoinHashTable(buildTypes, keyTypes, c.memory());
        t.retain();
        try (HashJoinBuildOperator op = new HashJoinBuildOperator(c, t, keyExprs)) {
            for (int first = 0; first < buildRows; first += ColumnBatch.MAX_ROWS) {
                op.push(batch(buildKeys, first, Math.min(ColumnBatch.MAX_ROWS, buildRows - first)));
            }
            op.finish();
        }
        return t;
    }

    /** Rows {@code [first, first + n)} of {@code src} as (key columns..., payload = key). */
    private ColumnBatch batch(long[] src, int first, int n)
    {
        ColumnBatch b = ColumnBatch.allocate(buildTypes, n, query);
        if (keys == Keys.LONG) {
            MemorySegment.copy(src, first, b.column(0).data(), ValueLayout.JAVA_LONG_UNALIGNED, 0, n);
            MemorySegment.copy(src, first, b.column(1).data(), ValueLayout.JAVA_LONG_UNALIGNED, 0, n);
        }
        else {
            ColumnVector s = b.column(0);
            ColumnVector i32 = b.column(1);
            for (int i = 0; i < n; i++) {
                byte[] text = ("k" + src[first + i]).getBytes(StandardCharsets.US_ASCII);
                s.setBytes(i, text, 0, text.length);
                i32.setInt(i, (int) (src[first + i] & 7));
            }
            MemorySegment.copy(src, first, b.column(2).data(), ValueLayout.JAVA_LONG_UNALIGNED, 0, n);
        }
        b.setRowCount(n);
        return b;
    }
}

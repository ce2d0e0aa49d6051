package io.starling.exec.operator;

import io.starling.exec.expr.ColumnRef;
import io.starling.exec.expr.Expression;
import io.starling.exec.operator.agg.AggregateCall;
import io.starling.exec.operator.agg.AggregateKind;
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
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * {@link HashAggregateOperator} end to end ({@code SUM(decimal(15, 2)) → decimal(38, 2)}, {@code COUNT(*)}) over
 * 1,048,576 rows in 4096-row batches, by key shape:
 * <ul>
 *   <li>{@code LOW_CHARS}: two CHAR(1) keys, 4 groups (TPC-H Q1's {@code l_returnflag, l_linestatus}; packed-key
 *       table);</li>
 *   <li>{@code LOW_INT}: one INT key, 16 groups (long-key table);</li>
 *   <li>{@code HIGH_BIGINT}: one BIGINT key, about 650k distinct groups (long-key table, table beyond L2);</li>
 *   <li>{@code HIGH_MULTI}: INT + INT keys, about 500k groups (66 bits: serialized table).</li>
 * </ul>
 * The group-by path has no SCALAR/PANAMA variant (hash probing is scalar), so there is no {@code impl} param. The
 * time includes building each input batch from heap arrays (bulk copies, a small part of the total). Reported
 * time is per invocation (all rows).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class HashAggregateBenchmark
        implements io.starling.jmh.Checked
{
    /** Key shapes measured. */
    public enum Keys
    {
        LOW_CHARS, LOW_INT, HIGH_BIGINT, HIGH_MULTI
    }

    /** Rows per invocation: 2^20, 256 batches. */
    public static final int ROWS = 1 << 20;

    @Param({"LOW_CHARS", "LOW_INT", "HIGH_BIGINT", "HIGH_MULTI"})
    public Keys keys;

    private MemoryContext query;
    private List<DataType> types;
    private List<Expression> groupBy;
    private List<AggregateCall> aggregates;
    private long[] key0;
    private long[] key1;
    private long[] prices;

    @Setup(Level.Trial)
    public void setUp()
    {
        query = MemoryContext.process().newChild("jmh-agg", 4L << 30);
        DataType price = DataType.decimal(15, 2);
        Random rnd = new Random(42);
        key0 = new long[ROWS];
        key1 = new long[ROWS];
        prices = new long[ROWS];
        for (int i = 0; i < ROWS; i++) {
            prices[i] = 100 + rnd.nextInt(10_000_000);
            switch (keys) {
                case LOW_CHARS -> {
                    key0[i] = "ANR".charAt(rnd.nextInt(3));
                    key1[i] = "FO".charAt(rnd.nextInt(2));
                }
                case LOW_INT -> key0[i] = rnd.nextInt(16);
                case HIGH_BIGINT -> key0[i] = rnd.nextLong(ROWS) * 7919;
                case HIGH_MULTI -> {
                    key0[i] = rnd.nextInt(1024);
                    key1[i] = rnd.nextInt(1024);
                }
            }
        }
        DataType k0 = switch (keys) {
            case LOW_CHARS -> DataType.chr(1);
            case LOW_INT, HIGH_MULTI -> DataType.INT;
            case HIGH_BIGINT -> DataType.BIGINT;
        };
        boolean twoKeys = keys == Keys.LOW_CHARS || keys == Keys.HIGH_MULTI;
        types = twoKeys ? List.of(k0, k0, price) : List.of(k0, price);
        groupBy = twoKeys ? List.of(new ColumnRef(0, k0), new ColumnRef(1, k0)) : List.of(new ColumnRef(0, k0));
        int priceColumn = types.size() - 1;
        aggregates = List.of(
                new AggregateCall(AggregateKind.SUM, new ColumnRef(priceColumn, price), DataType.decimal(38, 2)),
                AggregateCall.countStar());
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        query.close();
    }

    /** Runs the aggregation over all rows; returns the number of groups. */
    @Benchmark
    public long aggregate()
    {
        long groups = 0;
        try (OperatorContext c = new OperatorContext("agg", query);
                HashAggregateOperator op = new HashAggregateOperator(c, groupBy, aggregates)) {
            for (int first = 0; first < ROWS; first += ColumnBatch.MAX_ROWS) {
                op.push(batch(first, ColumnBatch.MAX_ROWS));
            }
            op.finish();
            ColumnBatch out;
            while ((out = op.pull()) != null) {
                groups += out.size();
                out.close();
            }
        }
        return groups;
    }

    private ColumnBatch batch(int first, int n)
    {
        ColumnBatch b = ColumnBatch.allocate(types, n, query);
        int k = 0;
        for (long[] src : types.size() == 3 ? new long[][] {key0, key1} : new long[][] {key0}) {
            fill(b.column(k++), src, first, n);
        }
        fill(b.column(k), prices, first, n);
        b.setRowCount(n);
        return b;
    }

    private static void fill(ColumnVector v, long[] src, int first, int n)
    {
        MemorySegment data = v.data();
        switch (v.physical()) {
            case LONG -> MemorySegment.copy(src, first, data, ValueLayout.JAVA_LONG_UNALIGNED, 0, n);
            case INT -> {
                for (int i = 0; i < n; i++) {
                    data.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i, (int) src[first + i]);
                }
            }
            case VARLEN -> {
                v.ensureBytesCapacity(n);
                MemorySegment bytes = v.bytes();
                for (int i = 0; i < n; i++) {
                    data.setAtIndex(ValueLayout.JAVA_INT, i, i);
                    bytes.set(ValueLayout.JAVA_BYTE, i, (byte) src[first + i]);
                }
                data.setAtIndex(ValueLayout.JAVA_INT, n, n);
            }
            default -> throw new IllegalStateException(v.type().toString());
        }
    }

    /** The number of distinct keys, counted by sorting the generated keys (both fit in 32 bits but BIGINT's). */
    @Override
    public Object expected(String method)
    {
        long[] k = new long[ROWS];
        for (int i = 0; i < ROWS; i++) {
            k[i] = keys == Keys.HIGH_BIGINT ? key0[i] : key0[i] << 32 | key1[i];
        }
        java.util.Arrays.sort(k);
        long distinct = 0;
        for (int i = 0; i < ROWS; i++) {
            distinct += i == 0 || k[i] != k[i - 1] ? 1 : 0;
        }
        return distinct;
    }
}

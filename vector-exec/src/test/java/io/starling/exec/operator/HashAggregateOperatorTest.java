package io.starling.exec.operator;

import io.starling.exec.operator.agg.AggregateCall;
import io.starling.exec.operator.agg.AggregateKind;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.memory.MemoryLimitExceededException;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.starling.exec.operator.OperatorTestSupport.batch;
import static io.starling.exec.operator.OperatorTestSupport.col;
import static io.starling.exec.operator.OperatorTestSupport.drive;
import static io.starling.exec.operator.OperatorTestSupport.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HashAggregateOperatorTest
{
    private static final long SEED = Long.getLong("tests.seed", 42);
    private MemoryContext query;

    @BeforeEach
    void setUp()
    {
        query = MemoryContext.process().newChild("test-query", 512L << 20);
    }

    @AfterEach
    void tearDown()
    {
        assertThat(query.used()).as("all memory returned").isZero();
        query.close();
    }

    @Test
    void groupsIntKeysWithNullsManyGroupsAllAggregates()
    {
        System.out.println("HashAggregateOperatorTest seed=" + SEED);
        Random r = new Random(SEED);
        List<DataType> types = List.of(DataType.INT, DataType.BIGINT, DataType.STRING);
        int rows = 30_000;
        List<ColumnBatch> in = new ArrayList<>();
        Map<Integer, long[]> model = new HashMap<>();          // key -> count*, count(x), sum, min, max
        Map<Integer, Set<Long>> distinct = new HashMap<>();
        Map<Integer, String> minString = new HashMap<>();
        List<Object[]> cur = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            Integer key = r.nextInt(50) == 0 ? null : r.nextInt(9000) - 4500;
            Long x = r.nextInt(10) == 0 ? null : (long) r.nextInt(1000) - 500;
            String s = "v" + r.nextInt(100);
            cur.add(row(key, x, s));
            int mk = key == null ? Integer.MIN_VALUE : key;
            long[] m = model.computeIfAbsent(mk, k -> new long[] {0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE});
            m[0]++;
            distinct.computeIfAbsent(mk, k -> new HashSet<>());
            if (x != null) {
                m[1]++;
                m[2] += x;
                m[3] = Math.min(m[3], x);
                m[4] = Math.max(m[4], x);
                distinct.get(mk).add(x);
            }
            minString.merge(mk, s, (a, b) -> a.compareTo(b) <= 0 ? a : b);
            if (cur.size() == ColumnBatch.MAX_ROWS) {
                in.add(batch(types, query, cur));
                cur = new ArrayList<>();
            }
        }
        in.add(batch(types, query, cur));
        // a batch with a selection vector: only row 1 counts
        ColumnBatch sel = batch(types, query, row(1, 1000L, "a"), row(7777, 5L, "zz"), row(1, 1000L, "a"));
        sel.setSelection(new int[] {1}, 1);
        in.add(sel);
        long[] m7777 = model.computeIfAbsent(7777, k -> new long[] {0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE});
        m7777[0]++;
        m7777[1]++;
        m7777[2] += 5;
        m7777[3] = Math.min(m7777[3], 5);
        m7777[4] = Math.max(m7777[4], 5);
        distinct.computeIfAbsent(7777, k -> new HashSet<>()).add(5L);
        minString.merge(7777, "zz", (a, b) -> a.compareTo(b) <= 0 ? a : b);

        List<AggregateCall> aggs = List.of(
                AggregateCall.countStar(),
                new AggregateCall(AggregateKind.COUNT, col(1, DataType.BIGINT), DataType.BIGINT),
                new AggregateCall(AggregateKind.SUM, col(1, DataType.BIGINT), DataType.BIGINT),
                new AggregateCall(AggregateKind.MIN, col(1, DataType.BIGINT), DataType.BIGINT),
                new AggregateCall(AggregateKind.MAX, col(1, DataType.BIGINT), DataType.BIGINT),
                new AggregateCall(AggregateKind.AVG, col(1, DataType.BIGINT), DataType.DOUBLE),
                new AggregateCall(AggregateKind.COUNT_DISTINCT, col(1, DataType.BIGINT), DataType.BIGINT),
                new AggregateCall(AggregateKind.MIN, col(2, DataType.STRING), DataType.STRING));
        try (OperatorContext c = new OperatorContext("agg", query);
                HashAggregateOperator op = new HashAggregateOperator(c, List.of(col(0, DataType.INT)), aggs)) {
            List<List<Object>> out = drive(op, in);
            assertThat(out).hasSize(model.size());
            Set<Object> seenKeys = new HashSet<>();
            for (List<Object> row : out) {
                assertThat(seenKeys.add(row.get(0))).isTrue();
                int mk = row.get(0) == null ? Integer.MIN_VALUE : ((Long) row.get(0)).intValue();
                long[] m = model.get(mk);
                assertThat(m).as("group " + row.get(0)).isNotNull();
                assertThat(row.get(1)).isEqualTo(m[0]);
                assertThat(row.get(2)).isEqualTo(m[1]);
                if (m[1] == 0) {
                    assertThat(row.subList(3, 6)).containsOnlyNulls();
                    assertThat(row.get(6)).isNull();
                }
                else {
                    assertThat(row.get(3)).isEqualTo(m[2]);
                    assertThat(row.get(4)).isEqualTo(m[3]);
                    assertThat(row.get(5)).isEqualTo(m[4]);
                    assertThat((Double) row.get(6)).isCloseTo((double) m[2] / m[1], org.assertj.core.data.Offset.offset(1e-9));
                }
                assertThat(row.get(7)).isEqualTo((long) distinct.get(mk).size());
                assertThat(row.get(8)).isEqualTo(minString.get(mk));
            }
            assertThat(c.outputBatches()).isEqualTo((model.size() + ColumnBatch.MAX_ROWS - 1) / ColumnBatch.MAX_ROWS);
        }
    }

    @Test
    void stringAndMultiColumnKeysUseTheSerializedTable()
    {
        List<DataType> types = List.of(DataType.STRING, DataType.INT, DataType.DOUBLE);
        ColumnBatch b = batch(types, query,
                row("a", 1, 1.5), row("b", 1, 2.0), row("a", 1, -0.0), row(null, 1, 4.0), row("a", 2, 0.0), row(null, 1, null), row("", 1, 1.0));
        List<AggregateCall> aggs = List.of(
                new AggregateCall(AggregateKind.SUM, col(2, DataType.DOUBLE), DataType.DOUBLE),
                new AggregateCall(AggregateKind.MAX, col(2, DataType.DOUBLE), DataType.DOUBLE));
        try (OperatorContext c = new OperatorContext("agg", query);
                HashAggregateOperator op = new HashAggregateOperator(c, List.of(col(0, DataType.STRING), col(1, DataType.INT)), aggs)) {
            assertThat(drive(op, List.of(b))).containsExactly(
                    List.of("a", 1L, 1.5, 1.5),
                    List.of("b", 1L, 2.0, 2.0),
                    Arrays.asList(null, 1L, 4.0, 4.0),
                    List.of("a", 2L, 0.0, 0.0),
                    List.of("", 1L, 1.0, 1.0));
        }
        // DOUBLE keys: -0.0 and 0.0 are one group
        ColumnBatch d = batch(List.of(DataType.DOUBLE), query, row(0.0), row(-0.0), row(Double.NaN), row(Double.NaN));
        try (OperatorContext c = new OperatorContext("agg", query);
                HashAggregateOperator op = new HashAggregateOperator(c, List.of(col(0, DataType.DOUBLE)), List.of(AggregateCall.countStar()))) {
            assertThat(drive(op, List.of(d))).containsExactly(List.of(0.0, 2L), List.of(Double.NaN, 2L));
        }
    }

    @Test
    void globalAggregationOnEmptyInputReturnsOneRow()
    {
        List<AggregateCall> aggs = List.of(
                AggregateCall.countStar(),
                new AggregateCall(AggregateKind.SUM, col(0, DataType.INT), DataType.BIGINT),
                new AggregateCall(AggregateKind.MIN, col(0, DataType.INT), DataType.INT));
        try (OperatorContext c = new OperatorContext("agg", query); HashAggregateOperator op = new HashAggregateOperator(c, List.of(), aggs)) {
            assertThat(drive(op, List.of(batch(List.of(DataType.INT), query)))).containsExactly(Arrays.asList(0L, null, null));
        }
    }

    @Test
    void globalAggregationUsesKernelsOnDenseBatchesAndRowsOnSelectedOnes()
    {
        List<DataType> types = List.of(DataType.INT, DataType.BIGINT, DataType.DOUBLE);
        List<ColumnBatch> in = new ArrayList<>();
        long sumInt = 0;
        long sumLong = 0;
        long count = 0;
        int minInt = Integer.MAX_VALUE;
        double maxDouble = Double.NEGATIVE_INFINITY;
        for (int b = 0; b < 3; b++) {
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < 5000 && rows.size() < ColumnBatch.MAX_ROWS; i++) {
                int v = b * 10_000 + i - 3000;
                boolean isNull = i % 11 == 0;
                rows.add(row(isNull ? null : v, isNull ? null : (long) v * 1_000_000L, isNull ? null : v / 4.0));
                if (!isNull) {
                    sumInt += v;
                    sumLong += (long) v * 1_000_000L;
                    count++;
                    minInt = Math.min(minInt, v);
                    maxDouble = Math.max(maxDouble, v / 4.0);
                }
            }
            in.add(batch(types, query, rows));
        }
        List<AggregateCall> aggs = List.of(
                new AggregateCall(AggregateKind.SUM, col(0, DataType.INT), DataType.BIGINT),
                new AggregateCall(AggregateKind.SUM, col(1, DataType.BIGINT), DataType.BIGINT),
                new AggregateCall(AggregateKind.COUNT, col(0, DataType.INT), DataType.BIGINT),
                new AggregateCall(AggregateKind.MIN, col(0, DataType.INT), DataType.INT),
                new AggregateCall(AggregateKind.MAX, col(2, DataType.DOUBLE), DataType.DOUBLE),
                new AggregateCall(AggregateKind.SUM, col(2, DataType.DOUBLE), DataType.DOUBLE));
        try (OperatorContext c = new OperatorContext("agg", query); HashAggregateOperator op = new HashAggregateOperator(c, List.of(), aggs)) {
            List<List<Object>> out = drive(op, in);
            assertThat(out).hasSize(1);
            assertThat(out.getFirst().subList(0, 5)).containsExactly(sumInt, sumLong, count, (long) minInt, maxDouble);
            assertThat((Double) out.getFirst().get(5)).isCloseTo(sumInt / 4.0, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void decimalSumAndAvgIn128Bits()
    {
        DataType dec = DataType.decimal(18, 2);
        DataType dec38 = DataType.decimal(38, 2);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rows.add(row(1, 999_999_999_999_999_999L));   // 9999999999999999.99, near the DECIMAL64 maximum
        }
        rows.add(row(1, 1L));
        ColumnBatch b = batch(List.of(DataType.INT, dec), query, rows);
        List<AggregateCall> aggs = List.of(
                new AggregateCall(AggregateKind.SUM, col(1, dec), dec38),
                new AggregateCall(AggregateKind.AVG, col(1, dec), DataType.decimal(38, 6)));
        try (OperatorContext c = new OperatorContext("agg", query); HashAggregateOperator op = new HashAggregateOperator(c, List.of(col(0, DataType.INT)), aggs)) {
            List<List<Object>> out = drive(op, List.of(b));
            BigInteger expected = BigInteger.valueOf(999_999_999_999_999_999L).multiply(BigInteger.valueOf(1000)).add(BigInteger.ONE);
            assertThat(out.getFirst().get(1)).isEqualTo(expected);
            BigInteger avg = new BigDecimal(expected, 2).divide(BigDecimal.valueOf(1001), 6, java.math.RoundingMode.HALF_UP).unscaledValue();
            assertThat(out.getFirst().get(2)).isEqualTo(avg);
        }
    }

    @Test
    void exceedingTheQueryLimitFailsWithMemoryLimitExceeded()
    {
        try (MemoryContext small = MemoryContext.process().newChild("small-query", 2L << 20)) {
            List<DataType> types = List.of(DataType.BIGINT);
            try (OperatorContext c = new OperatorContext("agg", small);
                    HashAggregateOperator op = new HashAggregateOperator(c, List.of(col(0, DataType.BIGINT)), List.of(AggregateCall.countStar()))) {
                assertThatThrownBy(() -> {
                    for (int b = 0; b < 200; b++) {
                        List<Object[]> rows = new ArrayList<>();
                        for (int i = 0; i < ColumnBatch.MAX_ROWS; i++) {
                            rows.add(row((long) b * ColumnBatch.MAX_ROWS + i));
                        }
                        op.push(batch(types, small, rows));
                    }
                }).isInstanceOf(MemoryLimitExceededException.class).hasMessageContaining("small-query");
            }
        }
    }
}

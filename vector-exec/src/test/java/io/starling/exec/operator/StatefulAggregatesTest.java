package io.starling.exec.operator;

import io.starling.exec.expr.Expression;
import io.starling.exec.operator.agg.AggregateCall;
import io.starling.exec.operator.agg.AggregateKind;
import io.starling.exec.operator.agg.AggregateMode;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.starling.exec.operator.OperatorTestSupport.batch;
import static io.starling.exec.operator.OperatorTestSupport.col;
import static io.starling.exec.operator.OperatorTestSupport.drive;
import static io.starling.exec.operator.OperatorTestSupport.test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The stateful aggregates (variance family, GROUP_CONCAT, APPROX_COUNT_DISTINCT, PERCENTILE_*, MAX_BY/MIN_BY),
 * FILTER and DISTINCT: results against a model, and merging PARTIAL states of a split input (FINAL) against the
 * single-phase result.
 */
class StatefulAggregatesTest
{
    private static final long SEED = Long.getLong("tests.seed", 7);
    /** Columns: k INT (group), x BIGINT (nullable), s VARCHAR, d DOUBLE. */
    private static final List<DataType> TYPES = List.of(DataType.INT, DataType.BIGINT, DataType.STRING, DataType.DOUBLE);
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

    private List<Object[]> randomRows(Random r, int n, int groups)
    {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Long x = r.nextInt(10) == 0 ? null : (long) r.nextInt(1000) - 300;
            rows.add(new Object[] {r.nextInt(groups), x, "v" + r.nextInt(50), r.nextGaussian() * 1000 + 1e6});
        }
        return rows;
    }

    private List<ColumnBatch> batches(List<Object[]> rows)
    {
        List<ColumnBatch> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += ColumnBatch.MAX_ROWS) {
            out.add(batch(TYPES, query, rows.subList(i, Math.min(rows.size(), i + ColumnBatch.MAX_ROWS))));
        }
        return out;
    }

    private static AggregateCall call(AggregateKind kind, DataType result, Expression... args)
    {
        return new AggregateCall(kind, List.of(args), result, false, null, AggregateMode.SINGLE);
    }

    private List<AggregateCall> calls()
    {
        Expression x = col(1, DataType.BIGINT);
        Expression s = col(2, DataType.STRING);
        Expression d = col(3, DataType.DOUBLE);
        Expression p = constant(DataType.DOUBLE, 0.3);
        Expression sep = constant(DataType.STRING, "|");
        return List.of(
                call(AggregateKind.VARIANCE_POP, DataType.DOUBLE, d),
                call(AggregateKind.VARIANCE_SAMP, DataType.DOUBLE, x),
                call(AggregateKind.STDDEV_POP, DataType.DOUBLE, x),
                call(AggregateKind.STDDEV_SAMP, DataType.DOUBLE, d),
                call(AggregateKind.APPROX_COUNT_DISTINCT, DataType.BIGINT, x),
                call(AggregateKind.PERCENTILE_APPROX, DataType.DOUBLE, x, p),
                call(AggregateKind.PERCENTILE_CONT, DataType.DOUBLE, x, p),
                call(AggregateKind.PERCENTILE_DISC, DataType.BIGINT, x, p),
                call(AggregateKind.MAX_BY, DataType.STRING, s, x),
                call(AggregateKind.MIN_BY, DataType.BIGINT, x, d),
                new AggregateCall(AggregateKind.GROUP_CONCAT, List.of(s, sep), DataType.STRING, true, null, AggregateMode.SINGLE));
    }

    /** A constant expression (the tests' stand-in for a literal). */
    private static Expression constant(DataType type, Object value)
    {
        return new Expression()
        {
            @Override
            public DataType type()
            {
                return type;
            }

            @Override
            public io.starling.storage.batch.ColumnVector evaluate(ColumnBatch batch, MemoryContext ctx)
            {
                io.starling.storage.batch.ColumnVector v = new io.starling.storage.batch.ColumnVector(type, Math.max(1, batch.rowCount()), ctx);
                for (int p = 0; p < batch.rowCount(); p++) {
                    OperatorTestSupport.set(v, p, value);
                }
                return v;
            }
        };
    }

    private List<List<Object>> single(List<Object[]> rows, List<AggregateCall> calls)
    {
        HashAggregateOperator op = new HashAggregateOperator(new OperatorContext("single", query), List.of(col(0, DataType.INT)), calls);
        try (op) {
            return sorted(drive(op, batches(rows)));
        }
    }

    /** Splits the rows over {@code parts} PARTIAL aggregations and merges their states in one FINAL aggregation. */
    private List<List<Object>> twoPhase(List<Object[]> rows, List<AggregateCall> calls, int parts)
    {
        List<AggregateCall> partial = new ArrayList<>();
        List<AggregateCall> fin = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            AggregateCall c = calls.get(i);
            partial.add(c.withMode(AggregateMode.PARTIAL, c.arguments(), AggregateCall.STATE_TYPE));
            fin.add(c.withMode(AggregateMode.FINAL, List.of(col(1 + i, AggregateCall.STATE_TYPE)), c.resultType()));
        }
        List<ColumnBatch> states = new ArrayList<>();
        for (int part = 0; part < parts; part++) {
            List<Object[]> slice = new ArrayList<>();
            for (int i = part; i < rows.size(); i += parts) {
                slice.add(rows.get(i));
            }
            try (HashAggregateOperator op = new HashAggregateOperator(new OperatorContext("partial", query), List.of(col(0, DataType.INT)), partial)) {
                for (ColumnBatch b : batches(slice)) {
                    op.push(b);
                }
                op.finish();
                for (ColumnBatch b = op.pull(); b != null; b = op.pull()) {
                    states.add(b);
                }
            }
        }
        HashAggregateOperator op = new HashAggregateOperator(new OperatorContext("final", query), List.of(col(0, DataType.INT)), fin);
        try (op) {
            return sorted(drive(op, states));
        }
    }

    private static List<List<Object>> sorted(List<List<Object>> rows)
    {
        rows.sort((a, b) -> Long.compare((Long) a.get(0), (Long) b.get(0)));
        return rows;
    }

    @Test
    void mergedPartialStatesEqualSinglePhase()
    {
        System.out.println("StatefulAggregatesTest seed=" + SEED);
        List<Object[]> rows = randomRows(new Random(SEED), 20_000, 37);
        List<AggregateCall> calls = calls();
        List<List<Object>> one = single(rows, calls);
        List<List<Object>> two = twoPhase(rows, calls, 3);
        assertThat(two).hasSameSizeAs(one).hasSize(37);
        for (int g = 0; g < one.size(); g++) {
            List<Object> a = one.get(g);
            List<Object> b = two.get(g);
            assertThat(b.get(0)).isEqualTo(a.get(0));
            for (int c = 1; c <= 4; c++) {
                assertThat((Double) b.get(c)).as("variance column %d", c).isCloseTo((Double) a.get(c), within(1e-9 * Math.abs((Double) a.get(c)) + 1e-9));
            }
            assertThat(b.subList(5, 9)).isEqualTo(a.subList(5, 9));
            // MAX_BY/MIN_BY: ties may resolve differently across parts; the y must be the extreme either way
            assertThat(b.get(11).toString().split("\\|")).containsExactlyInAnyOrder(a.get(11).toString().split("\\|"));
        }
    }

    @Test
    void resultsMatchModel()
    {
        List<Object[]> rows = randomRows(new Random(SEED + 1), 9_000, 5);
        List<List<Object>> out = single(rows, calls());
        Map<Integer, List<Long>> xs = new HashMap<>();
        Map<Integer, List<Double>> ds = new HashMap<>();
        Map<Integer, Set<String>> ss = new HashMap<>();
        for (Object[] r : rows) {
            int k = (Integer) r[0];
            if (r[1] != null) {
                xs.computeIfAbsent(k, key -> new ArrayList<>()).add((Long) r[1]);
            }
            ds.computeIfAbsent(k, key -> new ArrayList<>()).add((Double) r[3]);
            ss.computeIfAbsent(k, key -> new HashSet<>()).add((String) r[2]);
        }
        for (List<Object> row : out) {
            int k = ((Long) row.get(0)).intValue();
            List<Long> x = xs.get(k);
            List<Double> d = ds.get(k);
            double meanD = d.stream().mapToDouble(v -> v).average().orElseThrow();
            double varPopD = d.stream().mapToDouble(v -> (v - meanD) * (v - meanD)).sum() / d.size();
            double meanX = x.stream().mapToDouble(v -> v).average().orElseThrow();
            double m2x = x.stream().mapToDouble(v -> (v - meanX) * (v - meanX)).sum();
            assertThat((Double) row.get(1)).isCloseTo(varPopD, within(varPopD * 1e-9));
            assertThat((Double) row.get(2)).isCloseTo(m2x / (x.size() - 1), within(1e-6));
            assertThat((Double) row.get(3)).isCloseTo(Math.sqrt(m2x / x.size()), within(1e-9));
            assertThat((Long) row.get(5)).isEqualTo(new HashSet<>(x).size());
            List<Long> sortedX = x.stream().sorted().toList();
            double rank = 0.3 * (sortedX.size() - 1);
            int lo = (int) Math.floor(rank);
            double cont = sortedX.get(lo) + (sortedX.get(lo + 1) - sortedX.get(lo)) * (rank - lo);
            assertThat((Double) row.get(7)).isCloseTo(cont, within(1e-9));
            assertThat((Double) row.get(6)).as("t-digest keeps small groups exact").isCloseTo(cont, within(1e-9));
            // PERCENTILE_DISC keeps x's BIGINT
            assertThat(row.get(8)).isEqualTo(sortedX.get((int) Math.ceil(0.3 * sortedX.size()) - 1));
            long maxX = sortedX.getLast();
            assertThat(rows.stream().anyMatch(r -> r[0].equals(k) && Long.valueOf(maxX).equals(r[1]) && r[2].equals(row.get(9)))).isTrue();
            assertThat(row.get(11).toString().split("\\|")).containsExactlyInAnyOrderElementsOf(ss.get(k));
        }
    }

    @Test
    void emptyAndAllNullInput()
    {
        HashAggregateOperator op = new HashAggregateOperator(new OperatorContext("empty", query), List.of(), calls());
        try (op) {
            List<List<Object>> out = drive(op, List.of());
            List<Object> expected = new ArrayList<>();
            for (AggregateCall c : calls()) {
                expected.add(c.kind() == AggregateKind.APPROX_COUNT_DISTINCT ? (Object) 0L : null);
            }
            assertThat(out).containsExactly(expected);
        }
        List<Object[]> nulls = List.of(new Object[] {1, null, null, null}, new Object[] {1, null, null, null});
        List<List<Object>> out = single(nulls, List.of(call(AggregateKind.VARIANCE_POP, DataType.DOUBLE, col(1, DataType.BIGINT)),
                call(AggregateKind.APPROX_COUNT_DISTINCT, DataType.BIGINT, col(2, DataType.STRING)),
                call(AggregateKind.MAX_BY, DataType.BIGINT, col(1, DataType.BIGINT), col(3, DataType.DOUBLE))));
        assertThat(out).containsExactly(java.util.Arrays.asList(1L, null, 0L, null));
    }

    @Test
    void hyperLogLogErrorIsSmallAndMergeable()
    {
        Random r = new Random(SEED);
        int distinct = 30_000;
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 2 * distinct; i++) {
            // every value twice, in random order
            rows.add(new Object[] {0, (long) (i % distinct) * 7919, "s", 0.0});
        }
        java.util.Collections.shuffle(rows, r);
        List<AggregateCall> calls = List.of(call(AggregateKind.APPROX_COUNT_DISTINCT, DataType.BIGINT, col(1, DataType.BIGINT)));
        long one = (Long) single(rows, calls).getFirst().get(1);
        long two = (Long) twoPhase(rows, calls, 4).getFirst().get(1);
        assertThat(two).as("registers merge to the same sketch").isEqualTo(one);
        assertThat(Math.abs(one - distinct) / (double) distinct).isLessThan(0.02);
    }

    @Test
    void percentileApproxOnLargeInputIsClose()
    {
        Random r = new Random(SEED);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            rows.add(new Object[] {0, (long) r.nextInt(1_000_000), "s", 0.0});
        }
        List<AggregateCall> calls = List.of(call(AggregateKind.PERCENTILE_APPROX, DataType.DOUBLE, col(1, DataType.BIGINT), constant(DataType.DOUBLE, 0.99)));
        double one = (Double) single(rows, calls).getFirst().get(1);
        double two = (Double) twoPhase(rows, calls, 3).getFirst().get(1);
        assertThat(one).isCloseTo(990_000, within(5_000.0));
        assertThat(two).isCloseTo(990_000, within(5_000.0));
    }

    @Test
    void filterAndDistinct()
    {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            rows.add(new Object[] {i % 3, (long) (i % 10), "a" + (i % 4), (double) i});
        }
        rows.add(new Object[] {0, null, "z", 1.0});
        Expression x = col(1, DataType.BIGINT);
        List<AggregateCall> calls = List.of(
                new AggregateCall(AggregateKind.COUNT_STAR, List.of(), DataType.BIGINT, false, test(1, v -> v < 5), AggregateMode.SINGLE),
                new AggregateCall(AggregateKind.SUM, List.of(x), DataType.BIGINT, true, null, AggregateMode.SINGLE),
                new AggregateCall(AggregateKind.AVG, List.of(x), DataType.DOUBLE, true, null, AggregateMode.SINGLE),
                new AggregateCall(AggregateKind.COUNT_DISTINCT, List.of(x, col(2, DataType.STRING)), DataType.BIGINT, false, null, AggregateMode.SINGLE),
                new AggregateCall(AggregateKind.SUM, List.of(x), DataType.BIGINT, true, test(1, v -> v % 2 == 0), AggregateMode.SINGLE));
        List<List<Object>> out = single(rows, calls);
        for (List<Object> row : out) {
            long k = (Long) row.get(0);
            long countStar = rows.stream().filter(r -> r[0].equals((int) k) && r[1] != null && (Long) r[1] < 5).count();
            assertThat(row.get(1)).isEqualTo(countStar);
            assertThat(row.get(2)).isEqualTo(45L);
            assertThat(row.get(3)).isEqualTo(4.5);
            Set<String> pairs = new HashSet<>();
            rows.stream().filter(r -> r[0].equals((int) k) && r[1] != null).forEach(r -> pairs.add(r[1] + "/" + r[2]));
            assertThat(row.get(4)).isEqualTo((long) pairs.size());
            assertThat(row.get(5)).isEqualTo(20L);
        }
    }
}

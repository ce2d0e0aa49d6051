package io.starling.exec.operator;

import io.starling.exec.sort.SortKey;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static io.starling.exec.operator.OperatorTestSupport.batch;
import static io.starling.exec.operator.OperatorTestSupport.col;
import static io.starling.exec.operator.OperatorTestSupport.drive;
import static io.starling.exec.operator.OperatorTestSupport.row;
import static org.assertj.core.api.Assertions.assertThat;

/** SortOperator and TopNOperator against java.util sorting of the same rows. */
class SortOperatorsTest
{
    private static final long SEED = Long.getLong("tests.seed", 11);
    private static final List<DataType> TYPES = List.of(DataType.INT, DataType.STRING, DataType.DOUBLE, DataType.BIGINT);
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

    private List<Object[]> randomRows(Random r, int n)
    {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(row(r.nextInt(20) == 0 ? null : r.nextInt(50),
                    r.nextInt(20) == 0 ? null : "s" + r.nextInt(30),
                    r.nextInt(20) == 0 ? null : (double) r.nextInt(100) - 50,
                    (long) i));
        }
        return rows;
    }

    private List<ColumnBatch> chunks(List<Object[]> rows)
    {
        List<ColumnBatch> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += ColumnBatch.MAX_ROWS) {
            out.add(batch(TYPES, query, rows.subList(i, Math.min(rows.size(), i + ColumnBatch.MAX_ROWS))));
        }
        return out;
    }

    private static <T extends Comparable<T>> Comparator<Object[]> key(int c, boolean asc, boolean nullsFirst)
    {
        Comparator<T> values = asc ? Comparator.naturalOrder() : Comparator.reverseOrder();
        Comparator<T> withNulls = nullsFirst ? Comparator.nullsFirst(values) : Comparator.nullsLast(values);
        return (a, b) -> {
            @SuppressWarnings("unchecked") T x = (T) a[c];
            @SuppressWarnings("unchecked") T y = (T) b[c];
            return withNulls.compare(x, y);
        };
    }

    /** ORDER BY c0 ASC (nulls first), c1 DESC (nulls last), c2 ASC NULLS LAST, then c3 (row number) for a total order. */
    private static final List<SortKey> KEYS = List.of(
            SortKey.asc(col(0, DataType.INT)),
            SortKey.desc(col(1, DataType.STRING)),
            new SortKey(col(2, DataType.DOUBLE), true, false),
            SortKey.asc(col(3, DataType.BIGINT)));

    private static final Comparator<Object[]> MODEL = OperatorTestSupport_keys();

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparator<Object[]> OperatorTestSupport_keys()
    {
        Comparator c0 = key(0, true, true);
        Comparator c1 = key(1, false, false);
        Comparator c2 = key(2, true, false);
        Comparator c3 = key(3, true, true);
        return c0.thenComparing(c1).thenComparing(c2).thenComparing(c3);
    }

    private static List<List<Object>> normalize(List<Object[]> rows)
    {
        List<List<Object>> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(Arrays.asList(r[0] == null ? null : ((Integer) r[0]).longValue(), r[1], r[2], r[3]));
        }
        return out;
    }

    @Test
    void sortsMultipleKeysWithNullPlacementOverManyBatches()
    {
        System.out.println("SortOperatorsTest seed=" + SEED);
        List<Object[]> rows = randomRows(new Random(SEED), 10_000);
        List<Object[]> expected = new ArrayList<>(rows);
        expected.sort(MODEL);
        try (OperatorContext c = new OperatorContext("sort", query); SortOperator op = new SortOperator(c, TYPES, KEYS)) {
            assertThat(drive(op, chunks(rows))).isEqualTo(normalize(expected));
            assertThat(c.outputBatches()).isEqualTo(3);
        }
        try (OperatorContext c = new OperatorContext("sort-empty", query); SortOperator op = new SortOperator(c, TYPES, KEYS)) {
            assertThat(drive(op, List.of())).isEmpty();
        }
    }

    @Test
    void topNMatchesSortThenLimitIncludingCompaction()
    {
        Random r = new Random(SEED + 1);
        List<Object[]> rows = randomRows(r, 40_000);
        List<Object[]> sorted = new ArrayList<>(rows);
        sorted.sort(MODEL);
        long[][] cases = {{10, 0}, {100, 37}, {5000, 10}, {0, 5}, {50_000, 0}, {3, 39_999}};
        for (long[] lc : cases) {
            int limit = (int) lc[0];
            int offset = (int) lc[1];
            List<Object[]> expected = sorted.subList(Math.min(offset, sorted.size()), Math.min(sorted.size(), offset + limit));
            try (OperatorContext c = new OperatorContext("topn", query); TopNOperator op = new TopNOperator(c, TYPES, KEYS, limit, offset)) {
                assertThat(drive(op, chunks(rows))).as("limit " + limit + " offset " + offset).isEqualTo(normalize(expected));
            }
        }
    }
}

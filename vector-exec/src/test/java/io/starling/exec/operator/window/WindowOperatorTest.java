package io.starling.exec.operator.window;

import io.starling.exec.expr.ColumnRef;
import io.starling.exec.expr.Expression;
import io.starling.exec.expr.Literal;
import io.starling.exec.operator.OperatorContext;
import io.starling.exec.operator.window.WindowFrame.Bound;
import io.starling.exec.sort.SortKey;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WindowOperator} against a naive per-row reference (frame bounds recomputed per row, every function evaluated
 * by scanning its frame), on random sorted data with NULL and tied keys, partitions spanning batch boundaries and
 * every frame shape.
 */
class WindowOperatorTest
{
    private static final DataType INT = DataType.of(io.starling.storage.types.TypeKind.INT);
    private static final DataType BIGINT = DataType.of(io.starling.storage.types.TypeKind.BIGINT);
    private static final DataType DOUBLE = DataType.of(io.starling.storage.types.TypeKind.DOUBLE);
    private static final DataType VARCHAR = DataType.varchar(20);
    private static final DataType DEC = DataType.decimal(10, 2);
    private static final DataType DEC38 = DataType.decimal(38, 2);
    private static final DataType AVG_DEC = DataType.decimal(38, 6);
    /** Input columns: p INT, o INT, v BIGINT, s VARCHAR, d DOUBLE, m DECIMAL(10,2). */
    private static final List<DataType> TYPES = List.of(INT, INT, BIGINT, VARCHAR, DOUBLE, DEC);

    private static final List<WindowFrame> FRAMES = List.of(
            WindowFrame.defaultWithOrder(),
            WindowFrame.wholePartition(),
            new WindowFrame(false, Bound.currentRow(), Bound.unboundedFollowing()),
            new WindowFrame(false, Bound.currentRow(), Bound.currentRow()),
            new WindowFrame(true, Bound.unboundedPreceding(), Bound.currentRow()),
            new WindowFrame(true, Bound.preceding(2), Bound.following(1)),
            new WindowFrame(true, Bound.preceding(3), Bound.preceding(1)),
            new WindowFrame(true, Bound.following(1), Bound.following(3)),
            new WindowFrame(true, Bound.currentRow(), Bound.unboundedFollowing()),
            new WindowFrame(true, Bound.preceding(5), Bound.unboundedFollowing()));

    @Test
    void matchesReferenceOnRandomData()
    {
        long seed = Long.getLong("tests.seed", 20240611L);
        System.out.println("WindowOperatorTest seed=" + seed);
        Random random = new Random(seed);
        for (int round = 0; round < 6; round++) {
            boolean large = round == 5;
            int rows = round == 0 ? 0 : round == 1 ? 1 : large ? 6000 + random.nextInt(2000) : 1 + random.nextInt(300);
            int partitions = large ? 3 + random.nextInt(2) : 1 + random.nextInt(5);
            List<Object[]> data = randomRows(random, rows, partitions, round % 2 == 0);
            // the reference rescans each frame: the large input (partitions across batch boundaries) checks bounded frames
            for (WindowFrame frame : large ? List.of(FRAMES.get(5), FRAMES.get(6), FRAMES.get(7)) : FRAMES) {
                check(data, calls(frame), random, "seed=" + seed + " round=" + round + " frame=" + frame);
            }
        }
    }

    @Test
    void withoutPartitionOrOrder()
    {
        Random random = new Random(7);
        List<Object[]> data = randomRows(random, 4200, 1, false);
        // one partition larger than a batch; a few functions, since the reference rescans the frame per row
        List<WindowCall> calls = calls(WindowFrame.wholePartition()).stream()
                .filter(c -> c.kind() == WindowFunctionKind.ROW_NUMBER || c.kind() == WindowFunctionKind.RANK
                        || c.kind() == WindowFunctionKind.NTILE
                        || (c.kind() == WindowFunctionKind.COUNT && c.args().isEmpty()))
                .toList();
        List<List<Object>> out = run(data, List.of(), List.of(), calls, random);
        assertThat(out).hasSize(4200);
        List<List<Object>> expected = reference(data, 0, 0, calls);
        compare(out, expected, "no keys");
    }

    private static List<WindowCall> calls(WindowFrame frame)
    {
        Expression v = new ColumnRef(2, BIGINT);
        Expression s = new ColumnRef(3, VARCHAR);
        Expression d = new ColumnRef(4, DOUBLE);
        Expression m = new ColumnRef(5, DEC);
        List<WindowCall> c = new ArrayList<>();
        c.add(new WindowCall(WindowFunctionKind.ROW_NUMBER, List.of(), BIGINT, frame, false));
        c.add(new WindowCall(WindowFunctionKind.RANK, List.of(), BIGINT, frame, false));
        c.add(new WindowCall(WindowFunctionKind.DENSE_RANK, List.of(), BIGINT, frame, false));
        c.add(new WindowCall(WindowFunctionKind.NTILE, List.of(Literal.ofLong(4)), BIGINT, frame, false));
        c.add(new WindowCall(WindowFunctionKind.CUME_DIST, List.of(), DOUBLE, frame, false));
        c.add(new WindowCall(WindowFunctionKind.PERCENT_RANK, List.of(), DOUBLE, frame, false));
        c.add(new WindowCall(WindowFunctionKind.LAG, List.of(v), BIGINT, frame, false));
        c.add(new WindowCall(WindowFunctionKind.LEAD, List.of(s, Literal.ofLong(2), Literal.ofString("dflt")), VARCHAR, frame, false));
        c.add(new WindowCall(WindowFunctionKind.FIRST_VALUE, List.of(s), VARCHAR, frame, false));
        c.add(new WindowCall(WindowFunctionKind.LAST_VALUE, List.of(v), BIGINT, frame, false));
        c.add(new WindowCall(WindowFunctionKind.FIRST_VALUE, List.of(v), BIGINT, frame, true));
        c.add(new WindowCall(WindowFunctionKind.LAST_VALUE, List.of(s), VARCHAR, frame, true));
        c.add(new WindowCall(WindowFunctionKind.SUM, List.of(v), BIGINT, frame, false));
        c.add(new WindowCall(WindowFunctionKind.SUM, List.of(m), DEC38, frame, false));
        c.add(new WindowCall(WindowFunctionKind.SUM, List.of(d), DOUBLE, frame, false));
        c.add(new WindowCall(WindowFunctionKind.AVG, List.of(v), DOUBLE, frame, false));
        c.add(new WindowCall(WindowFunctionKind.AVG, List.of(m), AVG_DEC, frame, false));
        c.add(new WindowCall(WindowFunctionKind.COUNT, List.of(), BIGINT, frame, false));
        c.add(new WindowCall(WindowFunctionKind.COUNT, List.of(v), BIGINT, frame, false));
        c.add(new WindowCall(WindowFunctionKind.MIN, List.of(v), BIGINT, frame, false));
        c.add(new WindowCall(WindowFunctionKind.MAX, List.of(s), VARCHAR, frame, false));
        c.add(new WindowCall(WindowFunctionKind.MAX, List.of(d), DOUBLE, frame, false));
        return c;
    }

    /** Rows sorted by (p ASC NULLS FIRST, o ASC NULLS FIRST), o drawn from a small domain so that peers are common. */
    private static List<Object[]> randomRows(Random r, int n, int partitions, boolean nullKeys)
    {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Integer p = nullKeys && r.nextInt(10) == 0 ? null : r.nextInt(partitions);
            Integer o = r.nextInt(12) == 0 ? null : r.nextInt(Math.max(2, n / 3));
            Long v = r.nextInt(6) == 0 ? null : (long) r.nextInt(2000) - 1000;
            String s = r.nextInt(5) == 0 ? null : "s" + r.nextInt(500);
            Double d = r.nextInt(7) == 0 ? null : (double) (r.nextInt(400) - 200);
            Long m = r.nextInt(8) == 0 ? null : (long) r.nextInt(100000) - 50000;
            rows.add(new Object[] {p, o, v, s, d, m});
        }
        Comparator<Integer> nullsFirst = Comparator.nullsFirst(Comparator.naturalOrder());
        rows.sort((a, b) -> {
            int c = nullsFirst.compare((Integer) a[0], (Integer) b[0]);
            return c != 0 ? c : nullsFirst.compare((Integer) a[1], (Integer) b[1]);
        });
        return rows;
    }

    private static void check(List<Object[]> data, List<WindowCall> calls, Random random, String what)
    {
        List<List<Object>> out = run(data, List.of(new ColumnRef(0, INT)), List.of(SortKey.asc(new ColumnRef(1, INT))), calls, random);
        compare(out, reference(data, 1, 1, calls), what);
    }

    private static void compare(List<List<Object>> out, List<List<Object>> expected, String what)
    {
        assertThat(out).as(what).hasSize(expected.size());
        for (int i = 0; i < out.size(); i++) {
            List<Object> a = out.get(i);
            List<Object> e = expected.get(i);
            for (int c = 0; c < e.size(); c++) {
                Object x = a.get(c);
                Object y = e.get(c);
                boolean equal = x instanceof Double dx && y instanceof Double dy
                        ? Math.abs(dx - dy) <= 1e-9 * Math.max(1, Math.abs(dy)) : Objects.equals(x, y);
                if (!equal) {
                    // build the message only on failure: string building per value dominated the test's time
                    assertThat(x).as(what + " row " + i + " col " + c + " row " + a + " expected " + e).isEqualTo(y);
                }
            }
        }
    }

    private static List<List<Object>> run(List<Object[]> data, List<Expression> partitionBy, List<SortKey> orderBy,
            List<WindowCall> calls, Random random)
    {
        MemoryContext query = MemoryContext.process().newChild("window-test");
        try (OperatorContext ctx = new OperatorContext("window", query)) {
            List<List<Object>> out = new ArrayList<>();
            try (WindowOperator op = new WindowOperator(ctx, TYPES, partitionBy, orderBy, calls)) {
                int next = 0;
                boolean finished = false;
                while (!op.isFinished()) {
                    ColumnBatch b = op.pull();
                    if (b != null) {
                        try (b) {
                            for (int i = 0; i < b.size(); i++) {
                                List<Object> row = new ArrayList<>();
                                for (int c = 0; c < b.columnCount(); c++) {
                                    row.add(get(b.column(c), b.position(i)));
                                }
                                out.add(row);
                            }
                        }
                        continue;
                    }
                    if (next < data.size() && op.needsInput()) {
                        int n = Math.min(data.size() - next, 1 + random.nextInt(ColumnBatch.MAX_ROWS));
                        op.push(batch(data.subList(next, next + n), ctx.memory(), random.nextBoolean()));
                        next += n;
                    }
                    else if (!finished) {
                        assertThat(next).isEqualTo(data.size());
                        op.finish();
                        finished = true;
                    }
                }
            }
            assertThat(ctx.memory().used()).as("operator memory after close").isZero();
            return out;
        }
        finally {
            query.close();
        }
    }

    /** A batch of the rows; with {@code selection}, interleaved with junk rows that a selection vector skips. */
    private static ColumnBatch batch(List<Object[]> rows, MemoryContext memory, boolean selection)
    {
        int physical = selection ? Math.min(ColumnBatch.MAX_ROWS, rows.size() * 2) : rows.size();
        ColumnBatch b = ColumnBatch.allocate(TYPES, Math.max(1, physical), memory);
        int[] sel = new int[rows.size()];
        int p = 0;
        for (int r = 0; r < rows.size(); r++) {
            if (selection && p < physical - (rows.size() - r)) {
                for (int c = 0; c < TYPES.size(); c++) {
                    set(b.column(c), p, junk(c));
                }
                p++;
            }
            sel[r] = p;
            for (int c = 0; c < TYPES.size(); c++) {
                set(b.column(c), p, rows.get(r)[c]);
            }
            p++;
        }
        b.setRowCount(p);
        if (selection) {
            b.setSelection(sel, rows.size());
        }
        return b;
    }

    private static Object junk(int c)
    {
        return switch (c) {
            case 3 -> "junk";
            case 4 -> 1e9;
            default -> 999_999L;
        };
    }

    private static void set(ColumnVector v, int r, Object value)
    {
        if (value == null) {
            v.setNull(r, true);
            return;
        }
        switch (v.physical()) {
            case DOUBLE -> v.setDouble(r, ((Number) value).doubleValue());
            case VARLEN -> v.setString(r, (String) value);
            default -> v.setLongValue(r, ((Number) value).longValue());
        }
    }

    private static Object get(ColumnVector v, int r)
    {
        if (v.isNull(r)) {
            return null;
        }
        return switch (v.physical()) {
            case DOUBLE -> v.getDouble(r);
            case VARLEN -> v.getString(r);
            case INT128 -> BigInteger.valueOf(v.getInt128High(r)).shiftLeft(64).or(new BigInteger(Long.toUnsignedString(v.getInt128Low(r))));
            default -> v.getLongValue(r);
        };
    }

    // ------------------------------------------------------------------------------------------ reference

    /** Expected output rows: input columns then one value per call, computed naively per row. */
    private static List<List<Object>> reference(List<Object[]> data, int partitionKeys, int orderKeys, List<WindowCall> calls)
    {
        List<List<Object>> out = new ArrayList<>();
        int start = 0;
        while (start < data.size()) {
            int end = start + 1;
            while (end < data.size() && (partitionKeys == 0 || Objects.equals(data.get(end)[0], data.get(start)[0]))) {
                end++;
            }
            List<Object[]> part = data.subList(start, end);
            int n = part.size();
            int[] peerStart = new int[n];
            int[] peerEnd = new int[n];
            long[] dense = new long[n];
            for (int i = 0; i < n; i++) {
                boolean newGroup = i == 0 || (orderKeys > 0 && !Objects.equals(part.get(i - 1)[1], part.get(i)[1]));
                peerStart[i] = newGroup ? i : peerStart[i - 1];
                dense[i] = i == 0 ? 1 : dense[i - 1] + (newGroup ? 1 : 0);
            }
            for (int i = n - 1; i >= 0; i--) {
                peerEnd[i] = i == n - 1 || peerStart[i + 1] != peerStart[i] ? i + 1 : peerEnd[i + 1];
            }
            for (int i = 0; i < n; i++) {
                List<Object> row = new ArrayList<>();
                for (Object x : part.get(i)) {
                    row.add(x == null ? null : x instanceof Integer k ? (Object) (long) k : x);
                }
                for (WindowCall call : calls) {
                    row.add(value(part, i, peerStart[i], peerEnd[i], dense[i], call));
                }
                out.add(row);
            }
            start = end;
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object value(List<Object[]> part, int i, int peerStart, int peerEnd, long denseRank, WindowCall call)
    {
        int n = part.size();
        WindowFrame f = call.frame();
        long lo = Math.max(0, bound(f.start(), f.rows(), i, peerStart, peerEnd, n, true));
        long hi = Math.min(n - 1, bound(f.end(), f.rows(), i, peerStart, peerEnd, n, false));
        int col = call.args().isEmpty() ? -1 : call.args().getFirst() instanceof ColumnRef r ? r.index() : -1;
        Object first = null;
        Object last = null;
        Object firstNonNull = null;
        Object lastNonNull = null;
        Comparable<Object> min = null;
        Comparable<Object> max = null;
        long rows = 0;
        long nonNull = 0;
        long longSum = 0;
        double doubleSum = 0;
        boolean doubles = false;
        if (call.kind().ignoresFrame()) {
            hi = lo - 1;
        }
        for (long j = lo; j <= hi; j++) {
            Object v = col < 0 ? null : part.get((int) j)[col];
            if (rows == 0) {
                first = v;
            }
            last = v;
            rows++;
            if (v == null) {
                continue;
            }
            if (nonNull == 0) {
                firstNonNull = v;
            }
            lastNonNull = v;
            nonNull++;
            if (v instanceof Double d) {
                doubles = true;
                doubleSum += d;
            }
            else if (v instanceof Long l) {
                longSum += l;
            }
            Comparable<Object> c = (Comparable<Object>) v;
            min = min == null || c.compareTo(min) < 0 ? c : min;
            max = max == null || c.compareTo(max) > 0 ? c : max;
        }
        return switch (call.kind()) {
            case ROW_NUMBER -> (long) i + 1;
            case RANK -> (long) peerStart + 1;
            case DENSE_RANK -> denseRank;
            case NTILE -> {
                long b = 4;
                long size = n / b;
                long extra = n % b;
                long bucket = 0;
                long acc = 0;
                for (long k = 0; k < b; k++) {
                    acc += size + (k < extra ? 1 : 0);
                    if (i < acc) {
                        bucket = k + 1;
                        break;
                    }
                }
                yield bucket;
            }
            case CUME_DIST -> (double) peerEnd / n;
            case PERCENT_RANK -> n == 1 ? 0.0 : (double) peerStart / (n - 1);
            case LAG -> i >= 1 ? part.get(i - 1)[col] : null;
            case LEAD -> i + 2 < n ? part.get(i + 2)[col] : "dflt";
            case FIRST_VALUE -> call.ignoreNulls() ? firstNonNull : first;
            case LAST_VALUE -> call.ignoreNulls() ? lastNonNull : last;
            case COUNT -> col < 0 ? rows : nonNull;
            case SUM -> nonNull == 0 ? null : doubles ? (Object) doubleSum
                    : call.resultType().physical() == PhysicalType.INT128 ? (Object) BigInteger.valueOf(longSum) : (Object) longSum;
            case AVG -> {
                if (nonNull == 0) {
                    yield null;
                }
                if (call.resultType().isDecimal()) {
                    // unscaled at scale 2 -> scale 6, half up
                    yield new java.math.BigDecimal(BigInteger.valueOf(longSum), 2)
                            .divide(java.math.BigDecimal.valueOf(nonNull), 6, java.math.RoundingMode.HALF_UP).unscaledValue();
                }
                yield (double) longSum / nonNull;
            }
            case MIN -> min;
            case MAX -> max;
        };
    }

    private static long bound(Bound b, boolean rows, int i, int peerStart, int peerEnd, int n, boolean start)
    {
        return switch (b.kind()) {
            case UNBOUNDED_PRECEDING -> 0;
            case UNBOUNDED_FOLLOWING -> n - 1;
            case CURRENT_ROW -> rows ? i : start ? peerStart : peerEnd - 1;
            case PRECEDING -> i - b.offset();
            case FOLLOWING -> i + b.offset();
        };
    }
}

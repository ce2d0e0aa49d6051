package io.starling.exec.expr;

import io.starling.exec.expr.CompareExpr.Op;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompareExprTest extends ExprTestSupport
{
    @Test
    void bigintColumnAgainstLiteralAllOperators()
    {
        ColumnBatch b = column(DataType.BIGINT, 1L, 5L, 9L, null);
        Expression c = col(0, DataType.BIGINT);
        assertThat(eval(new CompareExpr(Op.EQ, c, i64(5)), b)).containsExactly(false, true, false, null);
        assertThat(eval(new CompareExpr(Op.NE, c, i64(5)), b)).containsExactly(true, false, true, null);
        assertThat(eval(new CompareExpr(Op.LT, c, i64(5)), b)).containsExactly(true, false, false, null);
        assertThat(eval(new CompareExpr(Op.LE, c, i64(5)), b)).containsExactly(true, true, false, null);
        assertThat(eval(new CompareExpr(Op.GT, c, i64(5)), b)).containsExactly(false, false, true, null);
        assertThat(eval(new CompareExpr(Op.GE, c, i64(5)), b)).containsExactly(false, true, true, null);
        // literal on the left flips the operator
        assertThat(eval(new CompareExpr(Op.LT, i64(5), c), b)).containsExactly(false, false, true, null);
    }

    @Test
    void intAgainstBigintWidens()
    {
        ColumnBatch b = batch(List.of(DataType.INT, DataType.BIGINT), List.of(-1L, 7L), List.of(-1L, 1L << 40));
        assertThat(eval(new CompareExpr(Op.LT, col(0, DataType.INT), col(1, DataType.BIGINT)), b)).containsExactly(false, true);
        assertThat(eval(new CompareExpr(Op.EQ, col(0, DataType.INT), i64(1L << 33)), b)).containsExactly(false, false);
        assertThat(eval(new CompareExpr(Op.EQ, col(0, DataType.INT), col(0, DataType.INT)), b)).containsExactly(true, true);
    }

    @Test
    void decimalsOfDifferentScalesCompareByValue()
    {
        DataType d52 = DataType.decimal(5, 2);
        DataType d104 = DataType.decimal(10, 4);
        ColumnBatch b = batch(List.of(d52, d104), List.of(150L, -5L), List.of(15000L, -501L));
        assertThat(eval(new CompareExpr(Op.EQ, col(0, d52), col(1, d104)), b)).containsExactly(true, false);
        assertThat(eval(new CompareExpr(Op.GT, col(0, d52), col(1, d104)), b)).containsExactly(false, true);
        assertThat(eval(new CompareExpr(Op.EQ, col(0, d52), lit(DataType.INT, 0L)), b)).containsExactly(false, false);
        assertThat(eval(new CompareExpr(Op.GE, col(0, d52), dec("1.5", 2, 1)), b)).containsExactly(true, false);
    }

    @Test
    void decimal128AndLargeint()
    {
        DataType d38 = DataType.decimal(38, 2);
        BigInteger big = BigInteger.TEN.pow(36);
        ColumnBatch b = column(d38, big, big.negate(), BigInteger.valueOf(100));
        assertThat(eval(new CompareExpr(Op.GT, col(0, d38), dec("1", 10, 0)), b)).containsExactly(true, false, false);
        assertThat(eval(new CompareExpr(Op.EQ, col(0, d38), dec("1", 10, 0)), b)).containsExactly(false, false, true);
    }

    @Test
    void stringsCompareBytewiseUtf8()
    {
        ColumnBatch b = column(DataType.STRING, "abc", "abd", "ab", "é", "", null);
        Expression c = col(0, DataType.STRING);
        assertThat(eval(new CompareExpr(Op.LT, c, str("abc")), b)).containsExactly(false, false, true, false, true, null);
        assertThat(eval(new CompareExpr(Op.EQ, c, str("abc")), b)).containsExactly(true, false, false, false, false, null);
        // U+00E9 encodes as 0xC3 0xA9 which sorts after every ASCII byte
        assertThat(eval(new CompareExpr(Op.GT, c, str("z")), b)).containsExactly(false, false, false, true, false, null);
        assertThat(eval(new CompareExpr(Op.EQ, c, c), b)).containsExactly(true, true, true, true, true, null);
        ColumnBatch chars = column(DataType.chr(3), "abc");
        assertThat(eval(new CompareExpr(Op.EQ, col(0, DataType.chr(3)), str("abc")), chars)).containsExactly(true);
    }

    @Test
    void dateAgainstDatetimeUsesMidnight()
    {
        ColumnBatch b = column(DataType.DATE, ValueParser.parse("2024-02-29", DataType.DATE),
                ValueParser.parse("1969-12-31", DataType.DATE));
        Expression d = col(0, DataType.DATE);
        assertThat(eval(new CompareExpr(Op.EQ, d, datetime("2024-02-29 00:00:00")), b)).containsExactly(true, false);
        assertThat(eval(new CompareExpr(Op.LT, d, datetime("2024-02-29 00:00:01")), b)).containsExactly(true, true);
        assertThat(eval(new CompareExpr(Op.GE, d, date("1970-01-01")), b)).containsExactly(true, false);
    }

    @Test
    void doublesAndMixedNumerics()
    {
        ColumnBatch b = batch(List.of(DataType.DOUBLE, DataType.INT), Arrays.asList(0.5, Double.NaN, null), List.of(1L, 1L, 1L));
        assertThat(eval(new CompareExpr(Op.LT, col(0, DataType.DOUBLE), Literal.ofDouble(1)), b)).containsExactly(true, false, null);
        assertThat(eval(new CompareExpr(Op.LT, col(0, DataType.DOUBLE), col(1, DataType.INT)), b)).containsExactly(true, false, null);
        assertThat(eval(new CompareExpr(Op.NE, col(0, DataType.DOUBLE), col(1, DataType.INT)), b)).containsExactly(true, true, null);
    }

    @Test
    void nullSafeEquality()
    {
        ColumnBatch b = batch(List.of(DataType.INT, DataType.INT), Arrays.asList(1L, null, null, 2L), Arrays.asList(1L, null, 3L, 3L));
        assertThat(eval(new CompareExpr(Op.EQ_FOR_NULL, col(0, DataType.INT), col(1, DataType.INT)), b))
                .containsExactly(true, true, false, false);
        assertThat(eval(new CompareExpr(Op.EQ_FOR_NULL, col(0, DataType.INT), Literal.nullOf(DataType.INT)), b))
                .containsExactly(false, true, true, false);
        assertThat(eval(new CompareExpr(Op.EQ, col(0, DataType.INT), Literal.nullOf(DataType.INT)), b))
                .containsExactly(null, null, null, null);
    }

    @Test
    void selectionVectorAndEmptyBatch()
    {
        ColumnBatch b = column(DataType.STRING, "a", "b", "c", "d");
        select(b, 1, 3);
        assertThat(eval(new CompareExpr(Op.GE, col(0, DataType.STRING), str("c")), b)).containsExactly(false, true);
        ColumnBatch empty = batch(List.of(DataType.BIGINT), List.of());
        assertThat(eval(new CompareExpr(Op.EQ, col(0, DataType.BIGINT), i64(1)), empty)).isEmpty();
    }

    @Test
    void rejectsMixedFamilies()
    {
        assertThatThrownBy(() -> new CompareExpr(Op.EQ, str("1"), i64(1))).isInstanceOf(ExpressionException.class);
    }

    /** Dense fast loops agree with the generic boxed comparison on random data with nulls. */
    @Test
    void randomizedFastPathsMatchGenericCompare()
    {
        long seed = Long.getLong("tests.seed", 42L);
        Random rnd = new Random(seed);
        int n = 3000;
        for (DataType t : List.of(DataType.BIGINT, DataType.INT, DataType.DOUBLE, DataType.decimal(12, 2))) {
            List<Object> xs = new ArrayList<>();
            List<Object> ys = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                xs.add(rnd.nextInt(10) == 0 ? null : randomValue(rnd, t));
                ys.add(rnd.nextInt(10) == 0 ? null : randomValue(rnd, t));
            }
            ColumnBatch b = batch(List.of(t, t), xs, ys);
            Object c = randomValue(rnd, t);
            for (Op op : Op.values()) {
                List<Object> cc = eval(new CompareExpr(op, col(0, t), col(1, t)), b);
                List<Object> ck = eval(new CompareExpr(op, col(0, t), lit(t, c)), b);
                for (int i = 0; i < n; i++) {
                    assertThat(cc.get(i)).as("seed %d %s %s row %d", seed, t, op, i).isEqualTo(expected(op, xs.get(i), ys.get(i), t));
                    assertThat(ck.get(i)).as("seed %d %s %s const row %d", seed, t, op, i).isEqualTo(expected(op, xs.get(i), c, t));
                }
            }
        }
    }

    private static Object randomValue(Random rnd, DataType t)
    {
        return switch (t.kind()) {
            case DOUBLE -> (double) (rnd.nextInt(20) - 10);
            case INT -> (long) (rnd.nextInt(20) - 10);
            default -> (long) (rnd.nextInt(20) - 10) * (rnd.nextBoolean() ? 1 : 1_000_000_007L);
        };
    }

    private static Object expected(Op op, Object x, Object y, DataType t)
    {
        if (op == Op.EQ_FOR_NULL) {
            return x == null || y == null ? x == y : Values.compare(x, t, y, t) == 0;
        }
        if (x == null || y == null) {
            return null;
        }
        return CompareLoops.test(op, Values.compare(x, t, y, t));
    }
}

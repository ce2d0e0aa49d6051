package io.starling.exec.expr;

import io.starling.exec.expr.ArithmeticExpr.Op;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArithmeticExprTest extends ExprTestSupport
{
    private static final DataType D15_2 = DataType.decimal(15, 2);

    @Test
    void bigintColumnsWrapOnOverflowAndPropagateNulls()
    {
        ColumnBatch b = batch(List.of(DataType.BIGINT, DataType.BIGINT),
                Arrays.asList(1L, Long.MAX_VALUE, null, -5L), Arrays.asList(2L, 1L, 3L, null));
        Expression add = new ArithmeticExpr(Op.ADD, col(0, DataType.BIGINT), col(1, DataType.BIGINT), DataType.BIGINT);
        assertThat(eval(add, b)).containsExactly(3L, Long.MIN_VALUE, null, null);
        Expression mul = new ArithmeticExpr(Op.MUL, col(0, DataType.BIGINT), i64(3), DataType.BIGINT);
        assertThat(eval(mul, b)).containsExactly(3L, Long.MAX_VALUE * 3, null, -15L);
        Expression sub = new ArithmeticExpr(Op.SUB, i64(10), col(0, DataType.BIGINT), DataType.BIGINT);
        assertThat(eval(sub, b)).containsExactly(9L, 10 - Long.MAX_VALUE, null, 15L);
    }

    @Test
    void intPlusIntGivesBigintWithoutOverflow()
    {
        ColumnBatch b = batch(List.of(DataType.INT, DataType.INT), List.of(Integer.MAX_VALUE + 0L, 1L), List.of(1L, 2L));
        Expression add = new ArithmeticExpr(Op.ADD, col(0, DataType.INT), col(1, DataType.INT), DataType.BIGINT);
        assertThat(eval(add, b)).containsExactly(Integer.MAX_VALUE + 1L, 3L);
    }

    @Test
    void integerDivisionAndModuloByZeroAreNull()
    {
        ColumnBatch b = batch(List.of(DataType.BIGINT, DataType.BIGINT), List.of(7L, -7L, 7L), List.of(2L, 2L, 0L));
        assertThat(eval(new ArithmeticExpr(Op.INT_DIV, col(0, DataType.BIGINT), col(1, DataType.BIGINT), DataType.BIGINT), b))
                .containsExactly(3L, -3L, null);
        assertThat(eval(new ArithmeticExpr(Op.MOD, col(0, DataType.BIGINT), col(1, DataType.BIGINT), DataType.BIGINT), b))
                .containsExactly(1L, -1L, null);
        assertThat(eval(new ArithmeticExpr(Op.DIV, col(0, DataType.BIGINT), col(1, DataType.BIGINT), DataType.DOUBLE), b))
                .containsExactly(3.5, -3.5, null);
    }

    @Test
    void doubleDivisionByZeroIsNull()
    {
        ColumnBatch b = batch(List.of(DataType.DOUBLE, DataType.DOUBLE), List.of(1.0, 3.0, 2.0), List.of(4.0, 0.0, -0.5));
        Expression div = new ArithmeticExpr(Op.DIV, col(0, DataType.DOUBLE), col(1, DataType.DOUBLE), DataType.DOUBLE);
        assertThat(eval(div, b)).containsExactly(0.25, null, -4.0);
        Expression byZero = new ArithmeticExpr(Op.DIV, col(0, DataType.DOUBLE), Literal.ofDouble(0), DataType.DOUBLE);
        assertThat(eval(byZero, b)).containsExactly(null, null, null);
        Expression mod = new ArithmeticExpr(Op.MOD, col(0, DataType.DOUBLE), col(1, DataType.DOUBLE), DataType.DOUBLE);
        assertThat(eval(mod, b)).containsExactly(1.0, null, 0.0);
    }

    @Test
    void decimalMultiplyKeepsExactScale()
    {
        // 12.34 * 0.05 = 0.6170 at scale 4; -1.25 * 1.25 = -1.5625
        ColumnBatch b = batch(List.of(D15_2, D15_2), List.of(1234L, -125L), List.of(5L, 125L));
        Expression mul = new ArithmeticExpr(Op.MUL, col(0, D15_2), col(1, D15_2), DataType.decimal(30, 4));
        assertThat(evalText(mul, b)).containsExactly("0.6170", "-1.5625");
        Expression mul18 = new ArithmeticExpr(Op.MUL, col(0, D15_2), col(1, D15_2), DataType.decimal(18, 4));
        assertThat(evalText(mul18, b)).containsExactly("0.6170", "-1.5625");
    }

    @Test
    void decimalAddAcrossScalesAndRoundsHalfUpToResultScale()
    {
        DataType d10_3 = DataType.decimal(10, 3);
        ColumnBatch b = batch(List.of(D15_2, d10_3), List.of(100L, -100L), List.of(5L, -5L));
        // 1.00 + 0.005 = 1.005 -> scale 2 -> 1.01 ; -1.00 + -0.005 = -1.005 -> -1.01 (half away from zero)
        Expression add = new ArithmeticExpr(Op.ADD, col(0, D15_2), col(1, d10_3), DataType.decimal(16, 2));
        assertThat(evalText(add, b)).containsExactly("1.01", "-1.01");
        Expression exact = new ArithmeticExpr(Op.ADD, col(0, D15_2), col(1, d10_3), DataType.decimal(16, 3));
        assertThat(evalText(exact, b)).containsExactly("1.005", "-1.005");
    }

    @Test
    void decimalDivisionUsesResultScaleAndZeroIsNull()
    {
        ColumnBatch b = batch(List.of(D15_2, D15_2), List.of(100L, 200L, -100L), List.of(300L, 0L, 600L));
        Expression div = new ArithmeticExpr(Op.DIV, col(0, D15_2), col(1, D15_2), DataType.decimal(38, 6));
        assertThat(evalText(div, b)).containsExactly("0.333333", null, "-0.166667");
        Expression mod = new ArithmeticExpr(Op.MOD, col(0, D15_2), col(1, D15_2), DataType.decimal(15, 2));
        assertThat(evalText(mod, b)).containsExactly("1.00", null, "-1.00");
    }

    @Test
    void decimalWithIntegerOperand()
    {
        ColumnBatch b = column(D15_2, 150L, -1L);
        Expression mul = new ArithmeticExpr(Op.MUL, col(0, D15_2), lit(DataType.INT, 3L), DataType.decimal(18, 2));
        assertThat(evalText(mul, b)).containsExactly("4.50", "-0.03");
        Expression sub = new ArithmeticExpr(Op.SUB, lit(DataType.TINYINT, 1L), col(0, D15_2), DataType.decimal(18, 2));
        assertThat(evalText(sub, b)).containsExactly("-0.50", "1.01");
    }

    @Test
    void decimal64OverflowOfResultPrecisionIsNull()
    {
        DataType d18 = DataType.decimal(18, 0);
        ColumnBatch b = column(d18, 999_999_999_999_999_999L, 5L);
        Expression add = new ArithmeticExpr(Op.ADD, col(0, d18), lit(d18, 1L), d18);
        assertThat(evalText(add, b)).containsExactly(null, "6");
        Expression wide = new ArithmeticExpr(Op.MUL, col(0, d18), col(0, d18), DataType.decimal(38, 0));
        assertThat(evalText(wide, b)).containsExactly("999999999999999998000000000000000001", "25");
    }

    @Test
    void decimal128Precision38()
    {
        DataType d38 = DataType.decimal(38, 10);
        BigInteger big = new BigInteger("-1234567890123456789012345678").multiply(BigInteger.TEN.pow(0));
        ColumnBatch b = column(d38, big, BigInteger.ONE);
        Expression add = new ArithmeticExpr(Op.ADD, col(0, d38), col(0, d38), d38);
        assertThat(evalText(add, b)).containsExactly("-246913578024691357.8024691356", "0.0000000002");
        Expression neg = ArithmeticExpr.negate(col(0, d38), d38);
        assertThat(evalText(neg, b)).containsExactly("123456789012345678.9012345678", "-0.0000000001");
        Expression overflow = new ArithmeticExpr(Op.MUL, col(0, d38), lit(DataType.BIGINT, 100_000_000_000L), d38);
        // 1.2e27 * 1e11 needs 39 digits
        assertThat(evalText(overflow, b)).containsExactly(null, "10.0000000000");
    }

    @Test
    void largeIntWraps128Bits()
    {
        BigInteger max = BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE);
        ColumnBatch b = column(DataType.LARGEINT, max, BigInteger.valueOf(-3));
        Expression add = new ArithmeticExpr(Op.ADD, col(0, DataType.LARGEINT), i64(1), DataType.LARGEINT);
        assertThat(eval(add, b)).containsExactly(BigInteger.ONE.shiftLeft(127).negate(), BigInteger.valueOf(-2));
    }

    @Test
    void respectsSelectionAndEmptyBatch()
    {
        ColumnBatch b = batch(List.of(DataType.BIGINT, DataType.BIGINT), List.of(1L, 2L, 3L, 4L), List.of(0L, 0L, 1L, 0L));
        select(b, 2);
        Expression div = new ArithmeticExpr(Op.INT_DIV, col(0, DataType.BIGINT), col(1, DataType.BIGINT), DataType.BIGINT);
        assertThat(eval(div, b)).containsExactly(3L);
        ColumnBatch empty = batch(List.of(DataType.BIGINT), List.of());
        assertThat(eval(new ArithmeticExpr(Op.ADD, col(0, DataType.BIGINT), i64(1), DataType.BIGINT), empty)).isEmpty();
    }

    @Test
    void nullLiteralOperandGivesNull()
    {
        ColumnBatch b = column(DataType.BIGINT, 1L, 2L);
        Expression add = new ArithmeticExpr(Op.ADD, col(0, DataType.BIGINT), Literal.nullOf(DataType.BIGINT), DataType.BIGINT);
        assertThat(eval(add, b)).containsExactly(null, null);
    }

    @Test
    void rejectsNonNumericOperands()
    {
        assertThatThrownBy(() -> new ArithmeticExpr(Op.ADD, str("a"), i64(1), DataType.BIGINT))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("VARCHAR");
    }

    /** The checked-long DECIMAL path must agree with BigDecimal on random values, including overflow fallbacks. */
    @Test
    void randomizedDecimalAgreesWithBigDecimal()
    {
        long seed = Long.getLong("tests.seed", 20240611L);
        Random rnd = new Random(seed);
        DataType ta = DataType.decimal(18, 3);
        DataType tb = DataType.decimal(12, 5);
        int n = 1000;
        List<Object> xs = new ArrayList<>();
        List<Object> ys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            xs.add(i % 50 == 0 ? null : randomUnscaled(rnd, 18));
            ys.add(i % 7 == 0 ? 0L : randomUnscaled(rnd, 12));
        }
        ColumnBatch b = batch(List.of(ta, tb), xs, ys);
        DataType result = DataType.decimal(38, 6);
        for (Op op : new Op[] {Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.MOD}) {
            List<Object> got = eval(new ArithmeticExpr(op, col(0, ta), col(1, tb), result), b);
            for (int i = 0; i < n; i++) {
                BigDecimal expected = expected(op, (Long) xs.get(i), 3, (Long) ys.get(i), 5, 6);
                Object g = got.get(i);
                String msg = "seed " + seed + " op " + op + " row " + i + " x=" + xs.get(i) + " y=" + ys.get(i);
                if (expected == null) {
                    assertThat(g).as(msg).isNull();
                }
                else {
                    BigInteger gv = g instanceof Long l ? BigInteger.valueOf(l) : (BigInteger) g;
                    assertThat(gv).as(msg).isEqualTo(expected.unscaledValue());
                }
            }
        }
    }

    private static long randomUnscaled(Random rnd, int digits)
    {
        long bound = (long) Math.pow(10, rnd.nextInt(digits) + 1);
        return (rnd.nextLong() % bound);
    }

    private static BigDecimal expected(Op op, Long x, int sx, Long y, int sy, int rs)
    {
        if (x == null || y == null) {
            return null;
        }
        BigDecimal a = BigDecimal.valueOf(x, sx);
        BigDecimal c = BigDecimal.valueOf(y, sy);
        BigDecimal r = switch (op) {
            case ADD -> a.add(c);
            case SUB -> a.subtract(c);
            case MUL -> a.multiply(c);
            case DIV -> c.signum() == 0 ? null : a.divide(c, rs, RoundingMode.HALF_UP);
            case MOD -> c.signum() == 0 ? null : a.remainder(c);
            default -> throw new IllegalStateException();
        };
        if (r == null) {
            return null;
        }
        r = r.setScale(rs, RoundingMode.HALF_UP);
        return r.unscaledValue().abs().compareTo(BigInteger.TEN.pow(38)) >= 0 ? null : r;
    }
}

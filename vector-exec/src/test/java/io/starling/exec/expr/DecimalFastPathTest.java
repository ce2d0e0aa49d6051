package io.starling.exec.expr;

import io.starling.exec.expr.ArithmeticExpr.Op;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The unboxed DECIMAL fast path of {@link ArithmeticExpr} (long gather, checked arithmetic, 128-bit products)
 * against a BigDecimal reference: random DECIMAL64 and DECIMAL128 operands (some DECIMAL128 values beyond a long,
 * which must take the exact path), nulls, a selection vector, constants and results too wide for the precision
 * (NULL), as in the TPC-H Q1 chain {@code price * (1 - disc) * (1 + tax)}.
 */
class DecimalFastPathTest extends ExprTestSupport
{
    private static final long SEED = 20261123L;
    private static final DataType D15_2 = DataType.decimal(15, 2);
    private static final DataType D9_2 = DataType.decimal(9, 2);
    private static final DataType D30_4 = DataType.decimal(30, 4);
    private static final DataType D38_6 = DataType.decimal(38, 6);

    @Test
    void randomOperandsMatchBigDecimalReference()
    {
        System.out.println("DecimalFastPathTest seed " + SEED);
        Random rnd = new Random(SEED);
        int rows = 3000;
        List<Object> a = new ArrayList<>();
        List<Object> b = new ArrayList<>();
        List<Object> w = new ArrayList<>();
        List<Object> small = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            a.add(rnd.nextInt(50) == 0 ? null : (long) (rnd.nextLong() % 1_000_000_000_000_000L) / (rnd.nextBoolean() ? 1 : 1_000_000_000L));
            b.add(rnd.nextInt(50) == 0 ? null : (long) rnd.nextInt(20_000) - 10_000);
            BigInteger big = rnd.nextInt(10) == 0
                    ? BigInteger.valueOf(rnd.nextLong()).shiftLeft(40)
                    : BigInteger.valueOf(rnd.nextLong() >> 8);
            w.add(rnd.nextInt(40) == 0 ? null : big);
            small.add((long) rnd.nextInt(2_000_000_000) - 1_000_000_000 + (rnd.nextBoolean() ? 0 : 999_999_999L));
        }
        for (boolean selected : new boolean[] {false, true}) {
            ColumnBatch batch = batch(List.of(D15_2, D15_2, D30_4, D9_2), a, b, w, small.stream().map(v -> (Object) Math.max(-999_999_999L, Math.min(999_999_999L, (Long) v))).toList());
            if (selected) {
                int[] sel = new int[rows / 3];
                for (int i = 0; i < sel.length; i++) {
                    sel[i] = i * 3 + 1;
                }
                select(batch, sel);
            }
            check(batch, new ArithmeticExpr(Op.MUL, col(0, D15_2), col(1, D15_2), D30_4));
            check(batch, new ArithmeticExpr(Op.MUL, col(2, D30_4), col(1, D15_2), D38_6));
            check(batch, new ArithmeticExpr(Op.MUL, col(0, D15_2), col(1, D15_2), DataType.decimal(18, 4)));
            check(batch, new ArithmeticExpr(Op.MUL, col(0, D15_2), col(0, D15_2), DataType.decimal(20, 4)));
            check(batch, new ArithmeticExpr(Op.ADD, col(0, D15_2), col(2, D30_4), DataType.decimal(31, 4)));
            check(batch, new ArithmeticExpr(Op.SUB, dec("1", 1, 0), col(1, D15_2), DataType.decimal(16, 2)));
            check(batch, new ArithmeticExpr(Op.SUB, col(0, D15_2), col(1, D15_2), DataType.decimal(15, 2)));
            check(batch, new ArithmeticExpr(Op.MUL, col(0, D15_2), lit(DataType.INT, 3L), DataType.decimal(18, 2)));
            check(batch, ArithmeticExpr.negate(col(2, D30_4), D30_4));
            // provably in range: plain long arithmetic
            check(batch, new ArithmeticExpr(Op.MUL, col(3, D9_2), col(3, D9_2), DataType.decimal(18, 4)));
            check(batch, new ArithmeticExpr(Op.ADD, col(3, D9_2), lit(DataType.INT, 7L), DataType.decimal(13, 2)));
            check(batch, new ArithmeticExpr(Op.SUB, col(3, D9_2), col(3, D9_2), DataType.decimal(10, 2)));
            // the Q1 chain
            Expression disc = new ArithmeticExpr(Op.SUB, dec("1", 1, 0), col(1, D15_2), DataType.decimal(16, 2));
            Expression prod = new ArithmeticExpr(Op.MUL, col(0, D15_2), disc, DataType.decimal(32, 4));
            check(batch, new ArithmeticExpr(Op.MUL, prod, new ArithmeticExpr(Op.ADD, dec("1", 1, 0), col(1, D15_2),
                    DataType.decimal(16, 2)), D38_6));
        }
    }

    private void check(ColumnBatch batch, ArithmeticExpr e)
    {
        List<Object> got = eval(e, batch);
        for (int i = 0; i < batch.size(); i++) {
            int p = batch.position(i);
            BigDecimal expected = reference(e, batch, p);
            Object v = got.get(i);
            BigDecimal actual = v == null ? null : Values.toBigDecimal(v, e.type());
            assertThat(actual).as("%s row %d", e, p).isEqualTo(expected);
        }
    }

    /** Exact value of the expression at a row, rescaled half up to the result scale; null when NULL or too wide. */
    private static BigDecimal reference(Expression e, ColumnBatch batch, int p)
    {
        BigDecimal v = exact(e, batch, p);
        if (!(e instanceof ArithmeticExpr)) {
            return v;
        }
        if (v == null) {
            return null;
        }
        BigDecimal r = v.setScale(e.type().scale(), RoundingMode.HALF_UP);
        return r.unscaledValue().abs().compareTo(BigInteger.TEN.pow(e.type().precision())) < 0 ? r : null;
    }

    private static BigDecimal exact(Expression e, ColumnBatch batch, int p)
    {
        if (e instanceof Literal l) {
            return Values.toBigDecimal(l.value(), l.type());
        }
        if (e instanceof ColumnRef c) {
            return Values.toBigDecimal(Values.read(batch.column(c.index()), p), c.type());
        }
        ArithmeticExpr ae = (ArithmeticExpr) e;
        // evaluate children through their own rounding, as the engine does
        BigDecimal x = reference(child(ae, true), batch, p);
        BigDecimal y = reference(child(ae, false), batch, p);
        if (x == null || y == null) {
            return null;
        }
        return switch (ae.op()) {
            case ADD -> x.add(y);
            case SUB, NEG -> x.subtract(y);
            case MUL -> x.multiply(y);
            default -> throw new IllegalStateException();
        };
    }

    private static Expression child(ArithmeticExpr e, boolean left)
    {
        try {
            var f = ArithmeticExpr.class.getDeclaredField(left ? "left" : "right");
            f.setAccessible(true);
            return (Expression) f.get(e);
        }
        catch (ReflectiveOperationException ex) {
            throw new AssertionError(ex);
        }
    }
}

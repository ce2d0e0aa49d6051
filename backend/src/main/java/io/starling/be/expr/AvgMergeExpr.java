package io.starling.be.expr;

import io.starling.exec.expr.Expression;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The last step of a two-phase {@code AVG(x)}: the final aggregation carries {@code SUM(x)} and {@code COUNT(x)}
 * as two columns, and this expression divides them per group with the same arithmetic as the single-phase
 * accumulator of {@code io.starling.exec.operator.agg} so that both plans give identical results:
 * <ul>
 *   <li>floating argument: the sum is a DOUBLE, the result {@code sum / count};</li>
 *   <li>integer argument: the sum is a LARGEINT (exact, a BIGINT sum may overflow before the division), the DOUBLE
 *       result is the 34-digit decimal quotient rounded to a double;</li>
 *   <li>decimal argument: the sum is DECIMAL(38, s) unscaled; the DECIMAL(p, s') result is the quotient rounded half
 *       up to s' (StarRocks' decimal AVG).</li>
 * </ul>
 * A count of 0 (only NULL inputs) gives NULL. Runs once per group, so {@link BigDecimal} is affordable.
 */
public final class AvgMergeExpr implements Expression
{
    private final int sumColumn;
    private final DataType sumType;
    private final int countColumn;
    private final int argScale;
    private final DataType resultType;

    /**
     * @param sumColumn input column with the partial sums merged (DOUBLE, LARGEINT or DECIMAL(38, argScale))
     * @param countColumn input column with the merged non-NULL counts (BIGINT)
     * @param argScale scale of the AVG argument (0 unless it is a decimal)
     */
    public AvgMergeExpr(int sumColumn, DataType sumType, int countColumn, int argScale, DataType resultType)
    {
        this.sumColumn = sumColumn;
        this.sumType = sumType;
        this.countColumn = countColumn;
        this.argScale = argScale;
        this.resultType = resultType;
    }

    @Override
    public DataType type()
    {
        return resultType;
    }

    @Override
    public ColumnVector evaluate(ColumnBatch batch, MemoryContext ctx)
    {
        ColumnVector sums = batch.column(sumColumn);
        ColumnVector counts = batch.column(countColumn);
        ColumnVector out = new ColumnVector(resultType, Math.max(1, batch.rowCount()), ctx);
        try {
            for (int i = 0; i < batch.size(); i++) {
                int p = batch.position(i);
                long count = counts.isNull(p) ? 0 : counts.getLong(p);
                if (count == 0 || sums.isNull(p)) {
                    out.setNull(p, true);
                    continue;
                }
                write(out, p, sums, count);
            }
            return out;
        }
        catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    private void write(ColumnVector out, int p, ColumnVector sums, long count)
    {
        PhysicalType rp = resultType.physical();
        if (sumType.physical() == PhysicalType.DOUBLE) {
            setFloating(out, p, sums.getDouble(p) / count);
            return;
        }
        BigInteger unscaledSum = sumType.physical() == PhysicalType.INT128
                ? BigInteger.valueOf(sums.getInt128High(p)).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(sums.getInt128Low(p))))
                : BigInteger.valueOf(sums.getLong(p));
        BigDecimal sum = new BigDecimal(unscaledSum, argScale);
        if (!resultType.isDecimal()) {
            setFloating(out, p, sum.divide(BigDecimal.valueOf(count), MathContext.DECIMAL128).doubleValue());
            return;
        }
        BigInteger unscaled = sum.divide(BigDecimal.valueOf(count), resultType.scale(), RoundingMode.HALF_UP).unscaledValue();
        if (rp == PhysicalType.LONG) {
            out.setLong(p, unscaled.longValueExact());
        }
        else {
            out.setInt128(p, unscaled.longValue(), unscaled.shiftRight(64).longValue());
        }
    }

    private void setFloating(ColumnVector out, int p, double v)
    {
        if (resultType.physical() == PhysicalType.FLOAT) {
            out.setFloat(p, (float) v);
        }
        else {
            out.setDouble(p, v);
        }
    }
}

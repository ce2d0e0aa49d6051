package io.starling.exec.operator.window;

import io.starling.exec.expr.DecimalMath;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;

import java.math.BigInteger;

/**
 * SUM, AVG and COUNT over a frame, in O(n) per partition for any frame: both frame ends only move forward from row to
 * row, so the state adds the rows entering the frame and subtracts the rows leaving it (a frame that jumps past the
 * rows seen restarts from empty).
 *
 * <p>State by argument: integers (and DECIMAL64) as a wrapping {@code long} (BIGINT sums wrap like StarRocks'),
 * DECIMAL128/LARGEINT as a 128-bit two's-complement pair with carry (exact under subtraction too), FLOAT/DOUBLE as a
 * {@code double} (removal may leave rounding residue, as in any subtracting implementation). SUM writes the sum in
 * the result type, whose decimal scale equals the argument's; AVG divides by the non-null count: DOUBLE, or a
 * DECIMAL rounded half up to the result scale. An empty frame or one with only NULLs yields NULL (COUNT: 0).
 */
final class SlidingAggregateFunction
        extends WindowFunction
{
    private enum Mode
    {
        LONG, INT128, DOUBLE
    }

    private final WindowFunctionKind kind;
    private final int valueColumn;
    private final WindowFrame frame;
    private final DataType argType;
    private final DataType resultType;
    private final Mode mode;
    /** AVG into a DECIMAL: 10^(result scale - argument scale), applied to the sum before dividing. */
    private final BigInteger avgScaleUp;
    private WindowPartition partition;
    /** Rows [removed, added) are in the state. */
    private int added;
    private int removed;
    private long count;
    private long sum;
    private long high;
    private double doubleSum;

    /**
     * @param valueColumn stored column of the argument, or -1 for COUNT(*)
     * @param argType the argument's type (null for COUNT(*))
     */
    SlidingAggregateFunction(WindowFunctionKind kind, int valueColumn, DataType argType, DataType resultType,
            WindowFrame frame)
    {
        this.kind = kind;
        this.valueColumn = valueColumn;
        this.frame = frame;
        this.argType = argType;
        this.resultType = resultType;
        int argScale = argType != null && argType.isDecimal() ? argType.scale() : 0;
        this.avgScaleUp = BigInteger.TEN.pow(Math.max(0, resultType.scale() - argScale));
        if (kind == WindowFunctionKind.COUNT || argType == null) {
            this.mode = Mode.LONG;
        }
        else {
            PhysicalType ap = argType.physical();
            PhysicalType rp = resultType.physical();
            if (ap == PhysicalType.FLOAT || ap == PhysicalType.DOUBLE || ap == PhysicalType.VARLEN
                    || (kind == WindowFunctionKind.SUM && (rp == PhysicalType.DOUBLE || rp == PhysicalType.FLOAT))) {
                this.mode = Mode.DOUBLE;
            }
            else if (ap == PhysicalType.INT128 || rp == PhysicalType.INT128) {
                this.mode = Mode.INT128;
            }
            else {
                this.mode = Mode.LONG;
            }
        }
    }

    @Override
    void reset(WindowPartition p)
    {
        partition = p;
        added = 0;
        removed = 0;
        clearState();
    }

    private void clearState()
    {
        count = 0;
        sum = 0;
        high = 0;
        doubleSum = 0;
    }

    @Override
    void evaluate(int from, int to, ColumnVector out, int outRow)
    {
        WindowPartition p = partition;
        for (int i = from; i < to; i++, outRow++) {
            int lo = frame.start(p, i);
            int hi = frame.end(p, i);
            if (lo >= added) {
                clearState();
                added = lo;
                removed = lo;
            }
            while (added <= hi) {
                accumulate(added++, 1);
            }
            while (removed < lo) {
                accumulate(removed++, -1);
            }
            write(out, outRow);
        }
    }

    /** Adds ({@code sign = 1}) or removes ({@code -1}) row {@code row}. */
    private void accumulate(int row, int sign)
    {
        if (valueColumn < 0) {
            count += sign;
            return;
        }
        ColumnVector v = partition.column(row, valueColumn);
        int pos = WindowPartition.pos(row);
        if (v.isNull(pos)) {
            return;
        }
        count += sign;
        if (kind == WindowFunctionKind.COUNT) {
            return;
        }
        switch (mode) {
            case LONG -> sum += sign * v.getLongValue(pos);
            case DOUBLE -> doubleSum += sign * readDouble(v, pos);
            case INT128 -> {
                long lo;
                long hi;
                if (v.physical() == PhysicalType.INT128) {
                    lo = v.getInt128Low(pos);
                    hi = v.getInt128High(pos);
                }
                else {
                    lo = v.getLongValue(pos);
                    hi = lo >> 63;
                }
                if (sign < 0) {
                    // two's complement negation of (hi, lo)
                    lo = ~lo + 1;
                    hi = ~hi + (lo == 0 ? 1 : 0);
                }
                long s = sum + lo;
                high += hi + (Long.compareUnsigned(s, sum) < 0 ? 1 : 0);
                sum = s;
            }
        }
    }

    private double readDouble(ColumnVector v, int pos)
    {
        return switch (v.physical()) {
            case FLOAT -> v.getFloat(pos);
            case DOUBLE -> v.getDouble(pos);
            case INT128 -> DecimalMath.fromInt128(v.getInt128Low(pos), v.getInt128High(pos)).doubleValue()
                    / Math.pow(10, argType.scale());
            default -> argType.isDecimal() ? DecimalMath.toDouble(v.getLongValue(pos), argType.scale())
                    : v.getLongValue(pos);
        };
    }

    private void write(ColumnVector out, int row)
    {
        if (kind == WindowFunctionKind.COUNT) {
            out.setLong(row, count);
            return;
        }
        if (count == 0) {
            out.setNull(row, true);
            return;
        }
        if (kind == WindowFunctionKind.SUM) {
            switch (mode) {
                case LONG -> writeLong(out, row, sum);
                case DOUBLE -> writeDouble(out, row, doubleSum);
                case INT128 -> {
                    if (out.physical() == PhysicalType.INT128) {
                        out.setInt128(row, sum, high);
                    }
                    else {
                        writeLong(out, row, sum);
                    }
                }
            }
            return;
        }
        // AVG
        if (resultType.physical() == PhysicalType.DOUBLE || resultType.physical() == PhysicalType.FLOAT) {
            double total = switch (mode) {
                case DOUBLE -> doubleSum;
                case LONG -> argType.isDecimal() ? DecimalMath.toDouble(sum, argType.scale()) : sum;
                case INT128 -> new java.math.BigDecimal(DecimalMath.fromInt128(sum, high), argType.isDecimal()
                        ? argType.scale() : 0).doubleValue();
            };
            writeDouble(out, row, total / count);
            return;
        }
        BigInteger total = mode == Mode.INT128 ? DecimalMath.fromInt128(sum, high) : BigInteger.valueOf(sum);
        int argScale = argType.isDecimal() ? argType.scale() : 0;
        BigInteger scaled = total.multiply(avgScaleUp);
        BigInteger avg = DecimalMath.divideHalfUp(scaled, BigInteger.valueOf(count));
        if (resultType.scale() < argScale) {
            avg = DecimalMath.rescale(avg, argScale, resultType.scale());
        }
        if (out.physical() == PhysicalType.INT128) {
            out.setInt128(row, DecimalMath.int128Low(avg), DecimalMath.int128High(avg));
        }
        else {
            out.setLong(row, avg.longValue());
        }
    }

    private static void writeLong(ColumnVector out, int row, long v)
    {
        if (out.physical() == PhysicalType.DOUBLE) {
            out.setDouble(row, v);
        }
        else {
            out.setLongValue(row, v);
        }
    }

    private static void writeDouble(ColumnVector out, int row, double v)
    {
        if (out.physical() == PhysicalType.FLOAT) {
            out.setFloat(row, (float) v);
        }
        else {
            out.setDouble(row, v);
        }
    }
}

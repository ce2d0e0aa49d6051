package io.starling.exec.operator.agg;

import io.starling.exec.hash.MemoryAccount;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * {@code AVG(x)}: a sum and a count per group. Integer and decimal arguments are summed exactly in 128 bits
 * (a BIGINT sum may overflow 64 bits before the division); FLOAT/DOUBLE in a double. The result is DOUBLE, or
 * DECIMAL(p, s) computed as {@code sum / count} rounded half-up to scale s (StarRocks' decimal AVG). The
 * division runs once per group at output, so it may use {@link BigDecimal}.
 */
final class AvgAccumulator
        extends Accumulator
{
    private final PhysicalType argPhysical;
    private final int argScale;
    private final DataType resultType;
    private final boolean floating;
    private long[] lows = new long[0];
    private long[] highs = new long[0];
    private double[] doubles = new double[0];
    private long[] counts = new long[0];

    AvgAccumulator(MemoryAccount account, DataType argType, DataType resultType)
    {
        super(account);
        requireNumeric("AVG", argType);
        this.argPhysical = argType.physical();
        this.argScale = argType.isDecimal() ? argType.scale() : 0;
        this.resultType = resultType;
        this.floating = argPhysical == PhysicalType.FLOAT || argPhysical == PhysicalType.DOUBLE;
        PhysicalType rp = resultType.physical();
        boolean ok = rp == PhysicalType.DOUBLE || rp == PhysicalType.FLOAT || (resultType.isDecimal() && !floating);
        if (!ok) {
            throw new IllegalArgumentException("AVG(" + argType + ") cannot return " + resultType);
        }
    }

    @Override
    protected int bytesPerGroup()
    {
        return 24;
    }

    @Override
    protected void resize(int newCapacity)
    {
        counts = Arrays.copyOf(counts, newCapacity);
        if (floating) {
            doubles = Arrays.copyOf(doubles, newCapacity);
        }
        else {
            lows = Arrays.copyOf(lows, newCapacity);
            highs = Arrays.copyOf(highs, newCapacity);
        }
    }

    @Override
    public void add(int[] groupIds, ColumnBatch batch, ColumnVector arg)
    {
        int n = batch.size();
        boolean nulls = arg.hasNulls();
        if (!floating && argPhysical == PhysicalType.LONG) {
            // BIGINT / DECIMAL64 argument (TPC-H Q1's avg(l_quantity)): read the column directly, no per-row switch.
            MemorySegment data = arg.data();
            for (int i = 0; i < n; i++) {
                int p = batch.position(i);
                if (nulls && arg.isNull(p)) {
                    continue;
                }
                int g = groupIds[i];
                counts[g]++;
                long low = data.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, p);
                long l = lows[g] + low;
                highs[g] += (low >> 63) + (Long.compareUnsigned(l, lows[g]) < 0 ? 1 : 0);
                lows[g] = l;
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            int p = batch.position(i);
            if (nulls && arg.isNull(p)) {
                continue;
            }
            int g = groupIds[i];
            counts[g]++;
            if (floating) {
                doubles[g] += argPhysical == PhysicalType.FLOAT ? arg.getFloat(p) : arg.getDouble(p);
                continue;
            }
            long low;
            long high;
            if (argPhysical == PhysicalType.INT128) {
                low = arg.getInt128Low(p);
                high = arg.getInt128High(p);
            }
            else {
                low = longValue(arg, argPhysical, p);
                high = low >> 63;
            }
            long l = lows[g] + low;
            highs[g] += high + (Long.compareUnsigned(l, lows[g]) < 0 ? 1 : 0);
            lows[g] = l;
        }
    }

    @Override
    public void write(int firstGroup, int count, ColumnVector out)
    {
        PhysicalType rp = resultType.physical();
        for (int r = 0; r < count; r++) {
            int g = firstGroup + r;
            if (counts[g] == 0) {
                out.setNull(r, true);
                continue;
            }
            if (out.hasNulls()) {
                out.setNull(r, false);
            }
            if (floating) {
                double avg = doubles[g] / counts[g];
                if (rp == PhysicalType.FLOAT) {
                    out.setFloat(r, (float) avg);
                }
                else {
                    out.setDouble(r, avg);
                }
                continue;
            }
            BigDecimal sum = new BigDecimal(new BigInteger(int128Bytes(highs[g], lows[g])), argScale);
            if (!resultType.isDecimal()) {
                double avg = sum.divide(BigDecimal.valueOf(counts[g]), java.math.MathContext.DECIMAL128).doubleValue();
                if (rp == PhysicalType.FLOAT) {
                    out.setFloat(r, (float) avg);
                }
                else {
                    out.setDouble(r, avg);
                }
                continue;
            }
            BigInteger unscaled = sum.divide(BigDecimal.valueOf(counts[g]), resultType.scale(), RoundingMode.HALF_UP).unscaledValue();
            if (rp == PhysicalType.LONG) {
                out.setLong(r, unscaled.longValueExact());
            }
            else {
                out.setInt128(r, unscaled.longValue(), unscaled.shiftRight(64).longValue());
            }
        }
    }
}

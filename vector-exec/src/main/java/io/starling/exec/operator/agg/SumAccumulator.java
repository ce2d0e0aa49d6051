package io.starling.exec.operator.agg;

import io.starling.exec.hash.MemoryAccount;
import io.starling.exec.kernel.KernelProvider;
import io.starling.exec.kernel.agg.AggKernels;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * {@code SUM(x)} into the caller's result type: a {@code long} (BIGINT, DECIMAL up to 18 digits; wraps on
 * overflow like StarRocks' BIGINT), a 128-bit integer (LARGEINT, DECIMAL(38, s); two longs with carry) or a
 * {@code double} (DOUBLE). Decimals are summed unscaled, so the result scale must equal the argument's.
 * Without GROUP BY, dense batches of INT/BIGINT/DOUBLE go through the {@link AggKernels} sum kernels.
 */
final class SumAccumulator
        extends Accumulator
{
    private enum Mode
    {
        LONG, INT128, DOUBLE
    }

    private final Mode mode;
    private final PhysicalType argPhysical;
    private final PhysicalType resultPhysical;
    private final boolean global;
    private final AggKernels kernels = KernelProvider.get().agg();
    private long[] sums = new long[0];
    private long[] highs = new long[0];
    private double[] doubles = new double[0];
    private long[] nonNull = new long[0];

    SumAccumulator(MemoryAccount account, DataType argType, DataType resultType, boolean global)
    {
        super(account);
        requireNumeric("SUM", argType);
        this.argPhysical = argType.physical();
        this.resultPhysical = resultType.physical();
        this.global = global;
        this.mode = switch (resultPhysical) {
            case LONG -> Mode.LONG;
            case INT128 -> Mode.INT128;
            case DOUBLE, FLOAT -> Mode.DOUBLE;
            default -> throw new IllegalArgumentException("SUM cannot return " + resultType);
        };
        boolean argFloating = argPhysical == PhysicalType.FLOAT || argPhysical == PhysicalType.DOUBLE;
        if (mode != Mode.DOUBLE && (argFloating || (mode == Mode.LONG && argPhysical == PhysicalType.INT128))) {
            throw new IllegalArgumentException("SUM(" + argType + ") cannot return " + resultType);
        }
        if (resultType.isDecimal() && mode != Mode.DOUBLE && (argType.isDecimal() ? argType.scale() : 0) != resultType.scale()) {
            throw new IllegalArgumentException("SUM(" + argType + ") must keep the argument's scale, not return " + resultType);
        }
    }

    @Override
    protected int bytesPerGroup()
    {
        return mode == Mode.INT128 ? 24 : 16;
    }

    @Override
    protected void resize(int newCapacity)
    {
        nonNull = Arrays.copyOf(nonNull, newCapacity);
        switch (mode) {
            case LONG -> sums = Arrays.copyOf(sums, newCapacity);
            case INT128 -> {
                sums = Arrays.copyOf(sums, newCapacity);
                highs = Arrays.copyOf(highs, newCapacity);
            }
            case DOUBLE -> doubles = Arrays.copyOf(doubles, newCapacity);
        }
    }

    /** Number of non-null values among physical rows {@code [0, rows)}. */
    static int presentCount(ColumnVector v, int rows)
    {
        if (!v.hasNulls()) {
            return rows;
        }
        int set = 0;
        int words = rows >>> 6;
        for (int w = 0; w < words; w++) {
            set += Long.bitCount(v.validity().getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, w));
        }
        if ((rows & 63) != 0) {
            set += Long.bitCount(v.validity().getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, words) & ((1L << rows) - 1));
        }
        return set;
    }

    @Override
    public void add(int[] groupIds, ColumnBatch batch, ColumnVector arg)
    {
        if (global && batch.selection() == null && addWithKernel(batch.rowCount(), arg)) {
            return;
        }
        int n = batch.size();
        boolean nulls = arg.hasNulls();
        // One loop per (mode, argument layout) so that the hot loop has no switch and reads the column directly.
        MemorySegment data = arg.data();
        if (mode == Mode.LONG && argPhysical == PhysicalType.LONG) {
            for (int i = 0; i < n; i++) {
                int p = batch.position(i);
                if (nulls && arg.isNull(p)) {
                    continue;
                }
                int g = groupIds[i];
                nonNull[g]++;
                sums[g] += data.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, p);
            }
            return;
        }
        if (mode == Mode.INT128 && argPhysical == PhysicalType.INT128) {
            for (int i = 0; i < n; i++) {
                int p = batch.position(i);
                if (nulls && arg.isNull(p)) {
                    continue;
                }
                int g = groupIds[i];
                nonNull[g]++;
                add128(g, data.get(ValueLayout.JAVA_LONG_UNALIGNED, 16L * p), data.get(ValueLayout.JAVA_LONG_UNALIGNED, 16L * p + 8));
            }
            return;
        }
        if (mode == Mode.INT128 && argPhysical == PhysicalType.LONG) {
            for (int i = 0; i < n; i++) {
                int p = batch.position(i);
                if (nulls && arg.isNull(p)) {
                    continue;
                }
                int g = groupIds[i];
                nonNull[g]++;
                long v = data.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, p);
                add128(g, v, v >> 63);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            int p = batch.position(i);
            if (nulls && arg.isNull(p)) {
                continue;
            }
            int g = groupIds[i];
            nonNull[g]++;
            switch (mode) {
                case LONG -> sums[g] += longValue(arg, argPhysical, p);
                case DOUBLE -> doubles[g] += doubleValue(arg, argPhysical, p);
                case INT128 -> {
                    if (argPhysical == PhysicalType.INT128) {
                        add128(g, arg.getInt128Low(p), arg.getInt128High(p));
                    }
                    else {
                        long v = longValue(arg, argPhysical, p);
                        add128(g, v, v >> 63);
                    }
                }
            }
        }
    }

    private boolean addWithKernel(int rows, ColumnVector arg)
    {
        var validity = arg.hasNulls() ? arg.validity() : null;
        if (mode == Mode.LONG && argPhysical == PhysicalType.INT) {
            sums[0] += kernels.sumInt(arg.data(), 0, validity, rows);
        }
        else if (mode == Mode.LONG && argPhysical == PhysicalType.LONG) {
            sums[0] += kernels.sumLong(arg.data(), 0, validity, rows);
        }
        else if (mode == Mode.DOUBLE && argPhysical == PhysicalType.DOUBLE) {
            doubles[0] += kernels.sumDouble(arg.data(), 0, validity, rows);
        }
        else {
            return false;
        }
        nonNull[0] += presentCount(arg, rows);
        return true;
    }

    private void add128(int g, long low, long high)
    {
        long l = sums[g] + low;
        long carry = Long.compareUnsigned(l, sums[g]) < 0 ? 1 : 0;
        sums[g] = l;
        highs[g] += high + carry;
    }

    @Override
    public void write(int firstGroup, int count, ColumnVector out)
    {
        for (int r = 0; r < count; r++) {
            int g = firstGroup + r;
            if (nonNull[g] == 0) {
                out.setNull(r, true);
                continue;
            }
            if (out.hasNulls()) {
                out.setNull(r, false);
            }
            switch (mode) {
                case LONG -> out.setLong(r, sums[g]);
                case INT128 -> out.setInt128(r, sums[g], highs[g]);
                case DOUBLE -> {
                    if (resultPhysical == PhysicalType.FLOAT) {
                        out.setFloat(r, (float) doubles[g]);
                    }
                    else {
                        out.setDouble(r, doubles[g]);
                    }
                }
            }
        }
    }
}

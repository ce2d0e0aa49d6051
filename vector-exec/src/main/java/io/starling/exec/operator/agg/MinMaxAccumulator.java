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
 * {@code MIN(x)} / {@code MAX(x)} for every orderable type; the result has the argument's type. Integer-like
 * values (all integers, DATE, DATETIME, DECIMAL ≤ 18 digits, BOOLEAN) compare as signed longs, FLOAT/DOUBLE with
 * {@link Math#min}/{@link Math#max} (as the kernels do), 128-bit values as signed 128-bit integers, strings
 * by unsigned bytes (StarRocks' binary collation). Strings are kept as one {@code byte[]} per group, accounted
 * by length. Without GROUP BY, dense INT/BIGINT/DOUBLE batches use the {@link AggKernels} min/max kernels.
 */
final class MinMaxAccumulator
        extends Accumulator
{
    private enum Mode
    {
        LONG, DOUBLE, INT128, BYTES
    }

    /** Approximate heap overhead of one {@code byte[]} (header + length), for accounting. */
    private static final int ARRAY_OVERHEAD_BYTES = 16;

    private final Mode mode;
    private final PhysicalType physical;
    private final boolean isMin;
    private final boolean global;
    private final AggKernels kernels = KernelProvider.get().agg();
    private boolean[] seen = new boolean[0];
    private long[] longs = new long[0];
    private long[] highs = new long[0];
    private double[] doubles = new double[0];
    private byte[][] strings = new byte[0][];

    MinMaxAccumulator(MemoryAccount account, DataType argType, boolean isMin, boolean global)
    {
        super(account);
        this.physical = argType.physical();
        this.isMin = isMin;
        this.global = global;
        this.mode = switch (physical) {
            case BYTE, SHORT, INT, LONG -> Mode.LONG;
            case FLOAT, DOUBLE -> Mode.DOUBLE;
            case INT128 -> Mode.INT128;
            case VARLEN -> Mode.BYTES;
        };
    }

    @Override
    protected int bytesPerGroup()
    {
        return 1 + (mode == Mode.INT128 ? 16 : 8);
    }

    @Override
    protected void resize(int newCapacity)
    {
        seen = Arrays.copyOf(seen, newCapacity);
        switch (mode) {
            case LONG -> longs = Arrays.copyOf(longs, newCapacity);
            case DOUBLE -> doubles = Arrays.copyOf(doubles, newCapacity);
            case INT128 -> {
                longs = Arrays.copyOf(longs, newCapacity);
                highs = Arrays.copyOf(highs, newCapacity);
            }
            case BYTES -> strings = Arrays.copyOf(strings, newCapacity);
        }
    }

    @Override
    public void add(int[] groupIds, ColumnBatch batch, ColumnVector arg)
    {
        if (global && batch.selection() == null && addWithKernel(batch.rowCount(), arg)) {
            return;
        }
        int n = batch.size();
        boolean nulls = arg.hasNulls();
        for (int i = 0; i < n; i++) {
            int p = batch.position(i);
            if (nulls && arg.isNull(p)) {
                continue;
            }
            int g = groupIds[i];
            switch (mode) {
                case LONG -> mergeLong(g, longValue(arg, physical, p));
                case DOUBLE -> mergeDouble(g, physical == PhysicalType.FLOAT ? arg.getFloat(p) : arg.getDouble(p));
                case INT128 -> mergeInt128(g, arg.getInt128Low(p), arg.getInt128High(p));
                case BYTES -> mergeBytes(g, arg, p);
            }
        }
    }

    private boolean addWithKernel(int rows, ColumnVector arg)
    {
        if (SumAccumulator.presentCount(arg, rows) == 0) {
            return true;
        }
        MemorySegment validity = arg.hasNulls() ? arg.validity() : null;
        switch (physical) {
            case INT -> mergeLong(0, isMin ? kernels.minInt(arg.data(), 0, validity, rows) : kernels.maxInt(arg.data(), 0, validity, rows));
            case LONG -> mergeLong(0, isMin ? kernels.minLong(arg.data(), 0, validity, rows) : kernels.maxLong(arg.data(), 0, validity, rows));
            case DOUBLE -> mergeDouble(0, isMin ? kernels.minDouble(arg.data(), 0, validity, rows) : kernels.maxDouble(arg.data(), 0, validity, rows));
            default -> {
                return false;
            }
        }
        return true;
    }

    private void mergeLong(int g, long v)
    {
        if (!seen[g]) {
            seen[g] = true;
            longs[g] = v;
        }
        else {
            longs[g] = isMin ? Math.min(longs[g], v) : Math.max(longs[g], v);
        }
    }

    private void mergeDouble(int g, double v)
    {
        if (!seen[g]) {
            seen[g] = true;
            doubles[g] = v;
        }
        else {
            doubles[g] = isMin ? Math.min(doubles[g], v) : Math.max(doubles[g], v);
        }
    }

    private void mergeInt128(int g, long low, long high)
    {
        if (seen[g]) {
            int c = high != highs[g] ? Long.compare(high, highs[g]) : Long.compareUnsigned(low, longs[g]);
            if (isMin ? c >= 0 : c <= 0) {
                return;
            }
        }
        seen[g] = true;
        longs[g] = low;
        highs[g] = high;
    }

    private void mergeBytes(int g, ColumnVector arg, int p)
    {
        if (seen[g]) {
            int c = compare(arg.bytes(), arg.getOffset(p), arg.getLength(p), strings[g]);
            if (isMin ? c >= 0 : c <= 0) {
                return;
            }
            account.shrink(strings[g].length + ARRAY_OVERHEAD_BYTES);
        }
        byte[] value = arg.getBytes(p);
        account.grow(value.length + ARRAY_OVERHEAD_BYTES);
        seen[g] = true;
        strings[g] = value;
    }

    /** Unsigned lexicographic comparison of off-heap bytes with a heap array. */
    static int compare(MemorySegment a, long offset, int length, byte[] b)
    {
        int n = Math.min(length, b.length);
        for (int i = 0; i < n; i++) {
            int x = a.get(ValueLayout.JAVA_BYTE, offset + i) & 0xFF;
            int y = b[i] & 0xFF;
            if (x != y) {
                return x - y;
            }
        }
        return Integer.compare(length, b.length);
    }

    @Override
    public void write(int firstGroup, int count, ColumnVector out)
    {
        for (int r = 0; r < count; r++) {
            int g = firstGroup + r;
            if (!seen[g]) {
                out.setNull(r, true);
                continue;
            }
            if (out.hasNulls()) {
                out.setNull(r, false);
            }
            switch (mode) {
                case LONG -> out.setLongValue(r, longs[g]);
                case DOUBLE -> {
                    if (physical == PhysicalType.FLOAT) {
                        out.setFloat(r, (float) doubles[g]);
                    }
                    else {
                        out.setDouble(r, doubles[g]);
                    }
                }
                case INT128 -> out.setInt128(r, longs[g], highs[g]);
                case BYTES -> out.setBytes(r, strings[g]);
            }
        }
    }
}

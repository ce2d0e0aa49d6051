package io.starling.exec.operator.agg;

import io.starling.exec.expr.ExpressionException;
import io.starling.exec.hash.MemoryAccount;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * An aggregate whose per-group state is an object that serializes to bytes, so the same class runs single phase
 * ({@link AggregateMode#SINGLE}), as the partial half (input rows in, one serialized state per group out, typed
 * {@link AggregateCall#STATE_TYPE}) or as the final half (states in, merged, results out). Merging the partial
 * states of any split of the input gives the single-phase result (exactly for the deterministic functions, and
 * the same sketch for HyperLogLog; t-digest compression may differ in the last centroids).
 *
 * <p>States are created lazily per group; a group without a state is empty (NULL result, 0 for counts). The
 * fixed per-group cost is the reference; growing states charge the memory account themselves via
 * {@link #charge(long)}.
 *
 * @param <S> per-group state
 */
abstract class StateAccumulator<S>
        extends Accumulator
{
    protected final AggregateMode mode;
    private Object[] states = new Object[0];
    private final ByteArrayOutputStream scratch = new ByteArrayOutputStream();

    protected StateAccumulator(MemoryAccount account, AggregateMode mode)
    {
        super(account);
        this.mode = mode;
    }

    /** The accumulator of a stateful call; {@code argTypes} are the call's argument types (the state for FINAL). */
    static Accumulator create(AggregateCall call, List<DataType> argTypes, MemoryAccount account)
    {
        AggregateMode mode = call.mode();
        return switch (call.kind()) {
            case VARIANCE_POP, VARIANCE_SAMP, STDDEV_POP, STDDEV_SAMP -> new VarianceAccumulator(account, mode, call.kind());
            case GROUP_CONCAT -> new GroupConcatAccumulator(account, mode, call.distinct());
            case APPROX_COUNT_DISTINCT -> new ApproxCountDistinctAccumulator(account, mode,
                    mode == AggregateMode.FINAL ? null : argTypes.get(0));
            case PERCENTILE_APPROX -> new PercentileApproxAccumulator(account, mode);
            case PERCENTILE_CONT -> new PercentileAccumulator(account, mode);
            case PERCENTILE_DISC -> new PercentileDiscAccumulator(account, mode);
            case MAX_BY, MIN_BY -> new MaxByAccumulator(account, mode, call.kind() == AggregateKind.MAX_BY);
            case SINGLE_VALUE -> new SingleValueAccumulator(account, mode);
            case BITMAP_UNION, BITMAP_UNION_COUNT, BITMAP_INTERSECT, BITMAP_AGG, BITMAP_UNION_INT -> new BitmapAccumulator(
                    account, mode, call.kind(), mode == AggregateMode.FINAL ? null : argTypes.get(0));
            case HLL_UNION, HLL_UNION_AGG -> new HllUnionAccumulator(account, mode, call.kind() == AggregateKind.HLL_UNION_AGG);
            default -> throw new IllegalArgumentException(call.kind() + " is not stateful");
        };
    }

    /** A new empty state. */
    protected abstract S newState();

    /** Adds physical row {@code row} of the evaluated arguments to {@code state}. */
    protected abstract void update(S state, ColumnVector[] args, int row);

    /** Writes {@code state} for a later {@link #merge}. */
    protected abstract void serialize(S state, DataOutputStream out) throws IOException;

    /** Merges a serialized state into {@code state}. */
    protected abstract void merge(S state, DataInputStream in) throws IOException;

    /** Writes the final value of {@code state} (never null) at output row {@code row}. */
    protected abstract void writeResult(S state, ColumnVector out, int row);

    /** Charges {@code bytes} of state growth to the operator's memory (may throw MemoryLimitExceededException). */
    protected final void charge(long bytes)
    {
        if (bytes > 0) {
            account.grow(bytes);
        }
    }

    @Override
    protected int bytesPerGroup()
    {
        // the reference plus an object header and a few fields; larger states charge their growth
        return 8 + 32;
    }

    @Override
    protected void resize(int newCapacity)
    {
        states = Arrays.copyOf(states, newCapacity);
    }

    @SuppressWarnings("unchecked")
    private S state(int group)
    {
        Object s = states[group];
        if (s == null) {
            s = newState();
            states[group] = s;
        }
        return (S) s;
    }

    @Override
    public void add(int[] groupIds, ColumnBatch batch, ColumnVector arg)
    {
        add(groupIds, batch, new ColumnVector[] {arg});
    }

    @Override
    public void add(int[] groupIds, ColumnBatch batch, ColumnVector[] args)
    {
        int n = batch.size();
        if (mode != AggregateMode.FINAL) {
            for (int i = 0; i < n; i++) {
                update(state(groupIds[i]), args, batch.position(i));
            }
            return;
        }
        ColumnVector states = args[0];
        try {
            for (int i = 0; i < n; i++) {
                int p = batch.position(i);
                if (states.isNull(p)) {
                    continue;
                }
                merge(state(groupIds[i]), new DataInputStream(new ByteArrayInputStream(states.getBytes(p))));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("corrupt aggregate state", e);
        }
    }

    @Override
    public void write(int firstGroup, int count, ColumnVector out)
    {
        for (int r = 0; r < count; r++) {
            S s = state(firstGroup + r);
            if (mode != AggregateMode.PARTIAL) {
                writeResult(s, out, r);
                continue;
            }
            scratch.reset();
            try (DataOutputStream d = new DataOutputStream(scratch)) {
                serialize(s, d);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (out.hasNulls()) {
                out.setNull(r, false);
            }
            out.setBytes(r, scratch.toByteArray());
        }
    }

    /** A numeric argument as a double, decimals scaled (DECIMAL(10,2) 12345 -> 123.45). */
    protected static double numberAt(ColumnVector v, int row)
    {
        DataType t = v.type();
        PhysicalType p = v.physical();
        double d = doubleValue(v, p, row);
        return t.isDecimal() && t.scale() > 0 ? d / Math.pow(10, t.scale()) : d;
    }

    /** A constant DOUBLE parameter (percentile p, compression) at a row; NULL is an error. */
    protected static double parameterAt(ColumnVector v, int row, String what)
    {
        if (v.isNull(row)) {
            throw new ExpressionException(what + " must not be NULL");
        }
        return numberAt(v, row);
    }
}

package io.starling.exec.operator.agg;

import io.starling.exec.hash.MemoryAccount;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;
import io.starling.storage.types.TypeKind;

import java.util.List;

/**
 * Per-group state of one aggregate, in primitive arrays indexed by group id, accounted to the operator's
 * memory through a {@link MemoryAccount}.
 */
public abstract class Accumulator
        implements AutoCloseable
{
    /** Initial per-group array length; arrays double from there. */
    protected static final int INITIAL_GROUPS = 64;

    protected final MemoryAccount account;
    protected int capacity;

    protected Accumulator(MemoryAccount account)
    {
        this.account = account;
    }

    /**
     * Creates the accumulator for {@code call} over an argument of type {@code argType} (null for COUNT(*)).
     *
     * @param global true for an aggregation without GROUP BY: every row is in group 0, which enables the
     *               whole-batch kernels
     */
    public static Accumulator create(AggregateCall call, DataType argType, MemoryAccount account, boolean global)
    {
        DataType result = call.resultType();
        List<DataType> argTypes = call.arguments().stream().map(e -> e.type()).toList();
        if (call.kind().stateful()) {
            return StateAccumulator.create(call, argTypes, account);
        }
        if (call.distinct() && (call.kind() == AggregateKind.SUM || call.kind() == AggregateKind.AVG)) {
            AggregateCall plain = new AggregateCall(call.kind(), call.argument(), result);
            return new DistinctAccumulator(account, argType, create(plain, argType, account, false));
        }
        return switch (call.kind()) {
            case COUNT_STAR -> new CountAccumulator(account, true);
            case COUNT -> new CountAccumulator(account, false);
            case COUNT_DISTINCT -> new CountDistinctAccumulator(account, argTypes);
            case SUM -> new SumAccumulator(account, argType, result, global);
            case MIN -> new MinMaxAccumulator(account, argType, true, global);
            case MAX -> new MinMaxAccumulator(account, argType, false, global);
            case AVG -> new AvgAccumulator(account, argType, result);
            default -> throw new IllegalStateException("stateful kind " + call.kind());
        };
    }

    /** Makes room for groups {@code [0, groups)}; new groups start empty. */
    public final void ensureGroups(int groups)
    {
        if (groups <= capacity) {
            return;
        }
        int newCapacity = Math.max(INITIAL_GROUPS, capacity);
        while (newCapacity < groups) {
            newCapacity *= 2;
        }
        account.grow((long) (newCapacity - capacity) * bytesPerGroup());
        resize(newCapacity);
        capacity = newCapacity;
    }

    /** Fixed bytes of state per group (variable-size state is accounted separately). */
    protected abstract int bytesPerGroup();

    /** Grows the arrays to {@code newCapacity} groups (already accounted). */
    protected abstract void resize(int newCapacity);

    /**
     * Adds the batch's logical rows: row {@code i} (physical {@code batch.position(i)}) belongs to group
     * {@code groupIds[i]}; {@code arg} holds the evaluated argument (null for COUNT(*)).
     */
    public abstract void add(int[] groupIds, ColumnBatch batch, ColumnVector arg);

    /**
     * Adds the batch's logical rows with all of the call's evaluated arguments (empty for COUNT(*)); functions of
     * one argument need not override this.
     */
    public void add(int[] groupIds, ColumnBatch batch, ColumnVector[] args)
    {
        add(groupIds, batch, args.length == 0 ? null : args[0]);
    }

    /** Writes the results of groups {@code [firstGroup, firstGroup + count)} into rows {@code 0..count-1}. */
    public abstract void write(int firstGroup, int count, ColumnVector out);

    @Override
    public void close()
    {
    }

    /** Reads an integer-like value (BYTE/SHORT/INT/LONG physical) at a physical row. */
    protected static long longValue(ColumnVector v, PhysicalType p, int row)
    {
        return switch (p) {
            case BYTE -> v.getByte(row);
            case SHORT -> v.getShort(row);
            case INT -> v.getInt(row);
            case LONG -> v.getLong(row);
            default -> throw new IllegalStateException("not an integer physical type: " + p);
        };
    }

    /** Reads any numeric value as a double (FLOAT/DOUBLE or integer-like, unscaled for decimals). */
    protected static double doubleValue(ColumnVector v, PhysicalType p, int row)
    {
        return switch (p) {
            case FLOAT -> v.getFloat(row);
            case DOUBLE -> v.getDouble(row);
            case INT128 -> new java.math.BigInteger(int128Bytes(v.getInt128High(row), v.getInt128Low(row))).doubleValue();
            default -> longValue(v, p, row);
        };
    }

    /** Big-endian two's complement bytes of a 128-bit value, for {@link java.math.BigInteger}. */
    protected static byte[] int128Bytes(long high, long low)
    {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
            b[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return b;
    }

    /** Throws for argument types an aggregate does not support. */
    protected static void requireNumeric(String function, DataType type)
    {
        TypeKind k = type.kind();
        if (!k.isNumeric() && k != TypeKind.BOOLEAN) {
            throw new IllegalArgumentException(function + " does not support " + type);
        }
    }
}

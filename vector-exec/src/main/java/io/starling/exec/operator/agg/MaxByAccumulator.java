package io.starling.exec.operator.agg;

import io.starling.exec.expr.Values;
import io.starling.exec.hash.MemoryAccount;
import io.starling.storage.batch.ColumnVector;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;

/**
 * {@code MAX_BY(x, y)} / {@code MIN_BY(x, y)}: the x of the row with the largest (smallest) y; rows with a NULL y
 * are skipped, x may be NULL. On ties the first row seen wins (so the result is deterministic single phase; over
 * parallel partial aggregations any tied row may win, as in StarRocks). Values are kept boxed in the
 * {@link Values} domain of their type; y values of one call always share one type, so they compare directly.
 */
final class MaxByAccumulator
        extends StateAccumulator<MaxByAccumulator.Best>
{
    /** The best row so far: its x and y, if any row was seen. */
    static final class Best
    {
        boolean present;
        Object x;
        Object y;
    }

    private final boolean max;

    MaxByAccumulator(MemoryAccount account, AggregateMode mode, boolean max)
    {
        super(account, mode);
        this.max = max;
    }

    @Override
    protected Best newState()
    {
        return new Best();
    }

    @Override
    protected void update(Best state, ColumnVector[] args, int row)
    {
        if (args[1].isNull(row)) {
            return;
        }
        Object y = Values.read(args[1], row);
        if (!state.present || better(y, state.y)) {
            state.present = true;
            state.y = y;
            state.x = Values.read(args[0], row);
        }
    }

    private boolean better(Object candidate, Object current)
    {
        int c = compare(candidate, current);
        return max ? c > 0 : c < 0;
    }

    /** Compares two non-null values of one type in the {@link Values} domain. */
    @SuppressWarnings("unchecked")
    static int compare(Object a, Object b)
    {
        if (a instanceof String sa) {
            return Values.compareUtf8(sa, (String) b);
        }
        return ((Comparable<Object>) a).compareTo(b);
    }

    @Override
    protected void serialize(Best state, DataOutputStream out) throws IOException
    {
        out.writeBoolean(state.present);
        if (state.present) {
            writeValue(out, state.y);
            writeValue(out, state.x);
        }
    }

    @Override
    protected void merge(Best state, DataInputStream in) throws IOException
    {
        if (!in.readBoolean()) {
            return;
        }
        Object y = readValue(in);
        Object x = readValue(in);
        if (!state.present || better(y, state.y)) {
            state.present = true;
            state.y = y;
            state.x = x;
        }
    }

    @Override
    protected void writeResult(Best state, ColumnVector out, int row)
    {
        Values.write(out, row, state.present ? state.x : null);
    }

    /** Writes a {@link Values}-domain value with a one-byte tag (N null, Z boolean, L long, D double, B big, S string). */
    static void writeValue(DataOutputStream out, Object v) throws IOException
    {
        switch (v) {
            case null -> out.writeByte('N');
            case Boolean b -> {
                out.writeByte('Z');
                out.writeBoolean(b);
            }
            case Long l -> {
                out.writeByte('L');
                out.writeLong(l);
            }
            case Double d -> {
                out.writeByte('D');
                out.writeDouble(d);
            }
            case BigInteger b -> {
                out.writeByte('B');
                byte[] bytes = b.toByteArray();
                out.writeInt(bytes.length);
                out.write(bytes);
            }
            case String s -> {
                out.writeByte('S');
                byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.writeInt(bytes.length);
                out.write(bytes);
            }
            default -> throw new IllegalArgumentException("not a value: " + v.getClass());
        }
    }

    static Object readValue(DataInputStream in) throws IOException
    {
        int tag = in.readByte();
        return switch (tag) {
            case 'N' -> null;
            case 'Z' -> in.readBoolean();
            case 'L' -> in.readLong();
            case 'D' -> in.readDouble();
            case 'B', 'S' -> {
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                yield tag == 'B' ? new BigInteger(bytes) : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            }
            default -> throw new IOException("bad value tag " + tag);
        };
    }
}

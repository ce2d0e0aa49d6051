package io.starling.storage.pk;

import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.PhysicalType;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * How a Primary Key load's upserts combine with the rows they replace (StarRocks' {@code partial_update} and
 * {@code merge_condition} Stream Load headers). Applied at publish, under the tablet lock and in transaction order,
 * so concurrent loads see each other's effects exactly as their publish order says.
 *
 * @param givenColumns for a partial update, which schema columns the load wrote (the others are taken from the
 *        replaced row, or keep the load's default for a new key); null for a full-row load
 * @param conditionColumn schema index of the merge condition column, or -1: an upsert replaces an existing row
 *        only if its value there is {@code >=} the existing row's (NULL sorts lowest); otherwise it is dropped
 */
public record UpdateMode(boolean[] givenColumns, int conditionColumn)
{
    /** Serialization tag; bumped if the layout changes. */
    private static final int FORMAT = 1;

    public UpdateMode
    {
        givenColumns = givenColumns == null ? null : givenColumns.clone();
    }

    public boolean partial()
    {
        return givenColumns != null;
    }

    public boolean hasCondition()
    {
        return conditionColumn >= 0;
    }

    /** Whether this mode changes nothing (a plain upsert load). */
    public boolean isPlain()
    {
        return !partial() && !hasCondition();
    }

    /** u32 format | i32 conditionColumn | i32 columnCount (-1: not partial) | u8 given*. */
    public byte[] serialize()
    {
        int n = givenColumns == null ? -1 : givenColumns.length;
        ByteBuffer b = ByteBuffer.allocate(12 + Math.max(0, n));
        b.putInt(FORMAT).putInt(conditionColumn).putInt(n);
        for (int i = 0; i < n; i++) {
            b.put((byte) (givenColumns[i] ? 1 : 0));
        }
        return b.array();
    }

    public static UpdateMode parse(byte[] bytes)
    {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int format = b.getInt();
        if (format != FORMAT) {
            throw new IllegalArgumentException("update mode has unsupported format " + format);
        }
        int cond = b.getInt();
        int n = b.getInt();
        boolean[] given = null;
        if (n >= 0) {
            given = new boolean[n];
            for (int i = 0; i < n; i++) {
                given[i] = b.get() != 0;
            }
        }
        return new UpdateMode(given, cond);
    }

    /**
     * Compares value {@code a} of vector {@code va} with value {@code b} of {@code vb} (same type) as SQL orders
     * them, NULL lowest. Strings compare as unsigned UTF-8 bytes (code point order, StarRocks' binary collation).
     */
    public static int compare(ColumnVector va, int a, ColumnVector vb, int b)
    {
        boolean na = va.isNull(a);
        boolean nb = vb.isNull(b);
        if (na || nb) {
            return na == nb ? 0 : na ? -1 : 1;
        }
        PhysicalType p = va.physical();
        return switch (p) {
            case BYTE -> Byte.compare(va.getByte(a), vb.getByte(b));
            case SHORT -> Short.compare(va.getShort(a), vb.getShort(b));
            case INT -> Integer.compare(va.getInt(a), vb.getInt(b));
            case LONG -> Long.compare(va.getLong(a), vb.getLong(b));
            case FLOAT -> Float.compare(va.getFloat(a), vb.getFloat(b));
            case DOUBLE -> Double.compare(va.getDouble(a), vb.getDouble(b));
            case INT128 -> {
                int c = Long.compare(va.getInt128High(a), vb.getInt128High(b));
                yield c != 0 ? c : Long.compareUnsigned(va.getInt128Low(a), vb.getInt128Low(b));
            }
            case VARLEN -> Arrays.compareUnsigned(va.getBytes(a), vb.getBytes(b));
            default -> throw new IllegalArgumentException("merge_condition on a " + va.type().toSql() + " column is not supported");
        };
    }

    @Override
    public boolean equals(Object o)
    {
        return o instanceof UpdateMode m && m.conditionColumn == conditionColumn && Arrays.equals(m.givenColumns, givenColumns);
    }

    @Override
    public int hashCode()
    {
        return 31 * Arrays.hashCode(givenColumns) + conditionColumn;
    }

    @Override
    public String toString()
    {
        return "UpdateMode[given=" + Arrays.toString(givenColumns) + ", condition=" + conditionColumn + "]";
    }
}

package io.starling.storage.pk;

import io.starling.storage.batch.ColumnVector;
import io.starling.storage.io.ByteSink;
import io.starling.storage.types.DataType;

import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes the key columns of a row into bytes whose unsigned lexicographic order is the SQL order of the keys
 * (StarRocks' memcmp-able key encoding): one marker byte per column (0 NULL, 1 value, so NULL sorts first), then
 * integers big-endian with the sign bit flipped, floating point with the IEEE-754 total-order flip, INT128 high
 * word (signed) then low word (unsigned), strings with 0x00 escaped as 0x00 0x01 and terminated by 0x00 0x00 (so
 * a prefix sorts before its extensions). The same bytes are the primary index's hash key.
 */
public final class KeyEncoder
{
    private final int[] keyColumns;
    private final DataType[] types;
    private final ByteSink buf = new ByteSink(64);

    /**
     * @param schema the tablet schema
     * @param keyColumns indexes (into the batches given to {@link #encode}) of the key columns, in key order
     */
    public KeyEncoder(List<DataType> schema, int[] keyColumns)
    {
        this.keyColumns = keyColumns.clone();
        this.types = new DataType[keyColumns.length];
        for (int i = 0; i < keyColumns.length; i++) {
            types[i] = schema.get(keyColumns[i]);
        }
    }

    /** Encoder of the first {@code n} columns (StarRocks keeps key columns as a schema prefix). */
    public static KeyEncoder prefix(List<DataType> schema, int n)
    {
        int[] cols = new int[n];
        for (int i = 0; i < n; i++) {
            cols[i] = i;
        }
        return new KeyEncoder(schema, cols);
    }

    /** Encodes the key of {@code row}; the vectors are indexed by the column indexes given at construction. */
    public byte[] encode(ColumnVector[] columns, int row)
    {
        buf.reset();
        for (int i = 0; i < keyColumns.length; i++) {
            ColumnVector v = columns[keyColumns[i]];
            if (v.isNull(row)) {
                buf.writeByte(0);
                continue;
            }
            buf.writeByte(1);
            switch (v.physical()) {
                case BYTE -> buf.writeByte(v.getByte(row) ^ 0x80);
                case SHORT -> writeBigEndian(v.getShort(row) ^ Short.MIN_VALUE, 2);
                case INT -> writeBigEndian(v.getInt(row) ^ Integer.MIN_VALUE, 4);
                case LONG -> writeBigEndian(v.getLong(row) ^ Long.MIN_VALUE, 8);
                case INT128 -> {
                    writeBigEndian(v.getInt128High(row) ^ Long.MIN_VALUE, 8);
                    writeBigEndian(v.getInt128Low(row), 8);
                }
                case FLOAT -> {
                    int bits = Float.floatToIntBits(v.getFloat(row));
                    writeBigEndian(bits < 0 ? ~bits : bits ^ Integer.MIN_VALUE, 4);
                }
                case DOUBLE -> {
                    long bits = Double.doubleToLongBits(v.getDouble(row));
                    writeBigEndian(bits < 0 ? ~bits : bits ^ Long.MIN_VALUE, 8);
                }
                case VARLEN -> {
                    int off = v.getOffset(row);
                    int len = v.getLength(row);
                    for (int b = 0; b < len; b++) {
                        byte x = v.bytes().get(ValueLayout.JAVA_BYTE, off + (long) b);
                        buf.writeByte(x);
                        if (x == 0) {
                            buf.writeByte(1);
                        }
                    }
                    buf.writeByte(0);
                    buf.writeByte(0);
                }
                default -> throw new IllegalArgumentException("unsupported key type " + types[i]);
            }
        }
        return Arrays.copyOf(buf.array(), buf.size());
    }

    private void writeBigEndian(long v, int bytes)
    {
        for (int s = (bytes - 1) * 8; s >= 0; s -= 8) {
            buf.writeByte((int) (v >>> s));
        }
    }
}

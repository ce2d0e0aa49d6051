package io.starling.exec.hash;

import io.starling.exec.kernel.hash.ScalarHashKernels;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * Serializes a row's key columns into bytes, for keys that are not a single fixed-width value (several columns,
 * strings, 128-bit values). Equal SQL keys encode to equal bytes, so hashing and comparing bytes implements
 * key equality.
 *
 * <p>Encoding, per key column in order:
 * <pre>
 *   1 byte   0 = NULL (nothing follows), 1 = present
 *   fixed    the value's {@link PhysicalType#width()} bytes, little-endian; FLOAT/DOUBLE normalised first
 *            (-0.0 → 0.0, every NaN → the canonical NaN) so that SQL-equal values encode equally
 *   VARLEN   4-byte little-endian length, then the bytes
 * </pre>
 * Not thread-safe: the scratch buffer is reused for every row.
 */
public final class KeyEncoder
{
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private final PhysicalType[] physical;
    private byte[] buffer = new byte[256];
    private int length;

    public KeyEncoder(List<DataType> keyTypes)
    {
        this.physical = keyTypes.stream().map(DataType::physical).toArray(PhysicalType[]::new);
    }

    /** Encodes row {@code row} of {@code keys}; the bytes are {@code buffer()[0, length())}. */
    public void encode(ColumnVector[] keys, int row)
    {
        int pos = 0;
        for (int k = 0; k < physical.length; k++) {
            ColumnVector v = keys[k];
            ensure(pos + 1 + 16);
            if (v.isNull(row)) {
                buffer[pos++] = 0;
                continue;
            }
            buffer[pos++] = 1;
            switch (physical[k]) {
                case BYTE -> buffer[pos++] = v.getByte(row);
                case SHORT -> {
                    SHORT_LE.set(buffer, pos, v.getShort(row));
                    pos += 2;
                }
                case INT -> {
                    INT_LE.set(buffer, pos, v.getInt(row));
                    pos += 4;
                }
                case LONG -> {
                    LONG_LE.set(buffer, pos, v.getLong(row));
                    pos += 8;
                }
                case FLOAT -> {
                    INT_LE.set(buffer, pos, normalizedFloatBits(v.getFloat(row)));
                    pos += 4;
                }
                case DOUBLE -> {
                    LONG_LE.set(buffer, pos, normalizedDoubleBits(v.getDouble(row)));
                    pos += 8;
                }
                case INT128 -> {
                    LONG_LE.set(buffer, pos, v.getInt128Low(row));
                    LONG_LE.set(buffer, pos + 8, v.getInt128High(row));
                    pos += 16;
                }
                case VARLEN -> {
                    int len = v.getLength(row);
                    ensure(pos + 4 + len);
                    INT_LE.set(buffer, pos, len);
                    MemorySegment.copy(v.bytes(), ValueLayout.JAVA_BYTE, v.getOffset(row), buffer, pos + 4, len);
                    pos += 4 + len;
                }
            }
        }
        length = pos;
    }

    /** Decodes one encoded key at {@code bytes[offset..]} into row {@code row} of {@code out}. */
    public void decode(byte[] bytes, int offset, ColumnVector[] out, int row)
    {
        int pos = offset;
        for (int k = 0; k < physical.length; k++) {
            ColumnVector v = out[k];
            if (bytes[pos++] == 0) {
                v.setNull(row, true);
                continue;
            }
            if (v.hasNulls()) {
                v.setNull(row, false);
            }
            switch (physical[k]) {
                case BYTE -> v.setByte(row, bytes[pos++]);
                case SHORT -> {
                    v.setShort(row, (short) SHORT_LE.get(bytes, pos));
                    pos += 2;
                }
                case INT -> {
                    v.setInt(row, (int) INT_LE.get(bytes, pos));
                    pos += 4;
                }
                case LONG -> {
                    v.setLong(row, (long) LONG_LE.get(bytes, pos));
                    pos += 8;
                }
                case FLOAT -> {
                    v.setFloat(row, Float.intBitsToFloat((int) INT_LE.get(bytes, pos)));
                    pos += 4;
                }
                case DOUBLE -> {
                    v.setDouble(row, Double.longBitsToDouble((long) LONG_LE.get(bytes, pos)));
                    pos += 8;
                }
                case INT128 -> {
                    v.setInt128(row, (long) LONG_LE.get(bytes, pos), (long) LONG_LE.get(bytes, pos + 8));
                    pos += 16;
                }
                case VARLEN -> {
                    int len = (int) INT_LE.get(bytes, pos);
                    v.setBytes(row, bytes, pos + 4, len);
                    pos += 4 + len;
                }
            }
        }
    }

    /** Scratch holding the last encoded key (valid until the next {@link #encode}). */
    public byte[] buffer()
    {
        return buffer;
    }

    /** Length of the last encoded key. */
    public int length()
    {
        return length;
    }

    private void ensure(int needed)
    {
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
    }

    /** Float bits with -0.0 folded into 0.0 and NaNs canonicalised. */
    public static int normalizedFloatBits(float f)
    {
        return f == 0.0f ? 0 : Float.floatToIntBits(f);
    }

    /** Double bits with -0.0 folded into 0.0 and NaNs canonicalised. */
    public static long normalizedDoubleBits(double d)
    {
        return d == 0.0 ? 0L : Double.doubleToLongBits(d);
    }

    /** 64-bit hash of {@code bytes[offset, offset+length)}: 8-byte words folded with the combine step. */
    public static long hash(byte[] bytes, int offset, int length)
    {
        long h = length;
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            h = ScalarHashKernels.combine(h, (long) LONG_LE.get(bytes, offset + i));
        }
        long tail = 0;
        for (int s = 0; i < length; i++, s += 8) {
            tail |= (bytes[offset + i] & 0xFFL) << s;
        }
        return ScalarHashKernels.fmix64(ScalarHashKernels.combine(h, tail));
    }
}

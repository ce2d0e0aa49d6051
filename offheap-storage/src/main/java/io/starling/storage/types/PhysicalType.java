package io.starling.storage.types;

/** How a value is laid out in memory: fixed width in bytes, or variable length (offsets + bytes). */
public enum PhysicalType
{
    BYTE(1),
    SHORT(2),
    INT(4),
    LONG(8),
    /** 128-bit two's complement integer: low 64 bits at offset 0, high 64 bits at offset 8 (both little-endian). */
    INT128(16),
    FLOAT(4),
    DOUBLE(8),
    /** Variable length bytes: an int offsets array (n + 1 entries) and a byte buffer. */
    VARLEN(-1);

    private final int width;

    PhysicalType(int width)
    {
        this.width = width;
    }

    /** Bytes per value, or -1 for {@link #VARLEN}. */
    public int width()
    {
        return width;
    }

    public boolean isFixedWidth()
    {
        return width > 0;
    }
}

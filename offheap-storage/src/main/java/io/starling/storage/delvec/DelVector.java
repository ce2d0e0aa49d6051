package io.starling.storage.delvec;

import org.roaringbitmap.RoaringBitmap;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The delete vector of one segment at one tablet version (StarRocks' DelVector): the row ids of rows replaced or
 * deleted by later loads of a Primary Key tablet. Immutable once published: a publish that deletes more rows of a
 * segment writes a new DelVector (a copy plus the new rows) under the new version, so readers of older versions
 * keep theirs.
 *
 * <pre>
 * bytes := u32 magic "SLDV" | u32 formatVersion | u32 cardinality | RoaringBitmap portable serialization | u32 crc32c
 * </pre>
 * Little-endian; the CRC32C covers every byte before it.
 */
public final class DelVector
{
    static final int MAGIC = 'S' | 'L' << 8 | 'D' << 16 | 'V' << 24;
    static final int FORMAT_VERSION = 1;
    private static final int HEADER_BYTES = 12;
    private static final int CRC_BYTES = 4;

    private final RoaringBitmap rows;

    public DelVector(RoaringBitmap rows)
    {
        this.rows = rows;
    }

    public static DelVector empty()
    {
        return new DelVector(new RoaringBitmap());
    }

    /** The deleted row ids; do not modify (use {@link #with}). */
    public RoaringBitmap rows()
    {
        return rows;
    }

    public long cardinality()
    {
        return rows.getLongCardinality();
    }

    public boolean isDeleted(int row)
    {
        return rows.contains(row);
    }

    /** A new vector with the rows of this one plus {@code more}. */
    public DelVector with(RoaringBitmap more)
    {
        return new DelVector(RoaringBitmap.or(rows, more));
    }

    public byte[] serialize()
    {
        rows.runOptimize();
        int body = rows.serializedSizeInBytes();
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + body + CRC_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(FORMAT_VERSION).putInt((int) rows.getLongCardinality());
        // the portable format is defined little-endian, like ours
        rows.serialize(b.slice(HEADER_BYTES, body).order(ByteOrder.LITTLE_ENDIAN));
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, HEADER_BYTES + body);
        b.putInt(HEADER_BYTES + body, (int) crc.getValue());
        return b.array();
    }

    /** Parses serialized bytes; throws {@link IllegalArgumentException} naming {@code what} if they are corrupt. */
    public static DelVector parse(byte[] bytes, String what)
    {
        if (bytes.length < HEADER_BYTES + CRC_BYTES) {
            throw new IllegalArgumentException("delete vector " + what + " of " + bytes.length + " bytes is truncated");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - CRC_BYTES);
        if ((int) crc.getValue() != b.getInt(bytes.length - CRC_BYTES)) {
            throw new IllegalArgumentException("delete vector " + what + " checksum mismatch");
        }
        if (b.getInt(0) != MAGIC || b.getInt(4) != FORMAT_VERSION) {
            throw new IllegalArgumentException("delete vector " + what + " has a bad magic or version");
        }
        int cardinality = b.getInt(8);
        RoaringBitmap rows = new RoaringBitmap();
        try {
            rows.deserialize(new DataInputStream(new ByteArrayInputStream(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES - CRC_BYTES)));
        }
        catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("delete vector " + what + " is malformed: " + e.getMessage(), e);
        }
        if (rows.getLongCardinality() != (cardinality & 0xFFFFFFFFL)) {
            throw new IllegalArgumentException("delete vector " + what + " holds " + rows.getLongCardinality() + " rows, header says " + cardinality);
        }
        return new DelVector(rows);
    }
}

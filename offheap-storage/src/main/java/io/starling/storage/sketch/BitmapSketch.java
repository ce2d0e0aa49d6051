package io.starling.storage.sketch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.roaringbitmap.longlong.LongIterator;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * The codec of BITMAP values: sets of unsigned 64-bit integers (StarRocks' range 0..18446744073709551615; values
 * at or above 2^63 are held as negative longs and ordered unsigned). Most loaded values hold one element
 * ({@code to_bitmap(uid)} per row), so those get a 9-byte form instead of a Roaring container.
 *
 * <p>Serialized form:
 * <pre>
 *   [0]                                 empty
 *   [1][u64 LE value]                   one element
 *   [2][Roaring64 portable format]      anything else (RoaringBitmap's 64-bit portable serialization, as CRoaring)
 * </pre>
 */
public final class BitmapSketch
{
    private static final byte FORMAT_EMPTY = 0;
    private static final byte FORMAT_SINGLE = 1;
    private static final byte FORMAT_ROARING = 2;

    private BitmapSketch()
    {
    }

    /** A new empty bitmap ordering its values as unsigned 64-bit integers. */
    public static Roaring64NavigableMap newBitmap()
    {
        return new Roaring64NavigableMap(false);
    }

    /** The stored form of the empty bitmap ({@code bitmap_empty()}). */
    public static byte[] emptyBytes()
    {
        return new byte[] {FORMAT_EMPTY};
    }

    /** The stored form of a one-element bitmap ({@code to_bitmap(v)}), {@code value} read as unsigned. */
    public static byte[] singleBytes(long value)
    {
        return ByteBuffer.allocate(1 + Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).put(FORMAT_SINGLE).putLong(value).array();
    }

    /** The stored form of {@code bitmap}. */
    public static byte[] toBytes(Roaring64NavigableMap bitmap)
    {
        long n = bitmap.getLongCardinality();
        if (n == 0) {
            return emptyBytes();
        }
        if (n == 1) {
            return singleBytes(bitmap.getLongIterator().next());
        }
        bitmap.runOptimize();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, bitmap.serializedSizeInBytes() + 1));
        bytes.write(FORMAT_ROARING);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            bitmap.serializePortable(out);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Parses a stored bitmap; throws IllegalArgumentException for bytes that are not one. */
    public static Roaring64NavigableMap fromBytes(byte[] serialized)
    {
        Roaring64NavigableMap bitmap = newBitmap();
        orInto(bitmap, serialized);
        return bitmap;
    }

    /** Adds the elements of a stored bitmap to {@code target} (the BITMAP_UNION step). */
    public static void orInto(Roaring64NavigableMap target, byte[] serialized)
    {
        if (serialized.length == 0) {
            throw corrupt("empty BITMAP value");
        }
        switch (serialized[0]) {
            case FORMAT_EMPTY -> {
                if (serialized.length != 1) {
                    throw corrupt("trailing bytes after an empty BITMAP");
                }
            }
            case FORMAT_SINGLE -> target.addLong(single(serialized));
            case FORMAT_ROARING -> {
                if (target.isEmpty()) {
                    deserializeInto(target, serialized);
                }
                else {
                    Roaring64NavigableMap other = newBitmap();
                    deserializeInto(other, serialized);
                    target.or(other);
                }
            }
            default -> throw corrupt("unknown BITMAP format " + serialized[0]);
        }
    }

    /** The number of elements of a stored bitmap ({@code bitmap_count}), without decoding single forms. */
    public static long cardinality(byte[] serialized)
    {
        if (serialized.length > 0 && serialized[0] == FORMAT_EMPTY && serialized.length == 1) {
            return 0;
        }
        if (serialized.length > 0 && serialized[0] == FORMAT_SINGLE) {
            single(serialized);
            return 1;
        }
        return fromBytes(serialized).getLongCardinality();
    }

    /** The elements in ascending unsigned order, comma separated ({@code bitmap_to_string}); "" when empty. */
    public static String toText(Roaring64NavigableMap bitmap)
    {
        StringBuilder sb = new StringBuilder();
        LongIterator it = bitmap.getLongIterator();
        while (it.hasNext()) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(Long.toUnsignedString(it.next()));
        }
        return sb.toString();
    }

    private static long single(byte[] serialized)
    {
        if (serialized.length != 1 + Long.BYTES) {
            throw corrupt("one-element BITMAP of " + serialized.length + " bytes");
        }
        return ByteBuffer.wrap(serialized, 1, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static void deserializeInto(Roaring64NavigableMap target, byte[] serialized)
    {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized, 1, serialized.length - 1));
            target.deserializePortable(in);
            if (in.available() != 0) {
                throw corrupt("trailing bytes after a BITMAP");
            }
        }
        catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null && iae.getMessage().startsWith("invalid BITMAP")) {
                throw iae;
            }
            throw new IllegalArgumentException("invalid BITMAP value: " + e.getMessage(), e);
        }
    }

    private static IllegalArgumentException corrupt(String what)
    {
        return new IllegalArgumentException("invalid BITMAP value: " + what);
    }
}

package io.starling.exec.expr;

import io.starling.exec.expr.FunctionRegistry.ArgKind;
import io.starling.exec.expr.FunctionRegistry.Signature;
import io.starling.exec.hash.KeyEncoder;
import io.starling.storage.sketch.BitmapSketch;
import io.starling.storage.sketch.HllSketch;
import io.starling.storage.types.DataType;
import io.starling.storage.types.TypeKind;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * StarRocks' BITMAP and HLL scalar functions over the serialized sketches of {@code io.starling.storage.sketch}
 * (values are {@code byte[]} in the {@link Values} domain).
 *
 * <p>NULL and range rules, as StarRocks documents them: {@code to_bitmap} takes an unsigned 64-bit integer
 * (0..18446744073709551615; negative or larger is NULL, a string that is not an integer is an error);
 * {@code bitmap_from_string} gives NULL for text that is not a comma-separated list of such integers;
 * {@code bitmap_count} and {@code hll_cardinality} of NULL are 0; set operations with a NULL operand are NULL;
 * {@code hll_hash} hashes the argument's text form (StarRocks' signature takes VARCHAR, so
 * {@code hll_hash(1)} = {@code hll_hash('1')}) and gives the empty HLL for NULL, so NULLs never count.
 * {@code bitmap_hash} puts the 32-bit MurMur3 hash of the text form into a one-element bitmap (the hash function is
 * ours; StarRocks' values differ, cardinalities agree).
 */
final class SketchFunctions
{
    /** 2^64: the first value to_bitmap rejects. */
    private static final BigInteger UNSIGNED_LONG_LIMIT = BigInteger.ONE.shiftLeft(Long.SIZE);
    /** MurMur3 x86_32 seed of bitmap_hash. */
    private static final int MURMUR3_SEED = 104729;

    private SketchFunctions()
    {
    }

    static void register(FunctionRegistry r)
    {
        r.register("to_bitmap", (args, ret) -> toBitmap(args[0]), ArgKind.ANY);
        r.register("bitmap_hash", (args, ret) -> a -> BitmapSketch.singleBytes(
                Integer.toUnsignedLong(murmur3(text(a[0], args[0])))), ArgKind.ANY);
        r.register(List.of("bitmap_empty"), new Signature(List.of(), null, false, (args, ret) -> a -> BitmapSketch.emptyBytes()));
        r.register("bitmap_from_string", (args, ret) -> a -> fromString((String) a[0]), ArgKind.STRING);
        r.register("bitmap_to_string", (args, ret) -> a -> BitmapSketch.toText(BitmapSketch.fromBytes((byte[]) a[0])), ArgKind.BITMAP);
        r.register(List.of("bitmap_count"), new Signature(List.of(ArgKind.BITMAP), null, false,
                (args, ret) -> a -> a[0] == null ? 0L : (Object) BitmapSketch.cardinality((byte[]) a[0])));
        r.register("bitmap_contains", (args, ret) -> a -> {
            Long v = unsigned(a[1], args[1]);
            return v != null && BitmapSketch.fromBytes((byte[]) a[0]).contains(v);
        }, ArgKind.BITMAP, ArgKind.INTEGER);
        setOperation(r, "bitmap_or", Roaring64NavigableMap::or);
        setOperation(r, "bitmap_and", Roaring64NavigableMap::and);
        setOperation(r, "bitmap_andnot", Roaring64NavigableMap::andNot);
        setOperation(r, "bitmap_xor", Roaring64NavigableMap::xor);
        r.register(List.of("hll_hash"), new Signature(List.of(ArgKind.ANY), null, false,
                (args, ret) -> a -> a[0] == null ? HllSketch.emptyBytes() : HllSketch.singleBytes(hllHash(text(a[0], args[0])))));
        r.register(List.of("hll_empty"), new Signature(List.of(), null, false, (args, ret) -> a -> HllSketch.emptyBytes()));
        r.register(List.of("hll_cardinality"), new Signature(List.of(ArgKind.HLL), null, false,
                (args, ret) -> a -> a[0] == null ? 0L : (Object) HllSketch.cardinality((byte[]) a[0])));
    }

    private interface SetOp
    {
        void apply(Roaring64NavigableMap target, Roaring64NavigableMap other);
    }

    private static void setOperation(FunctionRegistry r, String name, SetOp op)
    {
        r.register(name, (args, ret) -> a -> {
            Roaring64NavigableMap left = BitmapSketch.fromBytes((byte[]) a[0]);
            op.apply(left, BitmapSketch.fromBytes((byte[]) a[1]));
            return BitmapSketch.toBytes(left);
        }, ArgKind.BITMAP, ArgKind.BITMAP);
    }

    private static FunctionRegistry.RowFunction toBitmap(DataType argType)
    {
        if (argType.kind().isString()) {
            return a -> {
                String s = ((String) a[0]).strip();
                Long v = parseUnsigned(s);
                if (v == null) {
                    if (s.startsWith("-") && parseUnsigned(s.substring(1)) != null) {
                        return null;   // a negative integer: out of range, NULL as for numbers
                    }
                    throw new ExpressionException("The input: " + a[0] + " is not valid, to_bitmap only support bigint value from 0 to 18446744073709551615 currently");
                }
                return BitmapSketch.singleBytes(v);
            };
        }
        if (!argType.kind().isInteger() && argType.kind() != TypeKind.BOOLEAN && argType.kind() != TypeKind.NULL) {
            throw new FunctionResolutionException("No matching function with signature: to_bitmap(" + argType.toSql() + ")");
        }
        return a -> {
            Long v = unsigned(a[0], argType);
            return v == null ? null : BitmapSketch.singleBytes(v);
        };
    }

    /** An integer value as an unsigned 64-bit long, or null when it is negative or at least 2^64. */
    static Long unsigned(Object value, DataType type)
    {
        return switch (value) {
            case null -> null;
            case Boolean b -> b ? 1L : 0L;
            case Long l -> l < 0 ? null : l;
            case BigInteger b -> b.signum() < 0 || b.compareTo(UNSIGNED_LONG_LIMIT) >= 0 ? null : b.longValue();
            default -> throw new ExpressionException("not an integer: " + value + " of type " + type);
        };
    }

    private static Long parseUnsigned(String s)
    {
        if (s.isEmpty() || s.length() > 20) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return null;
            }
        }
        try {
            return Long.parseUnsignedLong(s);
        }
        catch (NumberFormatException e) {
            return null;   // above 2^64 - 1
        }
    }

    /** bitmap_from_string: "1,2,3" (blanks around numbers allowed, "" is empty); anything else is NULL. */
    static byte[] fromString(String s)
    {
        Roaring64NavigableMap b = BitmapSketch.newBitmap();
        if (!s.isBlank()) {
            for (String part : s.split(",", -1)) {
                Long v = parseUnsigned(part.strip());
                if (v == null) {
                    return null;
                }
                b.addLong(v);
            }
        }
        return BitmapSketch.toBytes(b);
    }

    private static String text(Object value, DataType type)
    {
        return value instanceof String s ? s : ValueFormatter.formatValue(value, type);
    }

    /** The 64-bit hash hll_hash adds for a value's text. */
    static long hllHash(String text)
    {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return KeyEncoder.hash(bytes, 0, bytes.length);
    }

    /** MurMur3 x86_32 of the UTF-8 bytes of {@code text}. */
    static int murmur3(String text)
    {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        final int c1 = 0xcc9e2d51;
        final int c2 = 0x1b873593;
        int h = MURMUR3_SEED;
        int blocks = data.length / 4;
        for (int i = 0; i < blocks; i++) {
            int k = (data[4 * i] & 0xFF) | (data[4 * i + 1] & 0xFF) << 8 | (data[4 * i + 2] & 0xFF) << 16 | (data[4 * i + 3] & 0xFF) << 24;
            k *= c1;
            k = Integer.rotateLeft(k, 15);
            k *= c2;
            h ^= k;
            h = Integer.rotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        int k = 0;
        int tail = blocks * 4;
        switch (data.length & 3) {
            case 3:
                k ^= (data[tail + 2] & 0xFF) << 16;
            case 2:
                k ^= (data[tail + 1] & 0xFF) << 8;
            case 1:
                k ^= data[tail] & 0xFF;
                k *= c1;
                k = Integer.rotateLeft(k, 15);
                k *= c2;
                h ^= k;
            default:
                break;
        }
        h ^= data.length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}

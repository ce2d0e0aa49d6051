package io.starling.storage.index.zonemap;

import io.starling.storage.types.PhysicalType;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A column predicate reduced to what a {@link ZoneMap} can refute: {@link #mightMatch} returns false only if no
 * row of the zone can satisfy the predicate, so a scan may skip the page or segment.
 *
 * <p>Constants are given in the column's physical domain (see {@link ZoneMap.Domain}): any integral
 * {@link Number} for BYTE/SHORT/INT/LONG (DATE as days, DATETIME as micros, DECIMAL ≤ 18 digits as the
 * unscaled long), any {@link Number} for FLOAT/DOUBLE, {@link BigInteger} (or an integral Number) for INT128,
 * {@code byte[]} or {@link String} (UTF-8) for VARLEN. Comparisons follow SQL: a null row never satisfies
 * EQ..BETWEEN, so a zone of only nulls is skipped by them.
 */
public final class ZoneMapPredicate
{
    /** The predicate operators zone maps can evaluate. */
    public enum Op
    {
        EQ, NE, LT, LE, GT, GE, IN, IS_NULL, IS_NOT_NULL, BETWEEN
    }

    private final Op op;
    private final PhysicalType type;
    private final Object[] values;

    private ZoneMapPredicate(Op op, PhysicalType type, Object[] values)
    {
        this.op = op;
        this.type = type;
        this.values = values;
    }

    /** {@code col <op> value} for EQ, NE, LT, LE, GT, GE. */
    public static ZoneMapPredicate compare(Op op, PhysicalType type, Object value)
    {
        if (op == Op.IN || op == Op.BETWEEN || op == Op.IS_NULL || op == Op.IS_NOT_NULL) {
            throw new IllegalArgumentException(op + " is not a binary comparison");
        }
        return new ZoneMapPredicate(op, type, new Object[] {normalize(type, value)});
    }

    /** {@code col IN (values...)}; an empty list matches nothing. */
    public static ZoneMapPredicate in(PhysicalType type, List<?> values)
    {
        Object[] v = new Object[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = normalize(type, values.get(i));
        }
        return new ZoneMapPredicate(Op.IN, type, v);
    }

    /** {@code col BETWEEN low AND high} (both inclusive). */
    public static ZoneMapPredicate between(PhysicalType type, Object low, Object high)
    {
        return new ZoneMapPredicate(Op.BETWEEN, type, new Object[] {normalize(type, low), normalize(type, high)});
    }

    public static ZoneMapPredicate isNull(PhysicalType type)
    {
        return new ZoneMapPredicate(Op.IS_NULL, type, new Object[0]);
    }

    public static ZoneMapPredicate isNotNull(PhysicalType type)
    {
        return new ZoneMapPredicate(Op.IS_NOT_NULL, type, new Object[0]);
    }

    public Op op()
    {
        return op;
    }

    public PhysicalType type()
    {
        return type;
    }

    /**
     * The constants in the column's domain (Long, Double, BigInteger or byte[]): one for comparisons, the list for IN,
     * low and high for BETWEEN, none for IS [NOT] NULL. Callers must not modify byte[] values.
     */
    public List<Object> values()
    {
        return List.of(values);
    }

    /**
     * {@code col LIKE 'prefix%'} on strings: {@code prefix <= col < successor(prefix)}, as a conservative BETWEEN whose
     * upper bound is the successor (the prefix with its last non-0xFF byte incremented and the rest dropped); a prefix
     * of only 0xFF bytes has no successor and becomes {@code col >= prefix}.
     */
    public static ZoneMapPredicate prefix(byte[] prefix)
    {
        int i = prefix.length - 1;
        while (i >= 0 && prefix[i] == (byte) 0xFF) {
            i--;
        }
        if (i < 0) {
            return compare(Op.GE, PhysicalType.VARLEN, prefix);
        }
        byte[] succ = Arrays.copyOf(prefix, i + 1);
        succ[i]++;
        return between(PhysicalType.VARLEN, prefix, succ);
    }

    /** False only if no row described by {@code zm} can satisfy this predicate. */
    public boolean mightMatch(ZoneMap zm)
    {
        if (zm.type() != type) {
            throw new IllegalArgumentException("predicate on " + type + " evaluated against a " + zm.type() + " zone map");
        }
        if (op == Op.IS_NULL) {
            return zm.hasNull();
        }
        if (op == Op.IS_NOT_NULL) {
            return zm.hasNotNull();
        }
        if (!zm.hasNotNull()) {
            return false;
        }
        return switch (op) {
            case EQ -> contains(zm, values[0]);
            case NE -> !(zm.compareMinTo(values[0]) == 0 && zm.compareMaxTo(values[0]) == 0);
            case LT -> zm.compareMinTo(values[0]) < 0;
            case LE -> zm.compareMinTo(values[0]) <= 0;
            case GT -> zm.compareMaxTo(values[0]) > 0;
            case GE -> zm.compareMaxTo(values[0]) >= 0;
            case IN -> {
                for (Object v : values) {
                    if (contains(zm, v)) {
                        yield true;
                    }
                }
                yield false;
            }
            case BETWEEN -> zm.compareMaxTo(values[0]) >= 0 && zm.compareMinTo(values[1]) <= 0;
            case IS_NULL, IS_NOT_NULL -> throw new AssertionError(op);
        };
    }

    private static boolean contains(ZoneMap zm, Object v)
    {
        return zm.compareMinTo(v) <= 0 && zm.compareMaxTo(v) >= 0;
    }

    private static Object normalize(PhysicalType type, Object v)
    {
        if (v == null) {
            throw new IllegalArgumentException("null constant in a zone map predicate; use IS_NULL");
        }
        return switch (ZoneMap.Domain.of(type)) {
            case LONG -> {
                if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                    yield ((Number) v).longValue();
                }
                if (v instanceof BigInteger b) {
                    yield b.longValueExact();
                }
                throw new IllegalArgumentException(type + " predicate needs an integral constant, got " + v.getClass().getSimpleName());
            }
            case DOUBLE -> {
                if (v instanceof Number n) {
                    yield n.doubleValue();
                }
                throw new IllegalArgumentException(type + " predicate needs a numeric constant, got " + v.getClass().getSimpleName());
            }
            case INT128 -> {
                if (v instanceof BigInteger b) {
                    if (b.bitLength() > 127) {
                        throw new IllegalArgumentException("INT128 constant out of range: " + b);
                    }
                    yield b;
                }
                if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                    yield BigInteger.valueOf(((Number) v).longValue());
                }
                throw new IllegalArgumentException("INT128 predicate needs a BigInteger constant, got " + v.getClass().getSimpleName());
            }
            case BYTES -> {
                if (v instanceof byte[] b) {
                    yield b.clone();
                }
                if (v instanceof String s) {
                    yield s.getBytes(StandardCharsets.UTF_8);
                }
                throw new IllegalArgumentException("VARLEN predicate needs a byte[] or String constant, got " + v.getClass().getSimpleName());
            }
        };
    }

    @Override
    public String toString()
    {
        return "ZoneMapPredicate[" + op + " " + type + " " + Arrays.deepToString(values) + "]";
    }
}

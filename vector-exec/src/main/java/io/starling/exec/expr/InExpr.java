package io.starling.exec.expr;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;
import io.starling.storage.types.TypeKind;

import java.lang.foreign.MemorySegment;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code value [NOT] IN (literal, ...)} with SQL NULL semantics: NULL when the value is NULL, or when it
 * matches nothing and the list contains a NULL; NOT IN is the negation of that (NULL stays NULL).
 *
 * <p>List values are converted once to the value's type; a literal that the type cannot hold exactly (1.5 for
 * an INT column) can never match and is dropped. Integer-like values search a sorted long array, doubles a
 * sorted double array, strings compare bytes in place; other types compare boxed values.
 */
public final class InExpr implements Expression
{
    private final Expression value;
    private final List<Literal> list;
    private final boolean negated;
    private final boolean listHasNull;
    private final long[] longKeys;
    private final double[] doubleKeys;
    private final MemorySegment[] stringKeys;
    private final Object[] keys;

    public InExpr(Expression value, List<Literal> list, boolean negated)
    {
        this.value = value;
        this.list = List.copyOf(list);
        this.negated = negated;
        DataType vt = value.type();
        boolean hasNull = false;
        List<Object> converted = new ArrayList<>();
        for (Literal l : list) {
            if (l.isNull()) {
                hasNull = true;
                continue;
            }
            Object k = exactKey(l.value(), l.type(), vt);
            if (k != null) {
                converted.add(k);
            }
        }
        this.listHasNull = hasNull;
        this.keys = converted.toArray();
        PhysicalType pt = vt.physical();
        boolean longLike = vt.kind() != TypeKind.FLOAT && vt.kind() != TypeKind.DOUBLE && vt.kind() != TypeKind.NULL
                && (pt == PhysicalType.BYTE || pt == PhysicalType.SHORT || pt == PhysicalType.INT || pt == PhysicalType.LONG);
        if (longLike) {
            longKeys = converted.stream().mapToLong(o -> o instanceof Boolean b ? (b ? 1 : 0) : ((Number) o).longValue())
                    .sorted().toArray();
        }
        else {
            longKeys = null;
        }
        doubleKeys = vt.kind() == TypeKind.DOUBLE || vt.kind() == TypeKind.FLOAT
                ? converted.stream().mapToDouble(o -> (Double) o).sorted().toArray() : null;
        stringKeys = vt.kind().isString()
                ? converted.stream().map(o -> MemorySegment.ofArray(((String) o).getBytes(StandardCharsets.UTF_8)))
                        .toArray(MemorySegment[]::new)
                : null;
    }

    /** The literal as a value of type {@code to} if it is exactly representable there, else null. */
    private static Object exactKey(Object v, DataType from, DataType to)
    {
        boolean exactTo = to.kind().isInteger() || to.isDecimal();
        if (exactTo && (from.kind().isNumeric() || from.kind() == TypeKind.BOOLEAN)) {
            BigDecimal bd = Values.toBigDecimal(v, from);
            try {
                BigDecimal scaled = bd.setScale(Values.scaleOf(to));
                return Casts.cast(scaled.toPlainString(), DataType.STRING, to, false);
            }
            catch (ArithmeticException inexact) {
                return null;
            }
        }
        return Casts.cast(v, from, to, false);
    }

    public Expression value()
    {
        return value;
    }

    public List<Literal> list()
    {
        return list;
    }

    public boolean negated()
    {
        return negated;
    }

    @Override
    public DataType type()
    {
        return DataType.BOOLEAN;
    }

    @Override
    public ColumnVector evaluate(ColumnBatch batch, MemoryContext ctx)
    {
        try (Operand v = Operand.of(value, batch, ctx)) {
            ColumnVector out = Vectors.allocate(DataType.BOOLEAN, batch, ctx);
            int size = batch.size();
            byte onMatch = (byte) (negated ? 0 : 1);
            for (int i = 0; i < size; i++) {
                int p = batch.position(i);
                if (v.isNull(p)) {
                    out.setNull(p, true);
                    continue;
                }
                if (matches(v, p)) {
                    out.setByte(p, onMatch);
                }
                else if (listHasNull) {
                    out.setNull(p, true);
                }
                else {
                    out.setByte(p, (byte) (1 - onMatch));
                }
            }
            return out;
        }
    }

    private boolean matches(Operand v, int p)
    {
        if (longKeys != null) {
            long x = v.vector == null ? toLong(v.constant) : v.vector.getLongValue(p);
            return Arrays.binarySearch(longKeys, x) >= 0;
        }
        if (doubleKeys != null) {
            double x = v.vector == null ? (Double) v.constant
                    : v.vector.physical() == PhysicalType.FLOAT ? v.vector.getFloat(p) : v.vector.getDouble(p);
            for (double k : doubleKeys) {
                if (k == x) {
                    return true;
                }
            }
            return false;
        }
        if (stringKeys != null && v.vector != null) {
            MemorySegment bytes = v.vector.bytes();
            long start = v.vector.getOffset(p);
            long len = v.vector.getLength(p);
            for (MemorySegment k : stringKeys) {
                if (k.byteSize() == len && MemorySegment.mismatch(bytes, start, start + len, k, 0, len) < 0) {
                    return true;
                }
            }
            return false;
        }
        Object x = v.value(p);
        for (Object k : keys) {
            if (Values.compare(x, value.type(), k, value.type()) == 0) {
                return true;
            }
        }
        return false;
    }

    private static long toLong(Object c)
    {
        return c instanceof Boolean b ? (b ? 1 : 0) : ((Number) c).longValue();
    }

    @Override
    public String toString()
    {
        return "(" + value + (negated ? " NOT IN " : " IN ") + list + ")";
    }
}

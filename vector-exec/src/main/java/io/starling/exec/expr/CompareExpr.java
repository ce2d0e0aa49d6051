package io.starling.exec.expr;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;
import io.starling.storage.types.TypeKind;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * A binary comparison producing BOOLEAN. Both sides must be of one type family (the planner inserts casts
 * between families): integers of any width, DECIMALs of any scale (compared by value), DATE with DATETIME
 * (a date is its midnight), FLOAT/DOUBLE with any numeric, strings byte-wise (UTF-8 binary order; CHAR is
 * VARCHAR). NULL on either side gives NULL, except for {@code <=>} which is never NULL.
 *
 * <p>Hot cases (BIGINT/DATETIME/DECIMAL64 of equal scale, INT/DATE, DOUBLE; column-column or column-constant)
 * run dense loops from {@link CompareLoops} over every physical row, then AND the validity bitmaps.
 */
public final class CompareExpr implements Expression
{
    /** Comparison operator. */
    public enum Op
    {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="),
        /** Null-safe equality {@code <=>}: NULL <=> NULL is true, NULL <=> x is false. */
        EQ_FOR_NULL("<=>");

        private final String sql;

        Op(String sql)
        {
            this.sql = sql;
        }

        /** The operator with its operands swapped ({@code c < x} is {@code x > c}). */
        public Op flip()
        {
            return switch (this) {
                case LT -> GT;
                case LE -> GE;
                case GT -> LT;
                case GE -> LE;
                default -> this;
            };
        }

        public String sql()
        {
            return sql;
        }
    }

    private final Op op;
    private final Expression left;
    private final Expression right;

    public CompareExpr(Op op, Expression left, Expression right)
    {
        this.op = op;
        this.left = left;
        this.right = right;
        checkFamilies(left.type(), right.type());
    }

    private static void checkFamilies(DataType a, DataType b)
    {
        if (family(a) != family(b) && a.kind() != TypeKind.NULL && b.kind() != TypeKind.NULL) {
            throw new ExpressionException("Cannot compare " + a + " with " + b + ": cast one side first");
        }
    }

    /** 0 exact numeric, 1 floating (compares with any numeric), 2 temporal, 3 string, 4 boolean. */
    private static int family(DataType t)
    {
        TypeKind k = t.kind();
        if (k.isInteger() || k == TypeKind.DECIMAL || k == TypeKind.FLOAT || k == TypeKind.DOUBLE) {
            return 0;
        }
        if (k.isTemporal()) {
            return 2;
        }
        if (k.isString()) {
            return 3;
        }
        return 4;
    }

    public Op op()
    {
        return op;
    }

    public Expression left()
    {
        return left;
    }

    public Expression right()
    {
        return right;
    }

    @Override
    public DataType type()
    {
        return DataType.BOOLEAN;
    }

    @Override
    public ColumnVector evaluate(ColumnBatch batch, MemoryContext ctx)
    {
        try (Operand a = Operand.of(left, batch, ctx); Operand b = Operand.of(right, batch, ctx)) {
            ColumnVector out = Vectors.allocate(DataType.BOOLEAN, batch, ctx);
            try {
                if (op == Op.EQ_FOR_NULL) {
                    Vectors.evaluateRows(batch, out, p -> {
                        boolean an = a.isNull(p);
                        boolean bn = b.isNull(p);
                        if (an || bn) {
                            return an && bn;
                        }
                        return Values.compare(a.value(p), a.type, b.value(p), b.type) == 0;
                    });
                    return out;
                }
                if (a.isNullConstant() || b.isNullConstant()) {
                    Vectors.allNull(out, batch.rowCount());
                    return out;
                }
                if (!denseFastPath(a, b, batch.rowCount(), out)) {
                    rowPath(a, b, batch, out);
                }
                Vectors.andValidity(out, batch.rowCount(), a.validitySource(), b.validitySource());
                return out;
            }
            catch (RuntimeException e) {
                out.close();
                throw e;
            }
        }
    }

    /** True when both sides read as plain longs with the same unit (same decimal scale, same temporal kind). */
    private static boolean sameLongUnit(DataType x, DataType y)
    {
        if (!longReadable(x) || !longReadable(y)) {
            return false;
        }
        if (x.kind().isTemporal() || y.kind().isTemporal()) {
            return x.kind() == y.kind();
        }
        return Values.scaleOf(x) == Values.scaleOf(y);
    }

    private static boolean longReadable(DataType t)
    {
        PhysicalType p = t.physical();
        return t.kind() != TypeKind.FLOAT && t.kind() != TypeKind.DOUBLE && t.kind() != TypeKind.NULL
                && (p == PhysicalType.BYTE || p == PhysicalType.SHORT || p == PhysicalType.INT || p == PhysicalType.LONG);
    }

    private static boolean isFloating(DataType t)
    {
        return t.kind() == TypeKind.DOUBLE || t.kind() == TypeKind.FLOAT;
    }

    private boolean denseFastPath(Operand a, Operand b, int n, ColumnVector out)
    {
        MemorySegment o = out.data();
        if (a.isConstant() && b.isConstant()) {
            return false;
        }
        Operand col = a.isConstant() ? b : a;
        Operand other = a.isConstant() ? a : b;
        Op o2 = a.isConstant() ? op.flip() : op;
        PhysicalType cp = col.vector.physical();
        if (sameLongUnit(a.type, b.type)) {
            if (other.isConstant()) {
                long c = ((Number) other.constant).longValue();
                if (cp == PhysicalType.LONG) {
                    CompareLoops.longConst(o2, col.vector.data(), c, n, o);
                    return true;
                }
                if (cp == PhysicalType.INT && c == (int) c) {
                    CompareLoops.intConst(o2, col.vector.data(), (int) c, n, o);
                    return true;
                }
                return false;
            }
            PhysicalType op2 = other.vector.physical();
            if (cp == PhysicalType.LONG && op2 == PhysicalType.LONG) {
                CompareLoops.longs(op, a.vector.data(), b.vector.data(), n, o);
                return true;
            }
            if (cp == PhysicalType.INT && op2 == PhysicalType.INT) {
                CompareLoops.ints(op, a.vector.data(), b.vector.data(), n, o);
                return true;
            }
            return false;
        }
        if (a.type.kind() == TypeKind.DOUBLE && b.type.kind() == TypeKind.DOUBLE) {
            if (other.isConstant()) {
                CompareLoops.doubleConst(o2, col.vector.data(), (Double) other.constant, n, o);
            }
            else {
                CompareLoops.doubles(op, a.vector.data(), b.vector.data(), n, o);
            }
            return true;
        }
        return false;
    }

    /** Per selected row, without boxing except for 128-bit and mixed-scale overflow cases. */
    private void rowPath(Operand a, Operand b, ColumnBatch batch, ColumnVector out)
    {
        int size = batch.size();
        if (a.type.kind().isString() && b.type.kind().isString()) {
            compareStrings(a, b, batch, out);
            return;
        }
        if (isFloating(a.type) || isFloating(b.type)) {
            for (int i = 0; i < size; i++) {
                int p = batch.position(i);
                if (a.isNull(p) || b.isNull(p)) {
                    continue;
                }
                double x = Values.toDouble(a.value(p), a.type);
                double y = Values.toDouble(b.value(p), b.type);
                boolean r = Double.isNaN(x) || Double.isNaN(y) ? op == Op.NE : CompareLoops.test(op, x < y ? -1 : (x > y ? 1 : 0));
                out.setByte(p, (byte) (r ? 1 : 0));
            }
            return;
        }
        if (longReadable(a.type) && longReadable(b.type)) {
            long[] mult = multipliers(a.type, b.type);
            for (int i = 0; i < size; i++) {
                int p = batch.position(i);
                if (a.isNull(p) || b.isNull(p)) {
                    continue;
                }
                long x = a.vector == null ? ((Number) a.constant).longValue() : a.vector.getLongValue(p);
                long y = b.vector == null ? ((Number) b.constant).longValue() : b.vector.getLongValue(p);
                int cmp;
                long hx = Math.multiplyHigh(x, mult[0]);
                long hy = Math.multiplyHigh(y, mult[1]);
                long lx = x * mult[0];
                long ly = y * mult[1];
                if (hx == (lx >> 63) && hy == (ly >> 63)) {
                    cmp = Long.compare(lx, ly);
                }
                else {
                    cmp = BigInteger.valueOf(x).multiply(BigInteger.valueOf(mult[0]))
                            .compareTo(BigInteger.valueOf(y).multiply(BigInteger.valueOf(mult[1])));
                }
                out.setByte(p, (byte) (CompareLoops.test(op, cmp) ? 1 : 0));
            }
            return;
        }
        for (int i = 0; i < size; i++) {
            int p = batch.position(i);
            if (a.isNull(p) || b.isNull(p)) {
                continue;
            }
            out.setByte(p, (byte) (CompareLoops.test(op, Values.compare(a.value(p), a.type, b.value(p), b.type)) ? 1 : 0));
        }
    }

    /** Factors that bring both sides to a common unit: 10^(scale difference), or micros per day for DATE vs DATETIME. */
    private static long[] multipliers(DataType x, DataType y)
    {
        if (x.kind().isTemporal() && y.kind().isTemporal()) {
            return new long[] {
                    x.kind() == TypeKind.DATE && y.kind() == TypeKind.DATETIME ? DateTimes.MICROS_PER_DAY : 1,
                    y.kind() == TypeKind.DATE && x.kind() == TypeKind.DATETIME ? DateTimes.MICROS_PER_DAY : 1};
        }
        int sx = Values.scaleOf(x);
        int sy = Values.scaleOf(y);
        int s = Math.max(sx, sy);
        return new long[] {DecimalMath.POW10[s - sx], DecimalMath.POW10[s - sy]};
    }

    private void compareStrings(Operand a, Operand b, ColumnBatch batch, ColumnVector out)
    {
        MemorySegment ca = a.isConstant() ? MemorySegment.ofArray(((String) a.constant).getBytes(StandardCharsets.UTF_8)) : null;
        MemorySegment cb = b.isConstant() ? MemorySegment.ofArray(((String) b.constant).getBytes(StandardCharsets.UTF_8)) : null;
        int size = batch.size();
        for (int i = 0; i < size; i++) {
            int p = batch.position(i);
            if (a.isNull(p) || b.isNull(p)) {
                continue;
            }
            MemorySegment sa = ca != null ? ca : a.vector.bytes();
            long sa0 = ca != null ? 0 : a.vector.getOffset(p);
            long sa1 = ca != null ? ca.byteSize() : sa0 + a.vector.getLength(p);
            MemorySegment sb = cb != null ? cb : b.vector.bytes();
            long sb0 = cb != null ? 0 : b.vector.getOffset(p);
            long sb1 = cb != null ? cb.byteSize() : sb0 + b.vector.getLength(p);
            int cmp = compareBytes(sa, sa0, sa1, sb, sb0, sb1);
            out.setByte(p, (byte) (CompareLoops.test(op, cmp) ? 1 : 0));
        }
    }

    /** Unsigned byte-wise three-way comparison of two ranges. */
    static int compareBytes(MemorySegment a, long a0, long a1, MemorySegment b, long b0, long b1)
    {
        long mm = MemorySegment.mismatch(a, a0, a1, b, b0, b1);
        if (mm < 0) {
            return 0;
        }
        long la = a1 - a0;
        long lb = b1 - b0;
        if (mm == la || mm == lb) {
            return Long.compare(la, lb);
        }
        return Integer.compare(Byte.toUnsignedInt(a.get(ValueLayout.JAVA_BYTE, a0 + mm)),
                Byte.toUnsignedInt(b.get(ValueLayout.JAVA_BYTE, b0 + mm)));
    }

    @Override
    public String toString()
    {
        return "(" + left + " " + op.sql() + " " + right + ")";
    }
}

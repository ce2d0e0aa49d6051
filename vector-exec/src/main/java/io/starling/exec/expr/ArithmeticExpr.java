package io.starling.exec.expr;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;
import io.starling.storage.types.TypeKind;

import java.lang.foreign.ValueLayout;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Binary arithmetic (and unary minus) with the result type given by the planner. The result type picks the
 * domain:
 * <ul>
 *   <li>FLOAT/DOUBLE: IEEE arithmetic; {@code x / 0} and {@code x % 0} are NULL;</li>
 *   <li>TINYINT..BIGINT: 64-bit two's complement, wrapping on overflow like StarRocks; {@code DIV}/{@code %} by
 *       zero are NULL; {@code /} on an integer result type behaves as {@code DIV};</li>
 *   <li>LARGEINT: 128-bit wrapping;</li>
 *   <li>DECIMAL: exact. Operands are brought to a common scale, the product has scale s1+s2, the quotient is
 *       computed to the result scale and rounded half up; the value is then rescaled (half up) to the result
 *       scale, and a value with more digits than the result precision is NULL. Operands of at most 18 digits
 *       use checked long arithmetic and fall back to BigDecimal only on overflow.</li>
 * </ul>
 * Operands must be numeric; integers mix freely with DECIMALs (an integer is a DECIMAL of scale 0).
 */
public final class ArithmeticExpr implements Expression
{
    /** Arithmetic operator. */
    public enum Op
    {
        ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%"),
        /** Integer division {@code DIV}: truncates toward zero. */
        INT_DIV("DIV"),
        /** Unary minus; the expression's right operand is the child. */
        NEG("-");

        private final String sql;

        Op(String sql)
        {
            this.sql = sql;
        }

        public String sql()
        {
            return sql;
        }
    }

    private final Op op;
    private final Expression left;
    private final Expression right;
    private final DataType type;

    public ArithmeticExpr(Op op, Expression left, Expression right, DataType resultType)
    {
        if (op == Op.NEG) {
            throw new IllegalArgumentException("use ArithmeticExpr.negate for unary minus");
        }
        checkNumeric(left.type());
        checkNumeric(right.type());
        checkNumeric(resultType);
        this.op = op;
        this.left = left;
        this.right = right;
        this.type = resultType;
    }

    private ArithmeticExpr(Expression child, DataType resultType)
    {
        checkNumeric(child.type());
        this.op = Op.NEG;
        this.left = new Literal(child.type().kind() == TypeKind.NULL ? resultType : child.type(), zeroOf(
                child.type().kind() == TypeKind.NULL ? resultType : child.type()));
        this.right = child;
        this.type = resultType;
    }

    /** Unary minus of {@code child}. */
    public static ArithmeticExpr negate(Expression child, DataType resultType)
    {
        return new ArithmeticExpr(child, resultType);
    }

    private static Object zeroOf(DataType t)
    {
        return switch (t.physical()) {
            case INT128 -> BigInteger.ZERO;
            case FLOAT, DOUBLE -> 0.0;
            default -> 0L;
        };
    }

    private static void checkNumeric(DataType t)
    {
        if (!t.kind().isNumeric() && t.kind() != TypeKind.NULL && t.kind() != TypeKind.BOOLEAN) {
            throw new ExpressionException("Arithmetic needs numeric operands, got " + t);
        }
    }

    public Op op()
    {
        return op;
    }

    @Override
    public DataType type()
    {
        return type;
    }

    @Override
    public ColumnVector evaluate(ColumnBatch batch, MemoryContext ctx)
    {
        try (Operand a = Operand.of(left, batch, ctx); Operand b = Operand.of(right, batch, ctx)) {
            ColumnVector out = Vectors.allocate(type, batch, ctx);
            try {
                int rows = batch.rowCount();
                if (a.isNullConstant() || b.isNullConstant()) {
                    Vectors.allNull(out, rows);
                    return out;
                }
                Vectors.andValidity(out, rows, a.validitySource(), b.validitySource());
                TypeKind rk = type.kind();
                if (rk == TypeKind.DOUBLE || rk == TypeKind.FLOAT) {
                    if (!doubleFastPath(a, b, batch, out)) {
                        doubleRows(a, b, batch, out);
                    }
                }
                else if (rk == TypeKind.DECIMAL) {
                    decimalRows(a, b, batch, out);
                }
                else if (rk == TypeKind.LARGEINT || !longOperand(a.type) || !longOperand(b.type)) {
                    exactRows(a, b, batch, out);
                }
                else if (!longFastPath(a, b, rows, out)) {
                    longRows(a, b, batch, out);
                }
                return out;
            }
            catch (RuntimeException e) {
                out.close();
                throw e;
            }
        }
    }

    /** Integer (non-decimal) operand readable as a long. */
    private static boolean longOperand(DataType t)
    {
        return (t.kind().isInteger() && t.kind() != TypeKind.LARGEINT) || t.kind() == TypeKind.BOOLEAN;
    }

    private static long readLong(Operand o, int p)
    {
        if (o.vector == null) {
            Object c = o.constant;
            return c instanceof Boolean bo ? (bo ? 1 : 0) : ((Number) c).longValue();
        }
        return o.vector.getLongValue(p);
    }

    // ---- BIGINT and narrower ----

    private boolean longFastPath(Operand a, Operand b, int rows, ColumnVector out)
    {
        if (type.physical() != PhysicalType.LONG || (op != Op.ADD && op != Op.SUB && op != Op.MUL)) {
            return false;
        }
        boolean la = a.vector != null && a.vector.physical() == PhysicalType.LONG;
        boolean lb = b.vector != null && b.vector.physical() == PhysicalType.LONG;
        if (la && lb) {
            ArithmeticLoops.longs(op, a.vector.data(), b.vector.data(), rows, out.data());
            return true;
        }
        if (la && b.isConstant()) {
            ArithmeticLoops.longConst(op, a.vector.data(), readLong(b, 0), false, rows, out.data());
            return true;
        }
        if (lb && a.isConstant()) {
            ArithmeticLoops.longConst(op, b.vector.data(), readLong(a, 0), true, rows, out.data());
            return true;
        }
        return false;
    }

    private void longRows(Operand a, Operand b, ColumnBatch batch, ColumnVector out)
    {
        int size = batch.size();
        for (int i = 0; i < size; i++) {
            int p = batch.position(i);
            if (a.isNull(p) || b.isNull(p)) {
                continue;
            }
            long x = readLong(a, p);
            long y = readLong(b, p);
            long r;
            switch (op) {
                case ADD -> r = x + y;
                case SUB, NEG -> r = x - y;
                case MUL -> r = x * y;
                case DIV, INT_DIV, MOD -> {
                    if (y == 0) {
                        out.setNull(p, true);
                        continue;
                    }
                    r = op == Op.MOD ? x % y : x / y;
                }
                default -> throw new IllegalStateException(op.name());
            }
            out.setLongValue(p, r);
        }
    }

    // ---- DOUBLE ----

    private boolean doubleFastPath(Operand a, Operand b, ColumnBatch batch, ColumnVector out)
    {
        if (type.kind() != TypeKind.DOUBLE || op == Op.MOD || op == Op.INT_DIV
                || a.type.kind() != TypeKind.DOUBLE || b.type.kind() != TypeKind.DOUBLE) {
            return false;
        }
        int rows = batch.rowCount();
        if (a.vector != null && b.vector != null) {
            ArithmeticLoops.doubles(op, a.vector.data(), b.vector.data(), rows, out.data());
        }
        else if (a.vector != null) {
            ArithmeticLoops.doubleConst(op, a.vector.data(), (Double) b.constant, false, rows, out.data());
        }
        else if (b.vector != null) {
            ArithmeticLoops.doubleConst(op, b.vector.data(), (Double) a.constant, true, rows, out.data());
        }
        else {
            return false;
        }
        if (op == Op.DIV) {
            nullWhereZeroDivisor(b, batch, out);
        }
        return true;
    }

    private static void nullWhereZeroDivisor(Operand b, ColumnBatch batch, ColumnVector out)
    {
        if (b.isConstant()) {
            if ((Double) b.constant == 0) {
                Vectors.allNull(out, batch.rowCount());
            }
            return;
        }
        int size = batch.size();
        for (int i = 0; i < size; i++) {
            int p = batch.position(i);
            if (b.vector.data().getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, p) == 0) {
                out.setNull(p, true);
            }
        }
    }

    private static double readDouble(Operand o, int p)
    {
        if (o.vector == null) {
            return Values.toDouble(o.constant, o.type);
        }
        ColumnVector v = o.vector;
        return switch (v.physical()) {
            case DOUBLE -> v.getDouble(p);
            case FLOAT -> v.getFloat(p);
            case BYTE, SHORT, INT, LONG -> o.type.isDecimal()
                    ? DecimalMath.toDouble(v.getLongValue(p), o.type.scale()) : (double) v.getLongValue(p);
            default -> Values.toDouble(Values.read(v, p), o.type);
        };
    }

    private void doubleRows(Operand a, Operand b, ColumnBatch batch, ColumnVector out)
    {
        int size = batch.size();
        boolean isFloat = type.kind() == TypeKind.FLOAT;
        for (int i = 0; i < size; i++) {
            int p = batch.position(i);
            if (a.isNull(p) || b.isNull(p)) {
                continue;
            }
            double x = readDouble(a, p);
            double y = readDouble(b, p);
            double r;
            switch (op) {
                case ADD -> r = x + y;
                case SUB, NEG -> r = x - y;
                case MUL -> r = x * y;
                case DIV, MOD, INT_DIV -> {
                    if (y == 0) {
                        out.setNull(p, true);
                        continue;
                    }
                    r = op == Op.MOD ? x % y : (op == Op.DIV ? x / y : (double) (long) (x / y));
                }
                default -> throw new IllegalStateException(op.name());
            }
            if (isFloat) {
                out.setFloat(p, (float) r);
            }
            else {
                out.setDouble(p, r);
            }
        }
    }

    // ---- DECIMAL ----

    private static boolean decimal64Operand(DataType t)
    {
        return longOperand(t) || (t.isDecimal() && t.physical() == PhysicalType.LONG);
    }

    private void decimalRows(Operand a, Operand b, ColumnBatch batch, ColumnVector out)
    {
        if (!decimal64Operand(a.type) || !decimal64Operand(b.type)) {
            exactRows(a, b, batch, out);
            return;
        }
        int sx = Values.scaleOf(a.type);
        int sy = Values.scaleOf(b.type);
        int rs = type.scale();
        int rp = type.precision();
        boolean wide = type.physical() == PhysicalType.INT128;
        int size = batch.size();
        for (int i = 0; i < size; i++) {
            int p = batch.position(i);
            if (a.isNull(p) || b.isNull(p)) {
                continue;
            }
            long x = readLong(a, p);
            long y = readLong(b, p);
            long r;
            try {
                r = decimal64(x, sx, y, sy, rs);
            }
            catch (ArithmeticException overflow) {
                writeExact(out, p, computeExact(BigDecimal.valueOf(x, sx), BigDecimal.valueOf(y, sy)));
                continue;
            }
            if (r == Long.MIN_VALUE && (op == Op.DIV || op == Op.MOD || op == Op.INT_DIV) && y == 0) {
                out.setNull(p, true);
            }
            else if (!DecimalMath.fits(r, rp)) {
                out.setNull(p, true);
            }
            else if (wide) {
                out.setInt128(p, r, r >> 63);
            }
            else {
                out.setLong(p, r);
            }
        }
    }

    /**
     * One DECIMAL64 operation in checked long arithmetic, result at scale {@code rs}; returns Long.MIN_VALUE
     * for a zero divisor.
     *
     * @throws ArithmeticException when an intermediate does not fit a long (the caller retries exactly)
     */
    private long decimal64(long x, int sx, long y, int sy, int rs)
    {
        int s = Math.max(sx, sy);
        switch (op) {
            case ADD, SUB, NEG -> {
                long xs = DecimalMath.rescale(x, sx, s);
                long ys = DecimalMath.rescale(y, sy, s);
                long r = op == Op.ADD ? Math.addExact(xs, ys) : Math.subtractExact(xs, ys);
                return DecimalMath.rescale(r, s, rs);
            }
            case MUL -> {
                return DecimalMath.rescale(Math.multiplyExact(x, y), sx + sy, rs);
            }
            case DIV -> {
                if (y == 0) {
                    return Long.MIN_VALUE;
                }
                int e = rs + sy - sx;
                if (e >= 0) {
                    return DecimalMath.divideHalfUp(DecimalMath.rescale(x, 0, e), y);
                }
                return DecimalMath.divideHalfUp(x, DecimalMath.rescale(y, 0, -e));
            }
            case MOD -> {
                if (y == 0) {
                    return Long.MIN_VALUE;
                }
                long xs = DecimalMath.rescale(x, sx, s);
                long ys = DecimalMath.rescale(y, sy, s);
                return DecimalMath.rescale(xs % ys, s, rs);
            }
            case INT_DIV -> {
                if (y == 0) {
                    return Long.MIN_VALUE;
                }
                long xs = DecimalMath.rescale(x, sx, s);
                long ys = DecimalMath.rescale(y, sy, s);
                return DecimalMath.rescale(xs / ys, 0, rs);
            }
            default -> throw new IllegalStateException(op.name());
        }
    }

    // ---- exact slow path (128-bit operands, LARGEINT results, overflow retries) ----

    private void exactRows(Operand a, Operand b, ColumnBatch batch, ColumnVector out)
    {
        int size = batch.size();
        for (int i = 0; i < size; i++) {
            int p = batch.position(i);
            if (a.isNull(p) || b.isNull(p)) {
                continue;
            }
            Object x = a.value(p);
            Object y = b.value(p);
            if (x instanceof Double || y instanceof Double) {
                double r = switch (op) {
                    case ADD -> Values.toDouble(x, a.type) + Values.toDouble(y, b.type);
                    case SUB, NEG -> Values.toDouble(x, a.type) - Values.toDouble(y, b.type);
                    case MUL -> Values.toDouble(x, a.type) * Values.toDouble(y, b.type);
                    default -> Values.toDouble(x, a.type) / Values.toDouble(y, b.type);
                };
                Values.write(out, p, Casts.fromDouble(r, type));
                continue;
            }
            writeExact(out, p, computeExact(Values.toBigDecimal(x, a.type), Values.toBigDecimal(y, b.type)));
        }
    }

    /** Exact result, or null for a zero divisor. */
    private BigDecimal computeExact(BigDecimal x, BigDecimal y)
    {
        return switch (op) {
            case ADD -> x.add(y);
            case SUB, NEG -> x.subtract(y);
            case MUL -> x.multiply(y);
            case DIV -> y.signum() == 0 ? null
                    : type.isDecimal() ? x.divide(y, type.scale(), RoundingMode.HALF_UP) : x.divide(y, 0, RoundingMode.DOWN);
            case MOD -> y.signum() == 0 ? null : x.remainder(y);
            case INT_DIV -> y.signum() == 0 ? null : x.divide(y, 0, RoundingMode.DOWN);
        };
    }

    private void writeExact(ColumnVector out, int p, BigDecimal r)
    {
        if (r == null) {
            out.setNull(p, true);
            return;
        }
        Object v;
        if (type.isDecimal()) {
            v = Casts.decimalFromBigDecimal(r, type);
        }
        else if (type.kind().isInteger()) {
            // integer results wrap like two's complement, as StarRocks does for BIGINT/LARGEINT overflow
            BigInteger bi = r.setScale(0, RoundingMode.DOWN).unscaledValue();
            v = type.kind() == TypeKind.LARGEINT ? bi : (Object) bi.longValue();
        }
        else {
            v = Casts.fromBigDecimal(r, type);
        }
        Values.write(out, p, v);
    }

    @Override
    public String toString()
    {
        if (op == Op.NEG) {
            return "(-" + right + ")";
        }
        return "(" + left + " " + op.sql() + " " + right + ")";
    }
}

package io.starling.exec.expr;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;
import io.starling.storage.types.TypeKind;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Arrays;

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
                    if (!decimalFastPath(a, b, batch, out)) {
                        decimalRows(a, b, batch, out);
                    }
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

    /** Per-thread operand scratch for {@link #decimalFastPath}: one batch of unscaled values per operand. */
    private static final ThreadLocal<long[][]> DECIMAL_SCRATCH =
            ThreadLocal.withInitial(() -> new long[][] {new long[ColumnBatch.MAX_ROWS], new long[ColumnBatch.MAX_ROWS]});

    /**
     * DECIMAL {@code +}, {@code -}, {@code *} without boxing when every operand value of the batch fits a long
     * (DECIMAL64 columns, integer columns, long constants, and DECIMAL128 columns whose values happen to fit, as
     * the {@code DECIMAL128} product {@code l_extendedprice * (1 - l_discount)} always does in TPC-H): operands
     * are gathered once into {@code long[]} scratch by a loop per physical type, then combined in checked long
     * arithmetic; a product into a DECIMAL128 result is formed exactly with {@link Math#multiplyHigh} (two longs
     * multiply to at most 126 bits, so any 128-bit product of long operands is exact). Rows whose long arithmetic
     * overflows take the exact path one by one. Returns false (nothing written) when the batch does not qualify.
     */
    private boolean decimalFastPath(Operand a, Operand b, ColumnBatch batch, ColumnVector out)
    {
        if (op != Op.ADD && op != Op.SUB && op != Op.MUL && op != Op.NEG) {
            return false;
        }
        int size = batch.size();
        if (size > ColumnBatch.MAX_ROWS) {
            return false;
        }
        long[][] scratch = DECIMAL_SCRATCH.get();
        long[] xs = scratch[0];
        long[] ys = scratch[1];
        if (!gatherLongs(a, batch, size, xs) || !gatherLongs(b, batch, size, ys)) {
            return false;
        }
        int sx = Values.scaleOf(a.type);
        int sy = Values.scaleOf(b.type);
        int rs = type.scale();
        int rp = type.precision();
        boolean wide = type.physical() == PhysicalType.INT128;
        boolean nulls = (a.vector != null && a.vector.hasNulls()) || (b.vector != null && b.vector.hasNulls());
        MemorySegment data = out.data();
        if (wide && op == Op.MUL && rs == sx + sy && !nulls) {
            // The common DECIMAL128 product: no rescale, exact 128-bit result; only a result precision below 38
            // needs the range check (|x * y| < 2^126 < 10^38).
            for (int i = 0; i < size; i++) {
                int p = batch.position(i);
                long x = xs[i];
                long y = ys[i];
                long lo = x * y;
                long hi = Math.multiplyHigh(x, y);
                if (rp < 38 && !(hi == lo >> 63 && DecimalMath.fits(lo, rp))) {
                    writeExact(out, p, computeExact(BigDecimal.valueOf(x, sx), BigDecimal.valueOf(y, sy)));
                    continue;
                }
                data.set(ValueLayout.JAVA_LONG_UNALIGNED, 16L * p, lo);
                data.set(ValueLayout.JAVA_LONG_UNALIGNED, 16L * p + 8, hi);
            }
            return true;
        }
        if (!wide && !nulls && provablyFits(a.type, b.type)) {
            // e.g. 1 - l_discount, l_extendedprice * l_discount into DECIMAL64: the declared precisions bound every
            // result below 10^rp <= 10^18, so plain long arithmetic cannot overflow and needs no range check.
            long mx = DecimalMath.rescale(1, 0, op == Op.MUL ? 0 : Math.max(sx, sy) - sx);
            long my = DecimalMath.rescale(1, 0, op == Op.MUL ? 0 : Math.max(sx, sy) - sy);
            for (int i = 0; i < size; i++) {
                long x = xs[i] * mx;
                long y = ys[i] * my;
                long r = switch (op) {
                    case ADD -> x + y;
                    case MUL -> x * y;
                    default -> x - y;
                };
                data.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, batch.position(i), r);
            }
            return true;
        }
        for (int i = 0; i < size; i++) {
            int p = batch.position(i);
            if (nulls && (a.isNull(p) || b.isNull(p))) {
                continue;
            }
            long x = xs[i];
            long y = ys[i];
            long r;
            try {
                r = decimal64(x, sx, y, sy, rs);
            }
            catch (ArithmeticException overflow) {
                writeExact(out, p, computeExact(BigDecimal.valueOf(x, sx), BigDecimal.valueOf(y, sy)));
                continue;
            }
            if (!DecimalMath.fits(r, rp)) {
                out.setNull(p, true);
            }
            else if (wide) {
                data.set(ValueLayout.JAVA_LONG_UNALIGNED, 16L * p, r);
                data.set(ValueLayout.JAVA_LONG_UNALIGNED, 16L * p + 8, r >> 63);
            }
            else {
                data.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, p, r);
            }
        }
        return true;
    }

    /**
     * True when the operand types alone guarantee that {@code +}, {@code -} or {@code *} lands exactly at the result
     * scale (no rounding) and within the result precision, which is at most 18 digits.
     */
    private boolean provablyFits(DataType x, DataType y)
    {
        int rp = type.precision();
        int rs = type.scale();
        int sx = Values.scaleOf(x);
        int sy = Values.scaleOf(y);
        int px = digits(x);
        int py = digits(y);
        if (rp > 18 || px < 0 || py < 0) {
            return false;
        }
        if (op == Op.MUL) {
            return rs == sx + sy && px + py <= rp;
        }
        int s = Math.max(sx, sy);
        return rs == s && Math.max(px - sx, py - sy) + 1 + s <= rp;
    }

    /** Decimal digits an operand type can hold (precision for DECIMAL), -1 when unknown. */
    private static int digits(DataType t)
    {
        return switch (t.kind()) {
            case DECIMAL -> t.precision();
            case BOOLEAN -> 1;
            case TINYINT -> 3;
            case SMALLINT -> 5;
            case INT -> 10;
            default -> -1;
        };
    }

    /**
     * Unscaled values of the batch's rows {@code position(0..size)} into {@code dst[0..size)}; false when the
     * operand is not integral/DECIMAL or a DECIMAL128/LARGEINT value does not fit a long. Null rows hold garbage.
     */
    private static boolean gatherLongs(Operand o, ColumnBatch batch, int size, long[] dst)
    {
        if (o.vector == null) {
            long c;
            if (o.constant instanceof Long l) {
                c = l;
            }
            else if (o.constant instanceof Boolean bo) {
                c = bo ? 1 : 0;
            }
            else if (o.constant instanceof Integer n) {
                c = n;
            }
            else if (o.constant instanceof BigInteger bi && bi.bitLength() < 64) {
                c = bi.longValue();
            }
            else {
                return false;
            }
            Arrays.fill(dst, 0, size, c);
            return true;
        }
        DataType t = o.type;
        if (!t.isDecimal() && !(t.kind().isInteger() || t.kind() == TypeKind.BOOLEAN)) {
            return false;
        }
        ColumnVector v = o.vector;
        MemorySegment d = v.data();
        boolean dense = batch.selection() == null;
        switch (v.physical()) {
            case LONG -> {
                if (dense) {
                    MemorySegment.copy(d, ValueLayout.JAVA_LONG_UNALIGNED, 0, dst, 0, size);
                }
                else {
                    for (int i = 0; i < size; i++) {
                        dst[i] = d.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, batch.position(i));
                    }
                }
            }
            case INT -> {
                for (int i = 0; i < size; i++) {
                    dst[i] = d.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, batch.position(i));
                }
            }
            case INT128 -> {
                boolean nulls = v.hasNulls();
                for (int i = 0; i < size; i++) {
                    int p = batch.position(i);
                    long lo = d.get(ValueLayout.JAVA_LONG_UNALIGNED, 16L * p);
                    long hi = d.get(ValueLayout.JAVA_LONG_UNALIGNED, 16L * p + 8);
                    if (hi != lo >> 63 && !(nulls && v.isNull(p))) {
                        return false;
                    }
                    dst[i] = lo;
                }
            }
            case SHORT, BYTE -> {
                for (int i = 0; i < size; i++) {
                    dst[i] = v.getLongValue(batch.position(i));
                }
            }
            default -> {
                return false;
            }
        }
        return true;
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

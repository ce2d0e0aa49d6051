package io.starling.exec.expr;

import io.starling.storage.types.DataType;
import io.starling.storage.types.TypeKind;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Value-level conversions between every pair of {@link TypeKind}s, with StarRocks' rules:
 * <ul>
 *   <li>numeric to integer truncates toward zero; out of range is invalid;</li>
 *   <li>to DECIMAL rounds half up to the target scale; more digits than the precision is invalid;</li>
 *   <li>DATE/DATETIME to numbers give YYYYMMDD / YYYYMMDDHHMMSS, and integers in that shape convert back;</li>
 *   <li>strings parse as in {@link ValueParser} (spaces trimmed); anything to string formats as in
 *       {@link ValueFormatter};</li>
 *   <li>an invalid conversion is NULL, or an {@link ExpressionException} naming the value and target when strict.</li>
 * </ul>
 */
public final class Casts
{
    private Casts()
    {
    }

    /** Converts {@code value} (domain of {@code from}) to the domain of {@code to}. */
    public static Object cast(Object value, DataType from, DataType to, boolean strict)
    {
        if (value == null) {
            return null;
        }
        Object r = convert(value, from, to);
        if (r == null) {
            if (strict) {
                throw new ExpressionException("Cannot cast '" + ValueFormatter.formatValue(value, from) + "' from "
                        + from + " to " + to);
            }
            return null;
        }
        return r;
    }

    /** Null when the conversion is invalid. */
    private static Object convert(Object v, DataType from, DataType to)
    {
        TypeKind fk = from.kind();
        TypeKind tk = to.kind();
        if (from.equals(to) || (fk.isString() && tk.isString())) {
            return v;
        }
        if (fk.isString()) {
            Object r = ValueParser.parseOrInvalid((String) v, to);
            return r == ValueParser.INVALID ? null : r;
        }
        return switch (tk) {
            case NULL -> null;
            case BOOLEAN -> toBoolean(v, from);
            case TINYINT, SMALLINT, INT, BIGINT -> toInteger(v, from, tk);
            case LARGEINT -> toLargeInt(v, from);
            case FLOAT -> {
                Double d = toDouble(v, from);
                yield d == null ? null : (Object) (double) d.floatValue();
            }
            case DOUBLE -> toDouble(v, from);
            case DECIMAL -> toDecimal(v, from, to);
            case DATE -> toDate(v, from);
            case DATETIME -> toDateTime(v, from);
            case CHAR, VARCHAR -> ValueFormatter.formatValue(v, from);
            // only a value of the same sketch kind converts (handled above); StarRocks has no casts into them
            case HLL, BITMAP -> null;
        };
    }

    static boolean integerInRange(long v, TypeKind k)
    {
        return switch (k) {
            case TINYINT -> v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE;
            case SMALLINT -> v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
            case INT -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
            default -> true;
        };
    }

    private static Object toBoolean(Object v, DataType from)
    {
        return switch (v) {
            case Boolean b -> b;
            case Long l -> l != 0;
            case BigInteger b -> b.signum() != 0;
            case Double d -> d != 0;
            default -> null;
        };
    }

    /** Exact integral part of a numeric or temporal value, or null. */
    private static BigInteger integral(Object v, DataType from)
    {
        TypeKind fk = from.kind();
        if (fk == TypeKind.DATE) {
            int c = DateTimes.civil((Long) v);
            return BigInteger.valueOf(DateTimes.year(c) * 10000L + DateTimes.month(c) * 100L + DateTimes.day(c));
        }
        if (fk == TypeKind.DATETIME) {
            long micros = (Long) v;
            int c = DateTimes.civil(DateTimes.daysOfMicros(micros));
            long tod = DateTimes.microsOfDay(micros);
            long ymd = DateTimes.year(c) * 10000L + DateTimes.month(c) * 100L + DateTimes.day(c);
            long hms = tod / DateTimes.MICROS_PER_HOUR * 10000 + tod / DateTimes.MICROS_PER_MINUTE % 60 * 100
                    + tod / DateTimes.MICROS_PER_SECOND % 60;
            return BigInteger.valueOf(ymd * 1_000_000L + hms);
        }
        return switch (v) {
            case Boolean b -> b ? BigInteger.ONE : BigInteger.ZERO;
            case Long l -> from.isDecimal() ? BigInteger.valueOf(l / DecimalMath.POW10[from.scale()]) : BigInteger.valueOf(l);
            case BigInteger b -> from.isDecimal() ? b.divide(DecimalMath.BIG_POW10[from.scale()]) : b;
            case Double d -> Double.isFinite(d) ? new BigDecimal(d).toBigInteger() : null;
            default -> null;
        };
    }

    private static Object toInteger(Object v, DataType from, TypeKind tk)
    {
        if (v instanceof Long l && !from.isDecimal() && !from.kind().isTemporal()) {
            return integerInRange(l, tk) ? l : null;
        }
        BigInteger b = integral(v, from);
        if (b == null || !DecimalMath.fitsLong(b)) {
            return null;
        }
        long l = b.longValue();
        return integerInRange(l, tk) ? (Object) l : null;
    }

    private static Object toLargeInt(Object v, DataType from)
    {
        BigInteger b = integral(v, from);
        return b != null && DecimalMath.fitsInt128(b) ? b : null;
    }

    private static Double toDouble(Object v, DataType from)
    {
        if (from.kind().isTemporal()) {
            return integral(v, from).doubleValue();
        }
        return Values.toDouble(v, from);
    }

    private static Object toDecimal(Object v, DataType from, DataType to)
    {
        if (v instanceof Long l && !from.kind().isTemporal() && to.precision() <= DataType.MAX_DECIMAL64_PRECISION) {
            int fromScale = from.isDecimal() ? from.scale() : 0;
            try {
                long r = DecimalMath.rescale(l, fromScale, to.scale());
                return DecimalMath.fits(r, to.precision()) ? (Object) r : null;
            }
            catch (ArithmeticException e) {
                return null;
            }
        }
        BigDecimal bd;
        if (from.kind().isTemporal()) {
            bd = new BigDecimal(integral(v, from));
        }
        else if (v instanceof Double d) {
            if (!Double.isFinite(d)) {
                return null;
            }
            bd = BigDecimal.valueOf(d);
        }
        else {
            bd = Values.toBigDecimal(v, from);
        }
        return decimalFromBigDecimal(bd, to);
    }

    /** A BigDecimal rounded half up into DECIMAL {@code to}'s domain, or null if it does not fit the precision. */
    static Object decimalFromBigDecimal(BigDecimal bd, DataType to)
    {
        BigInteger unscaled = bd.setScale(to.scale(), RoundingMode.HALF_UP).unscaledValue();
        if (!DecimalMath.fits(unscaled, to.precision())) {
            return null;
        }
        return to.precision() <= DataType.MAX_DECIMAL64_PRECISION ? (Object) unscaled.longValue() : unscaled;
    }

    private static Object toDate(Object v, DataType from)
    {
        if (from.kind() == TypeKind.DATETIME) {
            return DateTimes.daysOfMicros((Long) v);
        }
        Long micros = fromDigits(v, from);
        return micros == null ? null : DateTimes.daysOfMicros(micros);
    }

    private static Object toDateTime(Object v, DataType from)
    {
        if (from.kind() == TypeKind.DATE) {
            return (Long) v * DateTimes.MICROS_PER_DAY;
        }
        return fromDigits(v, from);
    }

    /** An integer in YYYYMMDD or YYYYMMDDHHMMSS shape as DATETIME micros, or null. */
    private static Long fromDigits(Object v, DataType from)
    {
        if (!from.kind().isInteger() && !from.isDecimal()) {
            return null;
        }
        BigInteger b = integral(v, from);
        if (b == null || b.signum() < 0) {
            return null;
        }
        long micros = DateTimes.parseDateTime(b.toString());
        return micros == DateTimes.INVALID ? null : micros;
    }

    /** Converts a double computed by a function to {@code to}; integer targets truncate toward zero. */
    static Object fromDouble(double d, DataType to)
    {
        return cast(d, DataType.DOUBLE, to, false);
    }

    /** Converts an exact value computed by a function to {@code to}. */
    static Object fromBigDecimal(BigDecimal bd, DataType to)
    {
        if (to.isDecimal()) {
            return decimalFromBigDecimal(bd, to);
        }
        if (to.kind() == TypeKind.DOUBLE || to.kind() == TypeKind.FLOAT) {
            return cast(bd.doubleValue(), DataType.DOUBLE, to, false);
        }
        BigInteger i = bd.setScale(0, RoundingMode.DOWN).unscaledValue();
        if (to.kind() == TypeKind.LARGEINT) {
            return DecimalMath.fitsInt128(i) ? i : null;
        }
        if (to.kind().isInteger()) {
            return DecimalMath.fitsLong(i) && integerInRange(i.longValue(), to.kind()) ? (Object) i.longValue() : null;
        }
        return cast(bd.toPlainString(), DataType.STRING, to, false);
    }
}

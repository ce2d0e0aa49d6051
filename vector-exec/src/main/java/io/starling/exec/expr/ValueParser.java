package io.starling.exec.expr;

import io.starling.storage.types.DataType;
import io.starling.storage.types.TypeKind;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Text to value-domain conversion, used by INSERT/Stream Load conversions (strict: {@link #parse}) and by
 * string casts (lenient: {@link #parseOrInvalid}). Surrounding spaces are ignored.
 *
 * <p>Accepted text: integers {@code [+-]digits}; FLOAT/DOUBLE and DECIMAL {@code [+-](d+[.d*]|.d+)[e[+-]d+]}
 * (DECIMAL rounds half up to its scale and must fit its precision); BOOLEAN {@code true/false/1/0} in any case;
 * DATE and DATETIME as in {@link DateTimes#parseDateTime}; CHAR/VARCHAR any text whose UTF-8 length fits the
 * declared length (strict only: casts never truncate or reject strings).
 */
public final class ValueParser
{
    /** Marker for text that is not a valid value of the type. */
    static final Object INVALID = new Object();

    private static final BigInteger LARGEINT_MIN = DecimalMath.INT128_MIN;
    private static final BigInteger LARGEINT_MAX = DecimalMath.INT128_MAX;

    private ValueParser()
    {
    }

    /**
     * Strict parse.
     *
     * @throws ExpressionException naming the value and the type when the text is not a valid value
     */
    public static Object parse(String text, DataType type)
    {
        if (text == null) {
            return null;
        }
        Object v = parseOrInvalid(text, type);
        if (v == INVALID) {
            throw new ExpressionException("Invalid value '" + text + "' for type " + type);
        }
        if (type.kind().isString() && type.length() > 0
                && ((String) v).getBytes(StandardCharsets.UTF_8).length > type.length()) {
            throw new ExpressionException("Value '" + text + "' is too long for type " + type);
        }
        return v;
    }

    /** Lenient parse: null when the text is not a valid value. */
    public static Object parseOrNull(String text, DataType type)
    {
        if (text == null) {
            return null;
        }
        Object v = parseOrInvalid(text, type);
        return v == INVALID ? null : v;
    }

    static Object parseOrInvalid(String text, DataType type)
    {
        TypeKind k = type.kind();
        if (k.isString()) {
            return text;
        }
        String t = text.strip();
        return switch (k) {
            case NULL -> INVALID;
            case BOOLEAN -> parseBoolean(t);
            case TINYINT, SMALLINT, INT, BIGINT -> {
                BigInteger b = parseInteger(t);
                if (b == null || !DecimalMath.fitsLong(b)) {
                    yield INVALID;
                }
                long v = b.longValue();
                yield Casts.integerInRange(v, k) ? (Object) v : INVALID;
            }
            case LARGEINT -> {
                BigInteger b = parseInteger(t);
                yield b == null || b.compareTo(LARGEINT_MIN) < 0 || b.compareTo(LARGEINT_MAX) > 0 ? INVALID : b;
            }
            case FLOAT, DOUBLE -> {
                if (!isDecimalNumber(t)) {
                    yield INVALID;
                }
                double d = Double.parseDouble(t);
                yield k == TypeKind.FLOAT ? (Object) (double) (float) d : (Object) d;
            }
            case DECIMAL -> {
                if (!isDecimalNumber(t)) {
                    yield INVALID;
                }
                Object v = Casts.decimalFromBigDecimal(new BigDecimal(t), type);
                yield v == null ? INVALID : v;
            }
            case DATE -> {
                long d = DateTimes.parseDate(t);
                yield d == DateTimes.INVALID ? INVALID : (Object) d;
            }
            case DATETIME -> {
                long m = DateTimes.parseDateTime(t);
                yield m == DateTimes.INVALID ? INVALID : (Object) m;
            }
            case CHAR, VARCHAR -> text;
            // text never becomes a sketch: loads build them with to_bitmap / bitmap_from_string / hll_hash
            case HLL, BITMAP -> INVALID;
        };
    }

    private static Object parseBoolean(String t)
    {
        if (t.equalsIgnoreCase("true") || t.equals("1")) {
            return Boolean.TRUE;
        }
        if (t.equalsIgnoreCase("false") || t.equals("0")) {
            return Boolean.FALSE;
        }
        return INVALID;
    }

    /** {@code [+-]digits}, or null. */
    static BigInteger parseInteger(String t)
    {
        int n = t.length();
        int i = 0;
        if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
            i++;
        }
        if (i == n) {
            return null;
        }
        if (n - i <= 18) {
            long v = 0;
            for (int k = i; k < n; k++) {
                char c = t.charAt(k);
                if (c < '0' || c > '9') {
                    return null;
                }
                v = v * 10 + (c - '0');
            }
            return BigInteger.valueOf(t.charAt(0) == '-' ? -v : v);
        }
        for (int k = i; k < n; k++) {
            char c = t.charAt(k);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        return new BigInteger(t.charAt(0) == '+' ? t.substring(1) : t);
    }

    /** {@code [+-](d+[.d*]|.d+)([eE][+-]?d+)?}: what Double.parseDouble and BigDecimal both accept, minus Java's extras. */
    static boolean isDecimalNumber(String t)
    {
        int n = t.length();
        int i = 0;
        if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && DateTimes.isDigit(t.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && t.charAt(i) == '.') {
            i++;
            while (i < n && DateTimes.isDigit(t.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
            i++;
            if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
                i++;
            }
            int exp = 0;
            while (i < n && DateTimes.isDigit(t.charAt(i))) {
                i++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return i == n;
    }
}

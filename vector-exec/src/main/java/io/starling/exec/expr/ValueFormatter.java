package io.starling.exec.expr;

import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.DataType;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Values as text, the way StarRocks sends them over the MySQL text protocol and prints them in SHOW/DESC:
 * BOOLEAN as 1/0; DECIMAL with exactly {@code scale} fraction digits ("12.30", "-0.05"); DATE 'YYYY-MM-DD';
 * DATETIME 'YYYY-MM-DD HH:MM:SS' with '.ffffff' only when the microseconds are not zero; FLOAT/DOUBLE as the
 * shortest text that round-trips, in fixed notation for decimal exponents -4..15 and otherwise as
 * {@code d.ddde+XX} (the C++ {fmt} default StarRocks uses: "0.1", "3", "1e+16", "1e-05").
 */
public final class ValueFormatter
{
    /** Decimal exponents at or above this print in scientific notation ({fmt}'s shortest-format threshold). */
    private static final int MAX_FIXED_EXPONENT = 16;
    /** Decimal exponents below this print in scientific notation (as printf %g). */
    private static final int MIN_FIXED_EXPONENT = -4;

    private ValueFormatter()
    {
    }

    /** Text of row {@code row}, or null for SQL NULL. */
    public static String format(ColumnVector v, int row)
    {
        return formatValue(Values.read(v, row), v.type());
    }

    /** Text of a value in the {@link Values} domain, or null for SQL NULL. */
    public static String formatValue(Object value, DataType type)
    {
        if (value == null) {
            return null;
        }
        return switch (type.kind()) {
            case NULL -> null;
            case BOOLEAN -> value instanceof Boolean b ? (b ? "1" : "0") : value.toString();
            case TINYINT, SMALLINT, INT, BIGINT, LARGEINT -> value.toString();
            case DECIMAL -> formatDecimal(value, type.scale());
            case FLOAT -> formatFloat((float) ((Number) value).doubleValue());
            case DOUBLE -> formatDouble(((Number) value).doubleValue());
            case DATE -> DateTimes.formatDate(((Number) value).longValue());
            case DATETIME -> DateTimes.formatDateTime(((Number) value).longValue());
            case CHAR, VARCHAR -> (String) value;
            // StarRocks' result writer sends NULL for a raw HLL or BITMAP: read them through their functions
            case HLL, BITMAP -> null;
        };
    }

    static String formatDecimal(Object unscaled, int scale)
    {
        BigInteger b = unscaled instanceof Long l ? BigInteger.valueOf(l) : (BigInteger) unscaled;
        return new BigDecimal(b, scale).toPlainString();
    }

    public static String formatDouble(double d)
    {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d) < 0 ? "-0" : "0";
        }
        return render(Double.toString(Math.abs(d)), d < 0);
    }

    public static String formatFloat(float f)
    {
        if (Float.isNaN(f)) {
            return "nan";
        }
        if (Float.isInfinite(f)) {
            return f > 0 ? "inf" : "-inf";
        }
        if (f == 0) {
            return (1 / f) < 0 ? "-0" : "0";
        }
        return render(Float.toString(Math.abs(f)), f < 0);
    }

    /** Re-renders Java's shortest round-trip text ("1.0E-5", "123.45") in {fmt} style. */
    private static String render(String java, boolean negative)
    {
        int e = java.indexOf('E');
        String mantissa = e < 0 ? java : java.substring(0, e);
        int exp = e < 0 ? 0 : Integer.parseInt(java.substring(e + 1));
        int dot = mantissa.indexOf('.');
        String intPart = dot < 0 ? mantissa : mantissa.substring(0, dot);
        String fracPart = dot < 0 ? "" : mantissa.substring(dot + 1);
        String digits = intPart + fracPart;
        // value = 0.digits * 10^(pointPos)
        int pointPos = intPart.length() + exp;
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
            lead++;
        }
        digits = digits.substring(lead);
        pointPos -= lead;
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        digits = digits.substring(0, end);
        int sciExp = pointPos - 1;
        StringBuilder sb = new StringBuilder(24);
        if (negative) {
            sb.append('-');
        }
        if (sciExp < MIN_FIXED_EXPONENT || sciExp >= MAX_FIXED_EXPONENT) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(sciExp < 0 ? '-' : '+');
            int a = Math.abs(sciExp);
            if (a < 10) {
                sb.append('0');
            }
            sb.append(a);
        }
        else if (pointPos <= 0) {
            sb.append("0.");
            for (int i = 0; i < -pointPos; i++) {
                sb.append('0');
            }
            sb.append(digits);
        }
        else if (pointPos >= digits.length()) {
            sb.append(digits);
            for (int i = digits.length(); i < pointPos; i++) {
                sb.append('0');
            }
        }
        else {
            sb.append(digits, 0, pointPos).append('.').append(digits, pointPos, digits.length());
        }
        return sb.toString();
    }
}

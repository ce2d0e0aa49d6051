package io.starling.exec.expr;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Exact arithmetic helpers for DECIMAL values held as unscaled integers (long for precision &le; 18, 128-bit
 * otherwise). Reducing a scale rounds half up (away from zero on a tie), like StarRocks casts.
 */
public final class DecimalMath
{
    /** 10^0 .. 10^18: every power that fits a long. */
    static final long[] POW10 = new long[19];
    /** 10^0 .. 10^38 (DECIMAL's maximum precision) plus 10^39..10^76 for products of two 38-digit scales. */
    static final BigInteger[] BIG_POW10 = new BigInteger[77];
    static final BigInteger INT128_MIN = BigInteger.ONE.shiftLeft(127).negate();
    static final BigInteger INT128_MAX = BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    static {
        long p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
        for (int i = 0; i < BIG_POW10.length; i++) {
            BIG_POW10[i] = BigInteger.TEN.pow(i);
        }
    }

    private DecimalMath()
    {
    }

    /** Largest unscaled magnitude of a DECIMAL with {@code precision} &le; 18 digits: 10^p - 1. */
    public static long maxUnscaled(int precision)
    {
        return POW10[precision] - 1;
    }

    public static boolean fits(long unscaled, int precision)
    {
        if (precision >= 19) {
            return true;
        }
        long max = POW10[precision] - 1;
        return unscaled <= max && unscaled >= -max;
    }

    public static boolean fits(BigInteger unscaled, int precision)
    {
        return unscaled.abs().compareTo(BIG_POW10[precision]) < 0;
    }

    /** True when the value fits a signed 128-bit integer (LARGEINT's range). */
    public static boolean fitsInt128(BigInteger v)
    {
        return v.compareTo(INT128_MIN) >= 0 && v.compareTo(INT128_MAX) <= 0;
    }

    public static boolean fitsLong(BigInteger v)
    {
        return v.compareTo(LONG_MIN) >= 0 && v.compareTo(LONG_MAX) <= 0;
    }

    /** Two's complement 128-bit value from its words. */
    public static BigInteger fromInt128(long low, long high)
    {
        if (high == (low >> 63)) {
            return BigInteger.valueOf(low);
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
            b[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return new BigInteger(b);
    }

    public static long int128Low(BigInteger v)
    {
        return v.longValue();
    }

    public static long int128High(BigInteger v)
    {
        return v.shiftRight(64).longValue();
    }

    /** Integer division rounding half away from zero; {@code b != 0}. */
    public static long divideHalfUp(long a, long b)
    {
        long q = a / b;
        long r = a % b;
        if (r != 0) {
            long absR = Math.abs(r);
            long absB = Math.abs(b);
            if (absR >= absB - absR) {
                q += ((a ^ b) < 0) ? -1 : 1;
            }
        }
        return q;
    }

    /**
     * Rescales a long unscaled value; rounds half up when the scale shrinks.
     *
     * @throws ArithmeticException when the result does not fit a long
     */
    public static long rescale(long unscaled, int fromScale, int toScale)
    {
        if (toScale == fromScale) {
            return unscaled;
        }
        if (toScale > fromScale) {
            int d = toScale - fromScale;
            if (d >= POW10.length) {
                if (unscaled == 0) {
                    return 0;
                }
                throw new ArithmeticException("long overflow");
            }
            return Math.multiplyExact(unscaled, POW10[d]);
        }
        int d = fromScale - toScale;
        if (d >= POW10.length) {
            return 0;
        }
        return divideHalfUp(unscaled, POW10[d]);
    }

    /** Rescales a big unscaled value; rounds half up when the scale shrinks. */
    public static BigInteger rescale(BigInteger unscaled, int fromScale, int toScale)
    {
        if (toScale == fromScale) {
            return unscaled;
        }
        if (toScale > fromScale) {
            return unscaled.multiply(BIG_POW10[toScale - fromScale]);
        }
        return divideHalfUp(unscaled, BIG_POW10[fromScale - toScale]);
    }

    /** BigInteger division rounding half away from zero; {@code b != 0}. */
    public static BigInteger divideHalfUp(BigInteger a, BigInteger b)
    {
        BigInteger[] qr = a.divideAndRemainder(b);
        if (qr[1].signum() != 0 && qr[1].abs().shiftLeft(1).compareTo(b.abs()) >= 0) {
            return a.signum() * b.signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0].add(BigInteger.ONE);
        }
        return qr[0];
    }

    /** {@code unscaled / 10^scale} as a double, correctly rounded when both fit the double mantissa. */
    public static double toDouble(long unscaled, int scale)
    {
        if (scale == 0) {
            return unscaled;
        }
        if (Math.abs(unscaled) < (1L << 53) && scale <= 18) {
            return unscaled / (double) POW10[scale];
        }
        return new BigDecimal(BigInteger.valueOf(unscaled), scale).doubleValue();
    }

    /** Rounds {@code value} to {@code scale} half up and returns the unscaled result. */
    public static BigInteger unscaledOf(BigDecimal value, int scale)
    {
        return value.setScale(scale, RoundingMode.HALF_UP).unscaledValue();
    }
}

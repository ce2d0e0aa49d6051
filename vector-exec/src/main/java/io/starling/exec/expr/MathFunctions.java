package io.starling.exec.expr;

import io.starling.exec.expr.FunctionRegistry.ArgKind;
import io.starling.exec.expr.FunctionRegistry.RowFunction;
import io.starling.exec.expr.FunctionRegistry.Signature;
import io.starling.storage.types.DataType;
import io.starling.storage.types.TypeKind;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * Math functions: abs, ceil/ceiling, floor, round (1 and 2 args), truncate, mod, pow/power, sqrt, ln,
 * log (ln with one argument, log(base, x) with two), log10,
 * exp, sign, pi, greatest, least. Exact arguments (integers, DECIMAL) are computed exactly and rounded half up
 * (round) or toward zero (truncate); FLOAT/DOUBLE arguments in double arithmetic. Domain errors (sqrt of a
 * negative, log of a non-positive, mod by zero) give NULL, as in StarRocks.
 */
final class MathFunctions
{
    private MathFunctions()
    {
    }

    static boolean isFloating(DataType t)
    {
        return t.kind() == TypeKind.DOUBLE || t.kind() == TypeKind.FLOAT;
    }

    /** Applies {@code exact} to exact arguments and {@code floating} to FLOAT/DOUBLE ones; converts to the result type. */
    private static FunctionRegistry.Binder unary(UnaryOperator<BigDecimal> exact, DoubleUnaryOperator floating)
    {
        return (args, ret) -> {
            DataType t = args[0];
            if (isFloating(t) || t.kind() == TypeKind.NULL) {
                return a -> Casts.fromDouble(floating.applyAsDouble(Values.toDouble(a[0], t)), ret);
            }
            return a -> Casts.fromBigDecimal(exact.apply(Values.toBigDecimal(a[0], t)), ret);
        };
    }

    /** A double function; NaN results (domain errors) become NULL. */
    private static FunctionRegistry.Binder doubleFn(DoubleUnaryOperator f)
    {
        return (args, ret) -> a -> {
            double r = f.applyAsDouble(Values.toDouble(a[0], args[0]));
            return Double.isNaN(r) ? null : Casts.fromDouble(r, ret);
        };
    }

    static void register(FunctionRegistry r)
    {
        r.register("abs", unary(BigDecimal::abs, Math::abs), ArgKind.NUMERIC);
        r.register(List.of("ceil", "ceiling", "dceil"), sig(unary(x -> x.setScale(0, RoundingMode.CEILING), Math::ceil),
                ArgKind.NUMERIC));
        r.register(List.of("floor", "dfloor"), sig(unary(x -> x.setScale(0, RoundingMode.FLOOR), Math::floor),
                ArgKind.NUMERIC));
        r.register(List.of("round", "dround"), sig(unary(x -> x.setScale(0, RoundingMode.HALF_UP),
                x -> roundDouble(x, 0, RoundingMode.HALF_UP)), ArgKind.NUMERIC));
        r.register(List.of("round", "dround"), sig(scaled(RoundingMode.HALF_UP), ArgKind.NUMERIC, ArgKind.INTEGER));
        r.register(List.of("truncate"), sig(scaled(RoundingMode.DOWN), ArgKind.NUMERIC, ArgKind.INTEGER));
        r.register(List.of("truncate"), sig(unary(x -> x.setScale(0, RoundingMode.DOWN),
                x -> roundDouble(x, 0, RoundingMode.DOWN)), ArgKind.NUMERIC));
        r.register(List.of("mod", "fmod"), sig(MathFunctions::bindMod, ArgKind.NUMERIC, ArgKind.NUMERIC));
        r.register(List.of("pow", "power", "dpow", "fpow"), sig((args, ret) -> a -> {
            double v = Math.pow(Values.toDouble(a[0], args[0]), Values.toDouble(a[1], args[1]));
            return Double.isNaN(v) ? null : Casts.fromDouble(v, ret);
        }, ArgKind.NUMERIC, ArgKind.NUMERIC));
        r.register("sqrt", doubleFn(x -> x < 0 ? Double.NaN : Math.sqrt(x)), ArgKind.NUMERIC);
        r.register(List.of("ln", "dlog1"), sig(doubleFn(x -> x <= 0 ? Double.NaN : Math.log(x)), ArgKind.NUMERIC));
        r.register(List.of("log"), sig(doubleFn(x -> x <= 0 ? Double.NaN : Math.log(x)), ArgKind.NUMERIC));
        r.register(List.of("log"), sig((args, ret) -> a -> {
            // log(base, x) = ln(x) / ln(base); base <= 0, base = 1 or x <= 0 is NULL (StarRocks)
            double base = Values.toDouble(a[0], args[0]);
            double x = Values.toDouble(a[1], args[1]);
            return base <= 0 || base == 1 || x <= 0 ? null : Casts.fromDouble(Math.log(x) / Math.log(base), ret);
        }, ArgKind.NUMERIC, ArgKind.NUMERIC));
        r.register(List.of("log10", "dlog10"), sig(doubleFn(x -> x <= 0 ? Double.NaN : Math.log10(x)), ArgKind.NUMERIC));
        r.register(List.of("log2"), sig(doubleFn(x -> x <= 0 ? Double.NaN : Math.log(x) / Math.log(2)), ArgKind.NUMERIC));
        r.register(List.of("exp", "dexp"), sig(doubleFn(Math::exp), ArgKind.NUMERIC));
        r.register("sign", (args, ret) -> a -> Casts.fromDouble(Math.signum(Values.toDouble(a[0], args[0])), ret),
                ArgKind.NUMERIC);
        r.register("pi", (args, ret) -> a -> Casts.fromDouble(Math.PI, ret));
        r.register(List.of("greatest"), new Signature(List.of(ArgKind.ANY), ArgKind.ANY, true, extreme(true)));
        r.register(List.of("least"), new Signature(List.of(ArgKind.ANY), ArgKind.ANY, true, extreme(false)));
    }

    private static Signature sig(FunctionRegistry.Binder b, ArgKind... kinds)
    {
        return new Signature(List.of(kinds), null, true, b);
    }

    static double roundDouble(double x, int digits, RoundingMode mode)
    {
        if (!Double.isFinite(x)) {
            return x;
        }
        return BigDecimal.valueOf(x).setScale(digits, mode).doubleValue();
    }

    /** round(x, d) / truncate(x, d); d may be negative (round(1250, -2) = 1300). */
    private static FunctionRegistry.Binder scaled(RoundingMode mode)
    {
        return (args, ret) -> {
            DataType t = args[0];
            DataType dt = args[1];
            if (isFloating(t)) {
                return a -> Casts.fromDouble(roundDouble(Values.toDouble(a[0], t), digits(a[1], dt), mode), ret);
            }
            return a -> Casts.fromBigDecimal(Values.toBigDecimal(a[0], t).setScale(digits(a[1], dt), mode), ret);
        };
    }

    private static int digits(Object v, DataType t)
    {
        long d = ((Number) Casts.cast(v, t, DataType.BIGINT, false)).longValue();
        return (int) Math.max(-38, Math.min(38, d));
    }

    private static RowFunction bindMod(DataType[] args, DataType ret)
    {
        DataType x = args[0];
        DataType y = args[1];
        if (isFloating(x) || isFloating(y) || isFloating(ret)) {
            return a -> {
                double d = Values.toDouble(a[1], y);
                return d == 0 ? null : Casts.fromDouble(Values.toDouble(a[0], x) % d, ret);
            };
        }
        return a -> {
            BigDecimal d = Values.toBigDecimal(a[1], y);
            return d.signum() == 0 ? null : Casts.fromBigDecimal(Values.toBigDecimal(a[0], x).remainder(d), ret);
        };
    }

    private static FunctionRegistry.Binder extreme(boolean greatest)
    {
        return (args, ret) -> a -> {
            int best = 0;
            for (int i = 1; i < a.length; i++) {
                int c = Values.compare(a[i], args[i], a[best], args[best]);
                if (greatest ? c > 0 : c < 0) {
                    best = i;
                }
            }
            return Casts.cast(a[best], args[best], ret, false);
        };
    }
}

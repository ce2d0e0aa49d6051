package io.starling.exec.expr;

import io.starling.exec.expr.FunctionRegistry.ArgKind;
import io.starling.exec.expr.FunctionRegistry.Signature;
import io.starling.storage.types.DataType;
import io.starling.storage.types.TypeKind;

import java.util.List;
import java.util.Locale;
import java.util.function.LongUnaryOperator;

/**
 * Date and time functions. Arguments may be DATE, DATETIME or strings (parsed as datetimes; unparsable gives
 * NULL). Results are produced in the call's result type: a DATE result gets the day of the computed datetime.
 * Functions that read the clock (now, curdate, unix_timestamp without arguments) take the query start time as
 * a literal argument from the FE so they stay pure; called without it they read the system clock (UTC).
 * DATETIME has no time zone: unix_timestamp/from_unixtime treat it as UTC until the session time zone is
 * passed down.
 */
final class DateFunctions
{
    private DateFunctions()
    {
    }

    private static Signature sig(FunctionRegistry.Binder b, ArgKind... kinds)
    {
        return new Signature(List.of(kinds), null, true, b);
    }

    /** A temporal argument as DATETIME micros, or null when a string does not parse. */
    static Long micros(Object v, DataType t)
    {
        if (v == null) {
            return null;
        }
        return switch (t.kind()) {
            case DATE -> (Long) v * DateTimes.MICROS_PER_DAY;
            case DATETIME -> (Long) v;
            default -> {
                long m = DateTimes.parseDateTime(v.toString());
                yield m == DateTimes.INVALID ? null : m;
            }
        };
    }

    /** Converts computed micros to the result type (DATE, DATETIME or a string), NULL when out of range. */
    static Object temporalResult(long micros, DataType ret)
    {
        if (!DateTimes.validMicros(micros)) {
            return null;
        }
        return switch (ret.kind()) {
            case DATE -> DateTimes.daysOfMicros(micros);
            case DATETIME -> micros;
            default -> Casts.cast(micros, DataType.DATETIME, ret, false);
        };
    }

    /** A field extractor: {@code f(micros)} as a number converted to the result type. */
    private static FunctionRegistry.Binder field(LongUnaryOperator f)
    {
        return (args, ret) -> a -> {
            Long m = micros(a[0], args[0]);
            return m == null ? null : Casts.cast(f.applyAsLong(m), DataType.BIGINT, ret, false);
        };
    }

    static void register(FunctionRegistry r)
    {
        r.register("year", field(m -> DateTimes.year(DateTimes.civil(DateTimes.daysOfMicros(m)))), ArgKind.TEMPORAL);
        r.register("month", field(m -> DateTimes.month(DateTimes.civil(DateTimes.daysOfMicros(m)))), ArgKind.TEMPORAL);
        r.register(List.of("day", "dayofmonth"), sig(field(m -> DateTimes.day(DateTimes.civil(DateTimes.daysOfMicros(m)))),
                ArgKind.TEMPORAL));
        r.register("quarter", field(m -> (DateTimes.month(DateTimes.civil(DateTimes.daysOfMicros(m))) + 2) / 3),
                ArgKind.TEMPORAL);
        r.register("hour", field(m -> DateTimes.microsOfDay(m) / DateTimes.MICROS_PER_HOUR), ArgKind.TEMPORAL);
        r.register("minute", field(m -> DateTimes.microsOfDay(m) / DateTimes.MICROS_PER_MINUTE % 60), ArgKind.TEMPORAL);
        r.register("second", field(m -> DateTimes.microsOfDay(m) / DateTimes.MICROS_PER_SECOND % 60), ArgKind.TEMPORAL);
        r.register("dayofweek", field(m -> DateTimes.dayOfWeek(DateTimes.daysOfMicros(m))), ArgKind.TEMPORAL);
        r.register("dayofyear", field(m -> DateTimes.dayOfYear(DateTimes.daysOfMicros(m))), ArgKind.TEMPORAL);
        r.register(List.of("weekofyear"), sig(field(m -> DateTimes.week(DateTimes.daysOfMicros(m), 3) & 0xFF),
                ArgKind.TEMPORAL));
        r.register(List.of("week"), sig(field(m -> DateTimes.week(DateTimes.daysOfMicros(m), 0) & 0xFF), ArgKind.TEMPORAL));
        r.register(List.of("week"), sig((args, ret) -> a -> {
            Long m = micros(a[0], args[0]);
            int mode = (int) StringFunctions.toLong(a[1], args[1]);
            return m == null ? null : Casts.cast((long) (DateTimes.week(DateTimes.daysOfMicros(m), mode) & 0xFF),
                    DataType.BIGINT, ret, false);
        }, ArgKind.TEMPORAL, ArgKind.INTEGER));
        r.register(List.of("to_date", "date"), sig((args, ret) -> a -> {
            Long m = micros(a[0], args[0]);
            return m == null ? null : temporalResult(DateTimes.daysOfMicros(m) * DateTimes.MICROS_PER_DAY, ret);
        }, ArgKind.TEMPORAL));
        r.register("datediff", (args, ret) -> a -> {
            Long x = micros(a[0], args[0]);
            Long y = micros(a[1], args[1]);
            return x == null || y == null ? null
                    : Casts.cast(DateTimes.daysOfMicros(x) - DateTimes.daysOfMicros(y), DataType.BIGINT, ret, false);
        }, ArgKind.TEMPORAL, ArgKind.TEMPORAL);
        registerAdd(r, List.of("date_add", "adddate", "days_add"), "DAY", 1);
        registerAdd(r, List.of("date_sub", "subdate", "days_sub"), "DAY", -1);
        registerAdd(r, List.of("months_add"), "MONTH", 1);
        registerAdd(r, List.of("months_sub"), "MONTH", -1);
        registerAdd(r, List.of("years_add"), "YEAR", 1);
        registerAdd(r, List.of("years_sub"), "YEAR", -1);
        registerAdd(r, List.of("weeks_add"), "WEEK", 1);
        registerAdd(r, List.of("weeks_sub"), "WEEK", -1);
        registerAdd(r, List.of("hours_add"), "HOUR", 1);
        registerAdd(r, List.of("hours_sub"), "HOUR", -1);
        registerAdd(r, List.of("minutes_add"), "MINUTE", 1);
        registerAdd(r, List.of("minutes_sub"), "MINUTE", -1);
        registerAdd(r, List.of("seconds_add"), "SECOND", 1);
        registerAdd(r, List.of("seconds_sub"), "SECOND", -1);
        r.register("date_trunc", (args, ret) -> a -> {
            Long m = micros(a[1], args[1]);
            return m == null ? null : temporalResult(trunc((String) a[0], m), ret);
        }, ArgKind.STRING, ArgKind.TEMPORAL);
        r.register("date_format", (args, ret) -> a -> {
            Long m = micros(a[0], args[0]);
            return m == null ? null : DateTimes.format(m, (String) a[1]);
        }, ArgKind.TEMPORAL, ArgKind.STRING);
        r.register("str_to_date", (args, ret) -> a -> {
            long m = DateTimes.parseWithFormat((String) a[0], (String) a[1]);
            return m == DateTimes.INVALID ? null : temporalResult(m, ret);
        }, ArgKind.STRING, ArgKind.STRING);
        FunctionRegistry.Binder now = (args, ret) -> a -> {
            Long m = a.length == 0 ? Long.valueOf(systemMicros()) : micros(a[0], args[0]);
            return m == null ? null : temporalResult(m, ret);
        };
        r.register(List.of("now", "current_timestamp", "localtime", "localtimestamp", "curdate", "current_date"),
                sig(now));
        r.register(List.of("now", "current_timestamp", "localtime", "localtimestamp", "curdate", "current_date"),
                sig(now, ArgKind.TEMPORAL));
        FunctionRegistry.Binder unix = (args, ret) -> a -> {
            Long m = a.length == 0 ? Long.valueOf(systemMicros()) : micros(a[0], args[0]);
            return m == null ? null : Casts.cast(Math.floorDiv(m, DateTimes.MICROS_PER_SECOND), DataType.BIGINT, ret, false);
        };
        r.register("unix_timestamp", unix);
        r.register("unix_timestamp", unix, ArgKind.TEMPORAL);
        FunctionRegistry.Binder fromUnix = (args, ret) -> a -> {
            long secs = StringFunctions.toLong(a[0], args[0]);
            if (secs < 0 || secs > Long.MAX_VALUE / DateTimes.MICROS_PER_SECOND) {
                return null;
            }
            long m = secs * DateTimes.MICROS_PER_SECOND;
            if (!DateTimes.validMicros(m)) {
                return null;
            }
            if (ret.kind() == TypeKind.DATETIME || ret.kind() == TypeKind.DATE) {
                return temporalResult(m, ret);
            }
            return a.length > 1 ? DateTimes.format(m, (String) a[1]) : DateTimes.format(m, "%Y-%m-%d %H:%i:%s");
        };
        r.register("from_unixtime", fromUnix, ArgKind.INTEGER);
        r.register("from_unixtime", fromUnix, ArgKind.INTEGER, ArgKind.STRING);
    }

    private static long systemMicros()
    {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * DateTimes.MICROS_PER_SECOND + now.getNano() / 1000;
    }

    /** date_add family: (dt, n) with the default unit, or (dt, n, 'UNIT') with the FE's unit literal. */
    private static void registerAdd(FunctionRegistry r, List<String> names, String defaultUnit, int sign)
    {
        FunctionRegistry.Binder b = (args, ret) -> a -> {
            Long m = micros(a[0], args[0]);
            if (m == null) {
                return null;
            }
            long n = StringFunctions.toLong(a[1], args[1]) * sign;
            String unit = a.length > 2 ? (String) a[2] : defaultUnit;
            Long r2 = add(m, n, unit);
            return r2 == null ? null : temporalResult(r2, ret);
        };
        r.register(names, sig(b, ArgKind.TEMPORAL, ArgKind.INTEGER));
        r.register(names, sig(b, ArgKind.TEMPORAL, ArgKind.INTEGER, ArgKind.STRING));
    }

    /** {@code micros + n units}; months and larger units clamp the day to the month's end. Null on overflow. */
    static Long add(long micros, long n, String unit)
    {
        try {
            return switch (unit.toUpperCase(Locale.ROOT)) {
                case "SECOND" -> Math.addExact(micros, Math.multiplyExact(n, DateTimes.MICROS_PER_SECOND));
                case "MINUTE" -> Math.addExact(micros, Math.multiplyExact(n, DateTimes.MICROS_PER_MINUTE));
                case "HOUR" -> Math.addExact(micros, Math.multiplyExact(n, DateTimes.MICROS_PER_HOUR));
                case "DAY" -> Math.addExact(micros, Math.multiplyExact(n, DateTimes.MICROS_PER_DAY));
                case "WEEK" -> Math.addExact(micros, Math.multiplyExact(n, 7 * DateTimes.MICROS_PER_DAY));
                case "MONTH" -> addMonths(micros, n);
                case "QUARTER" -> addMonths(micros, Math.multiplyExact(n, 3));
                case "YEAR" -> addMonths(micros, Math.multiplyExact(n, 12));
                case "MILLISECOND" -> Math.addExact(micros, Math.multiplyExact(n, 1000));
                case "MICROSECOND" -> Math.addExact(micros, n);
                default -> throw new ExpressionException("Unsupported time unit '" + unit + "' for date_add/date_sub");
            };
        }
        catch (ArithmeticException overflow) {
            return null;
        }
    }

    private static Long addMonths(long micros, long months)
    {
        if (Math.abs(months) > 12L * 20000) {
            return null;
        }
        long days = DateTimes.addMonths(DateTimes.daysOfMicros(micros), months);
        return days * DateTimes.MICROS_PER_DAY + DateTimes.microsOfDay(micros);
    }

    /** date_trunc: the start of the unit containing {@code micros}; weeks start on Monday. */
    static long trunc(String unit, long micros)
    {
        long days = DateTimes.daysOfMicros(micros);
        long tod = DateTimes.microsOfDay(micros);
        int c = DateTimes.civil(days);
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "microsecond" -> micros;
            case "millisecond" -> Math.floorDiv(micros, 1000) * 1000;
            case "second" -> Math.floorDiv(micros, DateTimes.MICROS_PER_SECOND) * DateTimes.MICROS_PER_SECOND;
            case "minute" -> Math.floorDiv(micros, DateTimes.MICROS_PER_MINUTE) * DateTimes.MICROS_PER_MINUTE;
            case "hour" -> Math.floorDiv(micros, DateTimes.MICROS_PER_HOUR) * DateTimes.MICROS_PER_HOUR;
            case "day" -> micros - tod;
            case "week" -> (days - DateTimes.weekdayMondayZero(days)) * DateTimes.MICROS_PER_DAY;
            case "month" -> DateTimes.daysFromCivil(DateTimes.year(c), DateTimes.month(c), 1) * DateTimes.MICROS_PER_DAY;
            case "quarter" -> DateTimes.daysFromCivil(DateTimes.year(c), (DateTimes.month(c) - 1) / 3 * 3 + 1, 1)
                    * DateTimes.MICROS_PER_DAY;
            case "year" -> DateTimes.daysFromCivil(DateTimes.year(c), 1, 1) * DateTimes.MICROS_PER_DAY;
            default -> throw new ExpressionException("Unsupported date_trunc unit '" + unit
                    + "': expected second, minute, hour, day, week, month, quarter or year");
        };
    }
}

package io.starling.fe.catalog;

import com.google.protobuf.ByteString;
import io.starling.rpc.proto.Literal;
import io.starling.storage.types.DataType;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Locale;

/**
 * Partition-bound values: parse the text of {@code VALUES LESS THAN ("2020-01-01")} into a {@link Literal} in the
 * column's value domain (see plan.proto), print it back, compare bounds, and compute automatic (date_trunc)
 * partition ranges and names. Only the types StarRocks allows as partition columns are supported: integers, DATE,
 * DATETIME, and (for LIST-like expression partitions later) strings.
 */
public final class LiteralValues
{
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private LiteralValues()
    {
    }

    public static Literal nullLiteral()
    {
        return Literal.newBuilder().setIsNull(true).build();
    }

    public static Literal ofLong(long v)
    {
        return Literal.newBuilder().setLongValue(v).build();
    }

    /** Whether {@code type} may be a RANGE / date_trunc partition column. */
    public static boolean isPartitionType(DataType type)
    {
        return switch (type.kind()) {
            case TINYINT, SMALLINT, INT, BIGINT, LARGEINT, DATE, DATETIME -> true;
            default -> false;
        };
    }

    /** Parses a bound given as text in the column's type; throws IllegalArgumentException naming the value. */
    public static Literal parse(DataType type, String text)
    {
        String s = text.trim();
        try {
            return switch (type.kind()) {
                case TINYINT, SMALLINT, INT, BIGINT -> ofLong(checkRange(type, Long.parseLong(s)));
                case LARGEINT -> int128(new BigInteger(s));
                case DATE -> ofLong(parseDate(s).toEpochDay());
                case DATETIME -> ofLong(toMicros(parseDateTime(s)));
                case CHAR, VARCHAR -> Literal.newBuilder().setBytesValue(ByteString.copyFromUtf8(s)).build();
                default -> throw new IllegalArgumentException("type " + type.toSql() + " cannot be a partition column");
            };
        }
        catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("Invalid partition value '" + text + "' for type " + type.toSql(), e);
        }
    }

    /** The bound as StarRocks prints it in SHOW CREATE TABLE / SHOW PARTITIONS; MIN/MAXVALUE print as the type's limits. */
    public static String format(DataType type, Literal lit, boolean upper)
    {
        if (lit == null || lit.getIsNull()) {
            return upper ? maxText(type) : minText(type);
        }
        return switch (type.kind()) {
            case DATE -> LocalDate.ofEpochDay(lit.getLongValue()).toString();
            case DATETIME -> DATETIME.format(fromMicros(lit.getLongValue()));
            case LARGEINT -> fromInt128(lit.getBytesValue().toByteArray()).toString();
            case CHAR, VARCHAR -> lit.getBytesValue().toString(StandardCharsets.UTF_8);
            default -> Long.toString(lit.getLongValue());
        };
    }

    /** Compares two bounds of the same type; null literals are not allowed here. */
    public static int compare(DataType type, Literal a, Literal b)
    {
        return switch (type.kind()) {
            case LARGEINT -> fromInt128(a.getBytesValue().toByteArray()).compareTo(fromInt128(b.getBytesValue().toByteArray()));
            case CHAR, VARCHAR -> Arrays.compareUnsigned(a.getBytesValue().toByteArray(), b.getBytesValue().toByteArray());
            default -> Long.compare(a.getLongValue(), b.getLongValue());
        };
    }

    // ---- expression (date_trunc) partitions ----

    /** Supported date_trunc units of expression partitioning. */
    public static boolean isTimeUnit(String unit)
    {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "hour", "day", "week", "month", "quarter", "year" -> true;
            default -> false;
        };
    }

    /** The start of the unit containing {@code value} (DATE: days, DATETIME: micros), in the same domain. */
    public static long truncate(DataType type, long value, String unit)
    {
        LocalDateTime t = toDateTime(type, value);
        LocalDateTime start = switch (unit.toLowerCase(Locale.ROOT)) {
            case "hour" -> t.truncatedTo(ChronoUnit.HOURS);
            case "day" -> t.truncatedTo(ChronoUnit.DAYS);
            case "week" -> t.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case "month" -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
            case "quarter" -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).withMonth(((t.getMonthValue() - 1) / 3) * 3 + 1);
            case "year" -> t.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
            default -> throw new IllegalArgumentException("unsupported date_trunc unit " + unit);
        };
        return fromDateTime(type, start);
    }

    /** The start of the next unit after {@code start}. */
    public static long next(DataType type, long start, String unit)
    {
        LocalDateTime t = toDateTime(type, start);
        LocalDateTime n = switch (unit.toLowerCase(Locale.ROOT)) {
            case "hour" -> t.plusHours(1);
            case "day" -> t.plusDays(1);
            case "week" -> t.plusWeeks(1);
            case "month" -> t.plusMonths(1);
            case "quarter" -> t.plusMonths(3);
            case "year" -> t.plusYears(1);
            default -> throw new IllegalArgumentException("unsupported date_trunc unit " + unit);
        };
        return fromDateTime(type, n);
    }

    /** StarRocks' automatic partition name: p20240101 (day), p2024010100 (hour), p202401 (month), p2024 (year). */
    public static String partitionName(DataType type, long start, String unit)
    {
        LocalDateTime t = toDateTime(type, start);
        String pattern = switch (unit.toLowerCase(Locale.ROOT)) {
            case "hour" -> "uuuuMMddHH";
            case "day", "week" -> "uuuuMMdd";
            case "month", "quarter" -> "uuuuMM";
            default -> "uuuu";
        };
        return "p" + DateTimeFormatter.ofPattern(pattern, Locale.ROOT).format(t);
    }

    // ---- helpers ----

    private static String minText(DataType type)
    {
        return switch (type.kind()) {
            case TINYINT -> Byte.toString(Byte.MIN_VALUE);
            case SMALLINT -> Short.toString(Short.MIN_VALUE);
            case INT -> Integer.toString(Integer.MIN_VALUE);
            case BIGINT -> Long.toString(Long.MIN_VALUE);
            case LARGEINT -> BigInteger.ONE.shiftLeft(127).negate().toString();
            case DATE -> "0000-01-01";
            case DATETIME -> "0000-01-01 00:00:00";
            default -> "";
        };
    }

    private static String maxText(DataType type)
    {
        return "MAXVALUE";
    }

    private static long checkRange(DataType type, long v)
    {
        long min;
        long max;
        switch (type.kind()) {
            case TINYINT -> { min = Byte.MIN_VALUE; max = Byte.MAX_VALUE; }
            case SMALLINT -> { min = Short.MIN_VALUE; max = Short.MAX_VALUE; }
            case INT -> { min = Integer.MIN_VALUE; max = Integer.MAX_VALUE; }
            default -> { return v; }
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException("Partition value " + v + " is out of range for " + type.toSql());
        }
        return v;
    }

    static LocalDate parseDate(String s)
    {
        String d = s.length() > 10 ? s.substring(0, 10) : s;
        if (d.length() == 8 && d.chars().allMatch(Character::isDigit)) {
            d = d.substring(0, 4) + "-" + d.substring(4, 6) + "-" + d.substring(6);
        }
        return LocalDate.parse(d);
    }

    static LocalDateTime parseDateTime(String s)
    {
        if (s.length() <= 10) {
            return parseDate(s).atStartOfDay();
        }
        String t = s.replace('T', ' ');
        int dot = t.indexOf('.');
        LocalDateTime base = LocalDateTime.parse(dot < 0 ? t : t.substring(0, dot), DATETIME);
        if (dot >= 0) {
            String frac = (t.substring(dot + 1) + "000000").substring(0, 6);
            base = base.plusNanos(Long.parseLong(frac) * 1000);
        }
        return base;
    }

    private static long toMicros(LocalDateTime t)
    {
        return t.toEpochSecond(ZoneOffset.UTC) * MICROS_PER_SECOND + t.getNano() / 1000;
    }

    private static LocalDateTime fromMicros(long micros)
    {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
                (int) Math.floorMod(micros, MICROS_PER_SECOND) * 1000, ZoneOffset.UTC);
    }

    private static LocalDateTime toDateTime(DataType type, long v)
    {
        return switch (type.kind()) {
            case DATE -> LocalDate.ofEpochDay(v).atStartOfDay();
            case DATETIME -> fromMicros(v);
            default -> throw new IllegalArgumentException("expression partitioning needs a DATE or DATETIME column, not " + type.toSql());
        };
    }

    private static long fromDateTime(DataType type, LocalDateTime t)
    {
        return type.kind() == io.starling.storage.types.TypeKind.DATE ? t.toLocalDate().toEpochDay() : toMicros(t);
    }

    private static Literal int128(BigInteger v)
    {
        if (v.bitLength() > 127) {
            throw new IllegalArgumentException("Partition value " + v + " is out of range for largeint");
        }
        byte[] be = v.toByteArray();
        byte[] le = new byte[16];
        byte pad = (byte) (v.signum() < 0 ? 0xFF : 0);
        Arrays.fill(le, pad);
        for (int i = 0; i < be.length && i < 16; i++) {
            le[i] = be[be.length - 1 - i];
        }
        return Literal.newBuilder().setBytesValue(ByteString.copyFrom(le)).build();
    }

    private static BigInteger fromInt128(byte[] le)
    {
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        return new BigInteger(be);
    }
}

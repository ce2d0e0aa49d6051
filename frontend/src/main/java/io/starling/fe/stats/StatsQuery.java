package io.starling.fe.stats;

import io.starling.fe.catalog.Column;
import io.starling.fe.catalog.OlapTable;
import io.starling.storage.types.DataType;
import io.starling.storage.types.TypeKind;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one aggregate query ANALYZE TABLE runs through the ordinary planner and engine, and the turning of its single
 * result row into {@link TableStatistics}. Per column: {@code count(c)} (NULLs are {@code count(*) - count(c)}),
 * {@code ndv(c)} (StarRocks' HyperLogLog {@code approx_count_distinct}), {@code min}/{@code max} where the type is
 * ordered (not BOOLEAN), and {@code sum(length(c))} for strings (average byte length = sum / non-NULL count).
 * Pure functions, unit-tested without an engine.
 */
public final class StatsQuery
{
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private StatsQuery()
    {
    }

    /** The SELECT for {@code columns} of {@code db.table} (every result value is at a fixed offset, see parse). */
    public static String sql(String db, OlapTable table, List<Column> columns)
    {
        StringBuilder sb = new StringBuilder("SELECT count(*)");
        for (Column c : columns) {
            String q = quote(c.name());
            sb.append(", count(").append(q).append("), ndv(").append(q).append(")");
            if (ordered(c.type())) {
                sb.append(", min(").append(q).append("), max(").append(q).append(")");
            }
            if (c.type().kind().isString()) {
                sb.append(", sum(length(").append(q).append("))");
            }
        }
        sb.append(" FROM ").append(quote(db)).append('.').append(quote(table.name()));
        return sb.toString();
    }

    /** Reads the single row of {@link #sql}'s result back into statistics. */
    public static TableStatistics parse(OlapTable table, List<Column> columns, List<Object> row, String type,
            List<String> analyzedColumns, Map<String, String> properties, long nowMillis)
    {
        int at = 0;
        long rows = number(row.get(at++));
        List<ColumnStatistics> out = new ArrayList<>(columns.size());
        for (Column c : columns) {
            long nonNull = number(row.get(at++));
            // HyperLogLog can overshoot slightly; more distinct values than values is impossible
            long ndv = Math.min(number(row.get(at++)), nonNull);
            Object min = null;
            Object max = null;
            if (ordered(c.type())) {
                min = row.get(at++);
                max = row.get(at++);
            }
            double avgLength = fixedWidth(c.type());
            if (c.type().kind().isString()) {
                long bytes = number(row.get(at++));
                avgLength = nonNull == 0 ? 0 : (double) bytes / nonNull;
            }
            out.add(new ColumnStatistics(c.name(), ndv, rows - nonNull, text(min), text(max), axis(min), axis(max),
                    avgLength));
        }
        return new TableStatistics(table.id(), type, analyzedColumns, rows, nowMillis, properties, out);
    }

    /** Whether min/max make sense and are recorded: every type but BOOLEAN (and the NULL type). */
    static boolean ordered(DataType t)
    {
        return t.kind() != TypeKind.BOOLEAN && t.kind() != TypeKind.NULL;
    }

    /** Bytes per value of a fixed-width type (its physical width), 0 for strings (measured instead). */
    static double fixedWidth(DataType t)
    {
        return switch (t.kind()) {
            case BOOLEAN, TINYINT -> 1;
            case SMALLINT -> 2;
            case INT, DATE, FLOAT -> 4;
            case BIGINT, DATETIME, DOUBLE -> 8;
            case LARGEINT -> 16;
            case DECIMAL -> t.precision() <= 18 ? 8 : 16;
            default -> 0;
        };
    }

    /** A value on the numeric axis {@link ColumnStatistics#minValue()} describes, or null. */
    static Double axis(Object v)
    {
        return switch (v) {
            case null -> null;
            case Number n -> n.doubleValue();
            case LocalDate d -> (double) d.toEpochDay();
            case LocalDateTime d -> (double) (d.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + d.getNano() / 1000);
            default -> null;
        };
    }

    /** A value as SQL text without quotes (what SHOW COLUMN STATS prints). */
    static String text(Object v)
    {
        return switch (v) {
            case null -> null;
            case BigDecimal b -> b.toPlainString();
            case LocalDateTime d -> d.getNano() == 0 ? DATETIME.format(d)
                    : DATETIME.format(d) + String.format(".%06d", d.getNano() / 1000);
            default -> String.valueOf(v);
        };
    }

    private static long number(Object v)
    {
        return v == null ? 0 : ((Number) v).longValue();
    }

    private static String quote(String identifier)
    {
        return "`" + identifier.replace("`", "``") + "`";
    }
}

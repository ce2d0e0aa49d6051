package io.starling.be.sink;

import io.starling.be.expr.LiteralDecoder;
import io.starling.exec.expr.Values;
import io.starling.rpc.proto.PartitionDesc;
import io.starling.rpc.proto.PartitionKind;
import io.starling.rpc.proto.PartitionSpec;
import io.starling.storage.types.DataType;
import io.starling.storage.types.TypeKind;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Finds the partition of a partition-column value for an {@link io.starling.rpc.proto.OlapTableSink}.
 *
 * <ul>
 *   <li>PARTITION_NONE: the single partition.</li>
 *   <li>PARTITION_RANGE / PARTITION_EXPR_TIME: ranges {@code [lower, upper)} with null bounds meaning MINVALUE /
 *       MAXVALUE, kept sorted by lower bound and binary-searched. A NULL value belongs to the partition whose lower
 *       bound is MINVALUE (StarRocks puts NULL in the lowest range partition).</li>
 *   <li>PARTITION_EXPR_TIME: values are first truncated to the time unit ({@link #truncate}); a value with no
 *       partition is returned as missing so the sink can ask the FE to create it and then {@link #add} it.</li>
 * </ul>
 * Not thread-safe: one router per sink operator.
 */
public final class PartitionRouter
{
    private final PartitionKind kind;
    private final DataType columnType;
    private final String timeUnit;
    private final List<Range> ranges = new ArrayList<>();

    /** A partition with its decoded bounds (null = unbounded). */
    public record Range(PartitionDesc desc, Object lower, Object upper)
    {
    }

    public PartitionRouter(PartitionSpec spec, DataType columnType)
    {
        this.kind = spec.getKind();
        this.columnType = columnType;
        this.timeUnit = spec.getTimeUnit().toLowerCase(Locale.ROOT);
        if (kind == PartitionKind.PARTITION_NONE && spec.getPartitionsCount() != 1) {
            throw new IllegalArgumentException("an unpartitioned table must have exactly one partition, got " + spec.getPartitionsCount());
        }
        if (kind == PartitionKind.PARTITION_EXPR_TIME && !columnType.kind().isTemporal()) {
            throw new IllegalArgumentException("expression partitioning needs a DATE or DATETIME column, got " + columnType);
        }
        add(spec.getPartitionsList());
    }

    public PartitionKind kind()
    {
        return kind;
    }

    /** Adds partitions (from the plan or created on load); duplicates by id are ignored. */
    public void add(List<PartitionDesc> partitions)
    {
        for (PartitionDesc p : partitions) {
            if (ranges.stream().anyMatch(r -> r.desc.getId() == p.getId())) {
                continue;
            }
            Object lower = p.hasLower() ? LiteralDecoder.decode(p.getLower(), columnType) : null;
            Object upper = p.hasUpper() ? LiteralDecoder.decode(p.getUpper(), columnType) : null;
            ranges.add(new Range(p, lower, upper));
        }
        ranges.sort(Comparator.comparing(Range::lower, (a, b) -> a == null ? (b == null ? 0 : -1) : b == null ? 1 : compare(a, b)));
    }

    /** The partition of {@code value} (boxed domain of the column type, already truncated for EXPR_TIME), or null. */
    public PartitionDesc find(Object value)
    {
        if (kind == PartitionKind.PARTITION_NONE) {
            return ranges.getFirst().desc;
        }
        if (value == null) {
            Range first = ranges.isEmpty() ? null : ranges.getFirst();
            return first != null && first.lower == null ? first.desc : null;
        }
        int lo = 0;
        int hi = ranges.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Range r = ranges.get(mid);
            if (r.lower != null && compare(value, r.lower) < 0) {
                hi = mid - 1;
            }
            else if (r.upper != null && compare(value, r.upper) >= 0) {
                lo = mid + 1;
            }
            else {
                return r.desc;
            }
        }
        return null;
    }

    /**
     * For PARTITION_EXPR_TIME: the value truncated to the partition unit (DATE days or DATETIME micros); other kinds
     * return the value unchanged.
     */
    public Object truncate(Object value)
    {
        if (kind != PartitionKind.PARTITION_EXPR_TIME || value == null) {
            return value;
        }
        return truncateTime((Long) value, columnType, timeUnit);
    }

    /** Truncates a DATE (days) or DATETIME (micros) value to day, week (Monday), month, quarter, year or hour. */
    static long truncateTime(long value, DataType type, String unit)
    {
        final long microsPerDay = 86_400_000_000L;
        final long microsPerHour = 3_600_000_000L;
        boolean isDate = type.kind() == TypeKind.DATE;
        long days = isDate ? value : Math.floorDiv(value, microsPerDay);
        if (unit.equals("hour")) {
            return isDate ? value : Math.floorDiv(value, microsPerHour) * microsPerHour;
        }
        LocalDate d = LocalDate.ofEpochDay(days);
        LocalDate t = switch (unit) {
            case "day" -> d;
            case "week" -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case "month" -> d.withDayOfMonth(1);
            case "quarter" -> d.withDayOfMonth(1).withMonth(((d.getMonthValue() - 1) / 3) * 3 + 1);
            case "year" -> d.withDayOfYear(1);
            default -> throw new IllegalArgumentException("unsupported partition time unit '" + unit + "'");
        };
        return isDate ? t.toEpochDay() : t.toEpochDay() * microsPerDay;
    }

    public List<Range> ranges()
    {
        return List.copyOf(ranges);
    }

    private int compare(Object a, Object b)
    {
        return Values.compare(a, columnType, b, columnType);
    }
}

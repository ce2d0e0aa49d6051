package io.starling.fe.stats;

import io.starling.fe.catalog.Catalog;
import io.starling.fe.catalog.Column;
import io.starling.fe.catalog.OlapTable;
import io.starling.fe.catalog.Partition;
import io.starling.fe.catalog.TableRef;
import io.starling.fe.journal.JournalEntry;
import io.starling.fe.txn.TransactionState;
import io.starling.rpc.proto.Literal;
import io.starling.rpc.proto.NdvColumnStats;
import io.starling.rpc.proto.SinkResult;
import io.starling.storage.sketch.HllSketch;
import io.starling.storage.types.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Statistics collected at load: the table sink reports per column an {@link HllSketch}, min/max, NULL and
 * non-NULL counts of the rows it wrote ({@link SinkResult#getColumnStatsList()}); after the transaction is
 * published, {@link #afterCommit} folds them into the table's journaled statistics. Sketches are kept (Base64 in
 * {@link ColumnStatistics#sketch()}), so successive loads union exactly as if one load had written everything.
 * An INSERT OVERWRITE of the whole table replaces the statistics ({@link #afterOverwrite}); TRUNCATE drops them.
 *
 * <p>Statistics are folded only onto a base that describes the table: the table was empty before the load, or it
 * has statistics that are not stale. A column ANALYZE measured has no sketch; a load then combines the numbers
 * (sum for columns that were unique on both sides, else the larger), the sketch stays absent until the next
 * ANALYZE. The fold never fails a load: errors are logged and the old statistics kept.
 */
public final class LoadStatistics
{
    private static final Logger LOG = LoggerFactory.getLogger(LoadStatistics.class);
    /**
     * A column whose NDV is at least this share of its non-NULL values is treated as a key when a load must combine
     * plain numbers: its new values are assumed new (sum), anything else overlaps (max). 0.9 leaves room for the
     * sketch's error (under 1%) and for near-unique columns.
     */
    static final double UNIQUE_SHARE = 0.9;

    private LoadStatistics()
    {
    }

    /**
     * Folds a committed, published load into the statistics of {@code tableId}.
     *
     * @param rowsBefore the table's row count before the load was published
     */
    public static void afterCommit(Catalog catalog, long tableId, long rowsBefore, SinkResult result)
    {
        apply(catalog, tableId, rowsBefore, result, false);
    }

    /**
     * ANALYZE's fresh numbers keep the load sketches of {@code old} when the table did not change since (same row
     * count), so that later loads still union exactly; otherwise ANALYZE's statistics go without sketches.
     */
    public static TableStatistics keepSketches(TableStatistics fresh, TableStatistics old)
    {
        if (old == null || !old.fromLoads() || old.rowCount() != fresh.rowCount()) {
            return fresh;
        }
        List<ColumnStatistics> columns = new ArrayList<>();
        for (ColumnStatistics c : fresh.columns()) {
            ColumnStatistics o = old.column(c.name());
            columns.add(o == null || o.sketch() == null ? c : new ColumnStatistics(c.name(), c.ndv(), c.nullCount(),
                    c.min(), c.max(), c.minValue(), c.maxValue(), c.avgLength(), o.sketch()));
        }
        return new TableStatistics(fresh.tableId(), fresh.type(), fresh.analyzedColumns(), fresh.rowCount(),
                fresh.updateTimeMillis(), fresh.properties(), columns, fresh.source());
    }

    /** Row counts of the tables a transaction loads, taken before it is published. */
    public static Map<Long, Long> rowCounts(Catalog catalog, List<Long> tableIds)
    {
        Map<Long, Long> out = new HashMap<>();
        for (long id : tableIds) {
            TableRef ref = catalog.tableById(id);
            out.put(id, ref == null ? 0 : ref.table().rowCount());
        }
        return out;
    }

    /**
     * Folds a committed, published transaction's load into its table's statistics. Not for INSERT OVERWRITE's load
     * into temporary partitions (those rows replace others once swapped in: {@link #afterOverwrite}).
     */
    public static void afterCommit(Catalog catalog, TransactionState txn, Map<Long, Long> rowsBefore,
            SinkResult result)
    {
        if (txn.tableIds().size() != 1) {
            return;   // column positions are those of one table's sink
        }
        long tableId = txn.tableIds().getFirst();
        List<Long> temp = new ArrayList<>();
        for (Partition p : catalog.tempPartitions(tableId)) {
            temp.add(p.id());
        }
        for (JournalEntry.PartitionCommit pc : txn.partitions()) {
            if (temp.contains(pc.partitionId())) {
                return;
            }
        }
        afterCommit(catalog, tableId, rowsBefore.getOrDefault(tableId, 0L), result);
    }

    /**
     * After INSERT OVERWRITE swapped its partitions in: the whole table's overwrite replaces the statistics with
     * the load's; an overwrite of some partitions unions (values of the replaced partitions cannot be subtracted, so
     * NDV may be high until the next ANALYZE).
     */
    public static void afterOverwrite(Catalog catalog, long tableId, long rowsBefore, SinkResult result,
            boolean wholeTable)
    {
        apply(catalog, tableId, rowsBefore, result, wholeTable);
    }

    private static void apply(Catalog catalog, long tableId, long rowsBefore, SinkResult result, boolean replace)
    {
        if (result.getColumnStatsCount() == 0) {
            return;
        }
        try {
            TableRef ref = catalog.tableById(tableId);
            if (ref == null) {
                return;
            }
            OlapTable table = ref.table();
            TableStatistics old = replace ? null : catalog.statistics(tableId);
            TableStatistics next = fold(table, old, replace ? 0 : rowsBefore, table.rowCount(), result,
                    System.currentTimeMillis());
            if (next != null) {
                catalog.putStatistics(next);
            }
        }
        catch (RuntimeException | IOException e) {
            LOG.warn("statistics of load into table {} not collected: {}", tableId, e.toString());
        }
    }

    /**
     * The statistics after a load: null when there is no base to fold onto (the table had rows but no statistics,
     * or stale ones). Pure, unit-tested.
     *
     * @param rowsAfter the table's row count with the load visible
     */
    static TableStatistics fold(OlapTable table, TableStatistics old, long rowsBefore, long rowsAfter,
            SinkResult result, long nowMillis) throws IOException
    {
        if (old == null ? rowsBefore > 0 : old.isStale(rowsBefore)) {
            return null;
        }
        Map<Integer, Merged> byColumn = merge(result);
        List<ColumnStatistics> columns = new ArrayList<>();
        for (int i = 0; i < table.columns().size(); i++) {
            Column col = table.columns().get(i);
            ColumnStatistics before = old == null ? null : old.column(col.name());
            Merged now = byColumn.get(i);
            if (now == null) {
                if (before != null) {
                    columns.add(before);   // not written by this load (a partial update's other columns)
                }
                continue;
            }
            if (old != null && before == null && rowsBefore > 0) {
                continue;   // an ANALYZE of other columns: nothing describes this one's earlier rows
            }
            columns.add(column(col, before, old == null ? 0 : old.rowCount(), now, rowsAfter));
        }
        String type = old == null ? "FULL" : old.type();
        List<String> analyzed = old == null ? List.of() : old.analyzedColumns();
        Map<String, String> props = old == null ? Map.of() : old.properties();
        return new TableStatistics(table.id(), type, analyzed, rowsAfter, nowMillis, props, columns,
                TableStatistics.SOURCE_LOAD);
    }

    /** One column's sketches of every sink of the load (each parallel sink reports its own), unioned. */
    private static final class Merged
    {
        HllSketch sketch;
        long nonNull;
        long nulls;
        long stringBytes;
        final List<Literal> mins = new ArrayList<>();
        final List<Literal> maxs = new ArrayList<>();
    }

    private static Map<Integer, Merged> merge(SinkResult result) throws IOException
    {
        Map<Integer, Merged> out = new HashMap<>();
        for (NdvColumnStats s : result.getColumnStatsList()) {
            HllSketch sketch = HllSketch.fromBytes(s.getSketch().toByteArray());
            Merged m = out.computeIfAbsent(s.getColumnIndex(), k -> new Merged());
            if (m.sketch == null) {
                m.sketch = sketch;
            }
            else {
                m.sketch.merge(sketch);
            }
            m.nonNull += s.getNonNull();
            m.nulls += s.getNulls();
            m.stringBytes += s.getStringBytes();
            if (s.hasMin()) {
                m.mins.add(s.getMin());
            }
            if (s.hasMax()) {
                m.maxs.add(s.getMax());
            }
        }
        return out;
    }

    /** The smallest ({@code sign} -1) or largest (+1) of the sinks' values, as engine values. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object extreme(List<Literal> literals, DataType type, int sign)
    {
        Object best = null;
        for (Literal l : literals) {
            Object v = value(l, type);
            if (v != null && (best == null || Integer.signum(((Comparable) v).compareTo(best)) == sign)) {
                best = v;
            }
        }
        return best;
    }

    private static ColumnStatistics column(Column col, ColumnStatistics before, long oldRows, Merged now,
            long rowsAfter) throws IOException
    {
        DataType type = col.type();
        Object min = extreme(now.mins, type, -1);
        Object max = extreme(now.maxs, type, 1);
        String minText = StatsQuery.text(min);
        String maxText = StatsQuery.text(max);
        Double minAxis = StatsQuery.axis(min);
        Double maxAxis = StatsQuery.axis(max);
        long nulls = now.nulls;
        long nonNull = now.nonNull;
        double bytes = type.kind().isString() ? now.stringBytes : 0;
        long ndv;
        String sketch;
        if (before == null) {
            ndv = now.sketch.estimate();
            sketch = encode(now.sketch);
        }
        else {
            long beforeNonNull = Math.max(0, oldRows - before.nullCount());
            nulls += before.nullCount();
            nonNull += beforeNonNull;
            bytes += before.avgLength() * beforeNonNull;
            if (before.sketch() != null) {
                HllSketch union = HllSketch.fromBytes(Base64.getDecoder().decode(before.sketch()));
                union.merge(now.sketch);
                ndv = union.estimate();
                sketch = encode(union);
            }
            else {
                ndv = combinedNdv(before.ndv(), beforeNonNull, now.sketch.estimate(), now.nonNull);
                sketch = null;
            }
            if (before.min() != null && (min == null || less(before.minValue(), before.min(), minAxis, minText))) {
                minText = before.min();
                minAxis = before.minValue();
            }
            if (before.max() != null && (max == null || less(maxAxis, maxText, before.maxValue(), before.max()))) {
                maxText = before.max();
                maxAxis = before.maxValue();
            }
        }
        // key-replacing tables may have replaced rows: the catalog's count bounds everything
        nulls = Math.min(nulls, rowsAfter);
        long nonNullCap = Math.min(nonNull, Math.max(0, rowsAfter - nulls));
        ndv = Math.min(ndv, nonNullCap);
        double avgLength = type.kind().isString() ? (nonNull == 0 ? 0 : bytes / nonNull) : StatsQuery.fixedWidth(type);
        return new ColumnStatistics(col.name(), ndv, nulls, minText, maxText, minAxis, maxAxis, avgLength, sketch);
    }

    /**
     * NDV of an ANALYZE'd column (a number, no sketch) plus a load's: key-like on both sides adds up, otherwise the
     * values overlap and the larger count stands.
     */
    static long combinedNdv(long beforeNdv, long beforeNonNull, long loadNdv, long loadNonNull)
    {
        boolean uniqueBefore = beforeNonNull == 0 || beforeNdv >= UNIQUE_SHARE * beforeNonNull;
        boolean uniqueLoad = loadNonNull == 0 || loadNdv >= UNIQUE_SHARE * loadNonNull;
        return uniqueBefore && uniqueLoad ? beforeNdv + loadNdv : Math.max(beforeNdv, loadNdv);
    }

    /** a < b on the numeric axis when both have one, else by text (strings). */
    private static boolean less(Double aAxis, String aText, Double bAxis, String bText)
    {
        if (aAxis != null && bAxis != null) {
            return aAxis < bAxis;
        }
        return aText.compareTo(bText) < 0;
    }

    private static String encode(HllSketch s)
    {
        return Base64.getEncoder().encodeToString(s.toBytes());
    }

    /**
     * A sink min/max literal (physical domain) as the engine's value: what ANALYZE's min()/max() would have
     * returned, so {@link StatsQuery#text} and {@link StatsQuery#axis} print and place it alike.
     */
    static Object value(Literal lit, DataType type)
    {
        if (lit == null || lit.getIsNull() || lit.getValueCase() == Literal.ValueCase.VALUE_NOT_SET) {
            return null;
        }
        return switch (type.kind()) {
            case TINYINT, SMALLINT, INT, BIGINT -> lit.getLongValue();
            case DATE -> LocalDate.ofEpochDay(lit.getLongValue());
            case DATETIME -> {
                long micros = lit.getLongValue();
                yield LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                        (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
            }
            case DECIMAL -> lit.getValueCase() == Literal.ValueCase.LONG_VALUE
                    ? BigDecimal.valueOf(lit.getLongValue(), type.scale())
                    : new BigDecimal(int128(lit), type.scale());
            case LARGEINT -> int128(lit);
            case FLOAT -> (float) lit.getDoubleValue();
            case DOUBLE -> lit.getDoubleValue();
            case CHAR, VARCHAR -> lit.getBytesValue().toString(StandardCharsets.UTF_8);
            default -> null;
        };
    }

    /** 16 little-endian two's complement bytes (the proto's 128-bit literal form). */
    private static BigInteger int128(Literal lit)
    {
        byte[] le = lit.getBytesValue().toByteArray();
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        return new BigInteger(be);
    }
}

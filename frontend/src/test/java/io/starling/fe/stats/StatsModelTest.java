package io.starling.fe.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.starling.fe.catalog.Column;
import io.starling.fe.catalog.Distribution;
import io.starling.fe.catalog.KeysType;
import io.starling.fe.catalog.OlapTable;
import io.starling.fe.catalog.PartitionScheme;
import io.starling.fe.journal.JournalCodec;
import io.starling.fe.journal.JournalEntry;
import io.starling.storage.types.DataType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cardinality formulas, the ANALYZE query text and result parsing, staleness, merging, journal round trip. */
class StatsModelTest
{
    private static final OlapTable T = new OlapTable(42, "t", List.of(
            new Column("k", DataType.INT, false, true, null, null, null),
            new Column("s", DataType.varchar(10), true, false, null, null, null),
            new Column("d", DataType.DATE, true, false, null, null, null),
            new Column("b", DataType.BOOLEAN, true, false, null, null, null),
            new Column("m", DataType.decimal(15, 2), true, false, null, null, null),
            new Column("ts", DataType.DATETIME, true, false, null, null, null)),
            KeysType.DUP_KEYS, List.of("k"), PartitionScheme.NONE, List.of(),
            new Distribution(false, List.of("k"), 1), Map.of(), "", 0);

    @Test
    void joinAndFilterFormulas()
    {
        assertThat(CardinalityModel.joinRows(1_000_000, 1_000, 1_000_000, 1_000)).isEqualTo(1_000);
        assertThat(CardinalityModel.joinRows(10, 10, 0, 0)).isEqualTo(100);
        assertThat(CardinalityModel.cappedNdv(5_000, 100)).isEqualTo(100);
        assertThat(CardinalityModel.cappedNdv(0, 100)).isEqualTo(1);
        assertThat(CardinalityModel.equalsSelectivity(4)).isEqualTo(0.25);
        assertThat(CardinalityModel.equalsSelectivity(0)).isZero();
        // x < 25 on [0, 100]: a quarter; x > 200: nothing; a single-valued column is all or nothing
        assertThat(CardinalityModel.rangeSelectivity(0, 100, Double.NEGATIVE_INFINITY, 25)).isEqualTo(0.25);
        assertThat(CardinalityModel.rangeSelectivity(0, 100, 200, Double.POSITIVE_INFINITY)).isZero();
        assertThat(CardinalityModel.rangeSelectivity(7, 7, 0, 10)).isEqualTo(1);
        assertThat(CardinalityModel.rangeSelectivity(0, 100, 10, 30)).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void analyzeQueryAndParse()
    {
        String sql = StatsQuery.sql("db", T, T.columns());
        assertThat(sql).isEqualTo("SELECT count(*), count(`k`), ndv(`k`), min(`k`), max(`k`), "
                + "count(`s`), ndv(`s`), min(`s`), max(`s`), sum(length(`s`)), "
                + "count(`d`), ndv(`d`), min(`d`), max(`d`), count(`b`), ndv(`b`), "
                + "count(`m`), ndv(`m`), min(`m`), max(`m`), count(`ts`), ndv(`ts`), min(`ts`), max(`ts`) "
                + "FROM `db`.`t`");
        List<Object> row = Arrays.asList(10L, 10L, 11L, 1L, 10L, // k: HLL overshoot capped at the value count
                8L, 3L, "a", "ccc", 16L,
                9L, 4L, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31),
                0L, 0L,
                10L, 2L, new BigDecimal("1.50"), new BigDecimal("99.00"),
                10L, 1L, LocalDateTime.of(2024, 1, 1, 10, 0), LocalDateTime.of(2024, 1, 1, 10, 0, 0, 5000));
        TableStatistics s = StatsQuery.parse(T, T.columns(), row, "FULL", List.of(), Map.of(), 0);
        assertThat(s.rowCount()).isEqualTo(10);
        assertThat(s.column("K").ndv()).isEqualTo(10);
        assertThat(s.column("k").minValue()).isEqualTo(1.0);
        assertThat(s.column("s").nullCount()).isEqualTo(2);
        assertThat(s.column("s").avgLength()).isEqualTo(2.0);
        assertThat(s.column("s").hasRange()).isFalse();
        assertThat(s.column("d").min()).isEqualTo("2024-01-01");
        assertThat(s.column("d").maxValue()).isEqualTo((double) LocalDate.of(2024, 1, 31).toEpochDay());
        assertThat(s.column("b").nullCount()).isEqualTo(10);
        assertThat(s.column("b").min()).isNull();
        assertThat(s.column("m").max()).isEqualTo("99.00");
        assertThat(s.column("m").avgLength()).isEqualTo(8);
        assertThat(s.column("ts").min()).isEqualTo("2024-01-01 10:00:00");
        assertThat(s.column("ts").max()).isEqualTo("2024-01-01 10:00:00.000005");
    }

    @Test
    void healthAndStaleness()
    {
        TableStatistics s = new TableStatistics(1, "FULL", List.of(), 100, 0, Map.of(), List.of());
        assertThat(s.healthy(100)).isEqualTo(1);
        assertThat(s.isStale(120)).isFalse();
        assertThat(s.isStale(121)).isTrue();
        assertThat(s.isStale(79)).isTrue();
        assertThat(StatsExecutor.healthy(s.healthy(150))).isEqualTo("66%");
        assertThat(StatsExecutor.healthy(s.healthy(0))).isEqualTo("0%");
        TableStatistics empty = new TableStatistics(1, "FULL", List.of(), 0, 0, Map.of(), List.of());
        assertThat(empty.healthy(0)).isEqualTo(1);
        assertThat(empty.isStale(0)).isFalse();
        assertThat(empty.isStale(1)).isTrue();
    }

    @Test
    void analyzingSomeColumnsKeepsTheOthers()
    {
        ColumnStatistics a = new ColumnStatistics("a", 5, 0, null, null, null, null, 4);
        ColumnStatistics b = new ColumnStatistics("b", 7, 0, null, null, null, null, 4);
        ColumnStatistics b2 = new ColumnStatistics("b", 9, 0, null, null, null, null, 4);
        TableStatistics all = new TableStatistics(1, "FULL", List.of(), 100, 0, Map.of(), List.of(a, b));
        TableStatistics some = new TableStatistics(1, "FULL", List.of("b"), 110, 1, Map.of(), List.of(b2));
        TableStatistics merged = StatsExecutor.merge(all, some);
        assertThat(merged.analyzedColumns()).isEmpty();
        assertThat(merged.column("a").ndv()).isEqualTo(5);
        assertThat(merged.column("b").ndv()).isEqualTo(9);
        assertThat(merged.rowCount()).isEqualTo(110);
        // the old ones are stale against the new row count: only the fresh column survives
        TableStatistics grown = new TableStatistics(1, "FULL", List.of("b"), 1_000, 1, Map.of(), List.of(b2));
        assertThat(StatsExecutor.merge(all, grown).columns()).containsExactly(b2);
    }

    @Test
    void journalRoundTrip() throws Exception
    {
        JournalCodec codec = new JournalCodec();
        TableStatistics s = new TableStatistics(42, "SAMPLE", List.of("k"), 3, 1234, Map.of("p", "v"),
                List.of(new ColumnStatistics("k", 3, 0, "1", "3", 1.0, 3.0, 4)));
        JournalEntry e = new JournalEntry.PutTableStats(s);
        JournalEntry back = codec.decode(codec.encode(e));
        assertThat(back).isEqualTo(e);
    }
}

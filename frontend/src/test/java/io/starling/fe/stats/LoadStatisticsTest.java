package io.starling.fe.stats;

import com.google.protobuf.ByteString;
import io.starling.fe.catalog.Column;
import io.starling.fe.catalog.Distribution;
import io.starling.fe.catalog.KeysType;
import io.starling.fe.catalog.OlapTable;
import io.starling.fe.catalog.PartitionScheme;
import io.starling.rpc.proto.Literal;
import io.starling.rpc.proto.NdvColumnStats;
import io.starling.rpc.proto.SinkResult;
import io.starling.storage.index.IndexValues;
import io.starling.storage.sketch.HllSketch;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LoadStatisticsTest
{
    private static final OlapTable T = new OlapTable(7, "t", List.of(
            new Column("k", DataType.BIGINT, false, true, null, null, null),
            new Column("d", DataType.DATE, true, false, null, null, null)),
            KeysType.DUP_KEYS, List.of("k"), PartitionScheme.NONE, List.of(),
            new Distribution(false, List.of("k"), 1), Map.of(), "", 0);

    private static NdvColumnStats keys(long from, long to)
    {
        HllSketch s = new HllSketch();
        for (long v = from; v < to; v++) {
            s.add(IndexValues.hashLong(v));
        }
        return NdvColumnStats.newBuilder().setColumnIndex(0).setNonNull(to - from).setSketch(ByteString.copyFrom(s.toBytes()))
                .setMin(Literal.newBuilder().setLongValue(from)).setMax(Literal.newBuilder().setLongValue(to - 1)).build();
    }

    private static NdvColumnStats days(int column, long rows, long nulls, long... epochDays)
    {
        HllSketch s = new HllSketch();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long d : epochDays) {
            s.add(IndexValues.hashLong(d));
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        return NdvColumnStats.newBuilder().setColumnIndex(column).setNonNull(rows - nulls).setNulls(nulls)
                .setSketch(ByteString.copyFrom(s.toBytes())).setMin(Literal.newBuilder().setLongValue(min))
                .setMax(Literal.newBuilder().setLongValue(max)).build();
    }

    @Test
    void successiveLoadsUnionTheirSketches() throws IOException
    {
        // two parallel sinks of the first load: keys 0..50k and 30k..80k (overlapping), dates in each
        SinkResult first = SinkResult.newBuilder().addColumnStats(keys(0, 50_000)).addColumnStats(keys(30_000, 80_000))
                .addColumnStats(days(1, 50_000, 10, 19_000, 19_001)).addColumnStats(days(1, 50_000, 0, 19_002)).build();
        TableStatistics s1 = LoadStatistics.fold(T, null, 0, 100_000, first, 1);
        assertThat(s1.fromLoads()).isTrue();
        assertThat(s1.rowCount()).isEqualTo(100_000);
        ColumnStatistics k = s1.column("k");
        assertThat((double) k.ndv()).isCloseTo(80_000, within(2_000.0));
        assertThat(k.min()).isEqualTo("0");
        assertThat(k.max()).isEqualTo("79999");
        assertThat(k.hasRange()).isTrue();
        ColumnStatistics d = s1.column("d");
        assertThat(d.ndv()).isEqualTo(3);
        assertThat(d.nullCount()).isEqualTo(10);
        assertThat(d.min()).isEqualTo("2022-01-08");
        assertThat(d.max()).isEqualTo("2022-01-10");

        // a second load of keys 70k..120k: 120k distinct in all, not 80k + 50k
        SinkResult second = SinkResult.newBuilder().addColumnStats(keys(70_000, 120_000)).build();
        TableStatistics s2 = LoadStatistics.fold(T, s1, 100_000, 150_000, second, 2);
        assertThat((double) s2.column("k").ndv()).isCloseTo(120_000, within(3_000.0));
        assertThat(s2.column("k").max()).isEqualTo("119999");
        // d was not written by this load (say, a partial update): kept as it was
        assertThat(s2.column("d")).isEqualTo(d);
    }

    @Test
    void noBaseNoStatistics() throws IOException
    {
        SinkResult load = SinkResult.newBuilder().addColumnStats(keys(0, 10)).build();
        // rows but no statistics: the load alone does not describe the table
        assertThat(LoadStatistics.fold(T, null, 5, 15, load, 1)).isNull();
        // stale statistics (50 rows analyzed, 100 there now): left alone
        TableStatistics stale = new TableStatistics(7, "FULL", List.of(), 50, 0, Map.of(), List.of());
        assertThat(LoadStatistics.fold(T, stale, 100, 110, load, 1)).isNull();
    }

    @Test
    void analyzedNumbersWithoutSketchCombineByUniqueness()
    {
        // unique on both sides: new keys add up
        assertThat(LoadStatistics.combinedNdv(1000, 1000, 500, 500)).isEqualTo(1500);
        // a low-cardinality column: the values overlap
        assertThat(LoadStatistics.combinedNdv(10, 1000, 8, 500)).isEqualTo(10);
        assertThat(LoadStatistics.combinedNdv(10, 1000, 500, 500)).isEqualTo(500);
    }

    @Test
    void literalsBecomeEngineValues()
    {
        assertThat(LoadStatistics.value(Literal.newBuilder().setLongValue(12345).build(), DataType.decimal(10, 2)))
                .hasToString("123.45");
        assertThat(StatsQuery.text(LoadStatistics.value(Literal.newBuilder().setLongValue(86_400_000_001L).build(),
                DataType.DATETIME))).isEqualTo("1970-01-02 00:00:00.000001");
        assertThat(LoadStatistics.value(Literal.newBuilder().setIsNull(true).build(), DataType.INT)).isNull();
    }
}

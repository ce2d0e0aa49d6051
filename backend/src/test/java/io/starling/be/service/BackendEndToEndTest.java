package io.starling.be.service;

import com.google.protobuf.ByteString;
import io.starling.be.expr.ProtoTypes;
import io.starling.exec.expr.Values;
import io.starling.rpc.proto.*;
import io.starling.rpc.service.FragmentException;
import io.starling.rpc.service.FragmentHandle;
import io.starling.rpc.service.FrontendCallbacks;
import io.starling.sched.worker.WorkerPool;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Load through an OlapTableSink fragment, publish, then query with scan/filter/agg/join/sort fragments. */
class BackendEndToEndTest
{
    private static final int ROWS = 6000;
    private static final long TXN = 1001;

    @TempDir
    Path dir;
    private WorkerPool pool;
    private LocalBackendService be;

    private static final List<TableColumnDesc> COLUMNS = List.of(
            col("id", DataType.BIGINT, false),
            col("k", DataType.INT, true),
            col("name", DataType.varchar(20), true));

    private static TableColumnDesc col(String name, DataType t, boolean nullable)
    {
        return TableColumnDesc.newBuilder().setName(name).setType(ProtoTypes.toProto(t)).setNullable(nullable).build();
    }

    @BeforeEach
    void setUp()
    {
        pool = new WorkerPool("e2e", 2);
        be = new LocalBackendService(dir, pool);
        be.createTablets(List.of(tablet(11), tablet(12)));
        SinkResult r = load();
        assertThat(r.getLoadedRows()).isEqualTo(ROWS);
        assertThat(r.getFilteredRows()).isEqualTo(1);
        assertThat(r.getErrorRowsList().getFirst()).contains("`id`");
        assertThat(r.getCommitInfosCount()).isEqualTo(2);
        be.publish(PublishRequest.newBuilder().setTxnId(TXN)
                .addTablets(TabletVersion.newBuilder().setTabletId(11).setVersion(2))
                .addTablets(TabletVersion.newBuilder().setTabletId(12).setVersion(2)).build());
    }

    @AfterEach
    void tearDown()
    {
        be.close();
        pool.close();
    }

    private static CreateTabletRequest tablet(long id)
    {
        return CreateTabletRequest.newBuilder().setTabletId(id).setTableId(1).setPartitionId(100).addAllColumns(COLUMNS).build();
    }

    static Expr lit(long v, DataType t)
    {
        return Expr.newBuilder().setType(ProtoTypes.toProto(t)).setLiteral(Literal.newBuilder().setLongValue(v)).build();
    }

    static Expr str(String s)
    {
        return Expr.newBuilder().setType(ProtoTypes.toProto(DataType.varchar(20)))
                .setLiteral(Literal.newBuilder().setBytesValue(ByteString.copyFrom(s, StandardCharsets.UTF_8))).build();
    }

    static Expr nul(DataType t)
    {
        return Expr.newBuilder().setType(ProtoTypes.toProto(t)).setLiteral(Literal.newBuilder().setIsNull(true)).build();
    }

    static Expr ref(int i, DataType t)
    {
        return Expr.newBuilder().setType(ProtoTypes.toProto(t)).setColumnRef(ColumnRef.newBuilder().setIndex(i)).build();
    }

    static Expr call(String name, DataType t, Expr... args)
    {
        return Expr.newBuilder().setType(ProtoTypes.toProto(t)).setCall(Call.newBuilder().setName(name).addAllArgs(List.of(args))).build();
    }

    private SinkResult load()
    {
        ValuesNode.Builder values = ValuesNode.newBuilder();
        for (int i = 0; i < ROWS; i++) {
            values.addRows(ValuesRow.newBuilder().addValues(lit(i, DataType.BIGINT)).addValues(lit(i % 10, DataType.INT))
                    .addValues(i % 7 == 0 ? nul(DataType.varchar(20)) : str("n" + i)));
        }
        values.addRows(ValuesRow.newBuilder().addValues(nul(DataType.BIGINT)).addValues(lit(1, DataType.INT)).addValues(str("bad")));
        OlapTableSink sink = OlapTableSink.newBuilder().setTableId(1).setTableName("t").setTxnId(TXN).addAllColumns(COLUMNS)
                .setPartition(PartitionSpec.newBuilder().setKind(PartitionKind.PARTITION_NONE)
                        .addPartitions(PartitionDesc.newBuilder().setId(100).setName("p").addTabletIds(11).addTabletIds(12)))
                .setDistribution(DistributionSpec.newBuilder().addHashColumnIndexes(0).setBuckets(2))
                .setMaxFilterRatio(0.01).build();
        PlanFragment f = PlanFragment.newBuilder().setQueryId("load").setRoot(PlanNode.newBuilder().setId(1).setValues(values))
                .setSink(DataSink.newBuilder().setOlapTable(sink)).build();
        try (FragmentHandle h = be.execute(f, FrontendCallbacks.NONE)) {
            return h.sinkResult();
        }
        catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static PlanNode scan(Expr... conjuncts)
    {
        OlapScanNode.Builder s = OlapScanNode.newBuilder().setTableId(1).setTableName("t")
                .addColumns(ScanColumn.newBuilder().setName("id").setTableColumnIndex(0).setType(ProtoTypes.toProto(DataType.BIGINT)))
                .addColumns(ScanColumn.newBuilder().setName("k").setTableColumnIndex(1).setType(ProtoTypes.toProto(DataType.INT)))
                .addTablets(TabletScanRange.newBuilder().setTabletId(11).setVersion(2))
                .addTablets(TabletScanRange.newBuilder().setTabletId(12).setVersion(2))
                .addAllConjuncts(List.of(conjuncts));
        return PlanNode.newBuilder().setId(1).setOlapScan(s)
                .addOutputTypes(ProtoTypes.toProto(DataType.BIGINT)).addOutputTypes(ProtoTypes.toProto(DataType.INT)).build();
    }

    static PlanFragment query(PlanNode root, QueryOptions options)
    {
        return PlanFragment.newBuilder().setQueryId("q").setRoot(root).setSink(DataSink.newBuilder().setResult(ResultSink.getDefaultInstance()))
                .setOptions(options).build();
    }

    static PlanNode countStar(PlanNode input)
    {
        return PlanNode.newBuilder().setId(9).addOutputTypes(ProtoTypes.toProto(DataType.BIGINT))
                .setAggregate(AggregateNode.newBuilder().setInput(input)
                        .addAggs(AggCall.newBuilder().setFunction("count").setResultType(ProtoTypes.toProto(DataType.BIGINT)))).build();
    }

    private List<Object[]> run(PlanFragment f) throws Exception
    {
        List<Object[]> rows = new ArrayList<>();
        try (FragmentHandle h = be.execute(f, FrontendCallbacks.NONE)) {
            ColumnBatch next;
            while ((next = h.next()) != null) {
                try (ColumnBatch b = next) {
                    for (int i = 0; i < b.size(); i++) {
                        Object[] row = new Object[b.columnCount()];
                        for (int c = 0; c < row.length; c++) {
                            row[c] = Values.read(b.column(c), b.position(i));
                        }
                        rows.add(row);
                    }
                }
            }
            lastProfile = h.profile();
        }
        return rows;
    }

    private String lastProfile;

    @Test
    void scanFilterAggregate() throws Exception
    {
        List<Object[]> all = run(query(countStar(scan()), QueryOptions.getDefaultInstance()));
        assertThat(all.getFirst()[0]).isEqualTo((long) ROWS);
        // k >= 8: 2 of 10 values
        Expr ge = call("ge", DataType.BOOLEAN, ref(1, DataType.INT), lit(8, DataType.INT));
        List<Object[]> some = run(query(countStar(scan(ge)), QueryOptions.getDefaultInstance()));
        assertThat(some.getFirst()[0]).isEqualTo((long) ROWS / 5);
        // group by k: sum(id)
        PlanNode agg = PlanNode.newBuilder().setId(5).addOutputTypes(ProtoTypes.toProto(DataType.INT)).addOutputTypes(ProtoTypes.toProto(DataType.BIGINT))
                .setAggregate(AggregateNode.newBuilder().setInput(scan()).addGroupBy(ref(1, DataType.INT))
                        .addAggs(AggCall.newBuilder().setFunction("sum").addArgs(ref(0, DataType.BIGINT)).setResultType(ProtoTypes.toProto(DataType.BIGINT)))).build();
        PlanNode sorted = PlanNode.newBuilder().setId(6).setSort(SortNode.newBuilder().setInput(agg).setLimit(-1)
                .addKeys(SortKey.newBuilder().setExpr(ref(0, DataType.INT)).setAscending(true))).build();
        List<Object[]> groups = run(query(sorted, QueryOptions.getDefaultInstance()));
        assertThat(groups).hasSize(10);
        long expected0 = 0;
        for (int i = 0; i < ROWS; i += 10) {
            expected0 += i;
        }
        assertThat(groups.getFirst()).containsExactly(0L, expected0);
        // two scan drivers: a partial aggregation per driver (10 groups from each driver that got a segment; a fast
        // driver may take both), the final one merges them into 10
        assertThat(lastProfile).contains("AGGREGATE_PARTIAL (id=5): instances=2, rows in=" + ROWS + ", rows out=")
                .containsPattern("AGGREGATE_FINAL \\(id=5\\): instances=1, rows in=(10|20), rows out=10,");
    }

    private static AggCall agg(String fn, DataType result, Expr... args)
    {
        return AggCall.newBuilder().setFunction(fn).addAllArgs(List.of(args)).setResultType(ProtoTypes.toProto(result)).build();
    }

    /** GROUP BY k with count/sum/min/max/avg, conjuncts as given; output k, then the five aggregates. */
    private static PlanNode groupByK(int id, PlanNode input)
    {
        AggregateNode.Builder a = AggregateNode.newBuilder().setInput(input).addGroupBy(ref(1, DataType.INT))
                .addAggs(agg("count", DataType.BIGINT))
                .addAggs(agg("sum", DataType.BIGINT, ref(0, DataType.BIGINT)))
                .addAggs(agg("min", DataType.BIGINT, ref(0, DataType.BIGINT)))
                .addAggs(agg("max", DataType.BIGINT, ref(0, DataType.BIGINT)))
                .addAggs(agg("avg", DataType.DOUBLE, ref(0, DataType.BIGINT)))
                .addAggs(agg("avg", DataType.decimal(38, 6), ref(2, DataType.decimal(18, 2))));
        return PlanNode.newBuilder().setId(id).setAggregate(a).build();
    }

    /** scan() plus a third column: id as DECIMAL(18, 2). */
    private static PlanNode scanWithDecimal(Expr... conjuncts)
    {
        Expr dec = call("cast", DataType.decimal(18, 2), ref(0, DataType.BIGINT));
        return PlanNode.newBuilder().setId(2).setProject(ProjectNode.newBuilder().setInput(scan(conjuncts))
                .addExprs(ref(0, DataType.BIGINT)).addExprs(ref(1, DataType.INT)).addExprs(dec)).build();
    }

    @Test
    void twoPhaseAggregationEqualsSinglePhase() throws Exception
    {
        List<Object[]> parallel = run(query(groupByK(5, scanWithDecimal()), QueryOptions.newBuilder().setPipelineDop(2).build()));
        assertThat(lastProfile).contains("AGGREGATE_PARTIAL (id=5)").contains("AGGREGATE_AVG (id=5)");
        List<Object[]> serial = run(query(groupByK(5, scanWithDecimal()), QueryOptions.newBuilder().setPipelineDop(1).build()));
        assertThat(lastProfile).contains("AGGREGATE (id=5)").doesNotContain("AGGREGATE_PARTIAL");
        assertThat(parallel).hasSize(10);
        parallel.sort(java.util.Comparator.comparingLong(r -> (Long) r[0]));
        serial.sort(java.util.Comparator.comparingLong(r -> (Long) r[0]));
        for (int g = 0; g < 10; g++) {
            // k = g: ids g, g + 10, ..., g + 5990 (600 rows); sum = 600 g + 10 * (0 + ... + 599) = 600 g + 1797000
            long sum = 600L * g + 1_797_000L;
            double avg = sum / 600.0;
            // the decimal avg is the same g + 2995, as DECIMAL(38, 6): unscaled (g + 2995) * 10^6
            java.math.BigInteger decimalAvg = java.math.BigInteger.valueOf((g + 2995L) * 1_000_000L);
            assertThat(parallel.get(g)).as("group %d", g).containsExactly((long) g, 600L, sum, (long) g, 5990L + g, avg, decimalAvg);
            assertThat(serial.get(g)).containsExactly(parallel.get(g));
        }
        // no input rows: one row per partial driver (count 0, NULL states) merges into COUNT 0 and NULLs
        Expr none = call("lt", DataType.BOOLEAN, ref(0, DataType.BIGINT), lit(-5, DataType.BIGINT));
        PlanNode global = PlanNode.newBuilder().setId(6).setAggregate(AggregateNode.newBuilder().setInput(scanWithDecimal(none))
                .addAggs(agg("count", DataType.BIGINT)).addAggs(agg("sum", DataType.BIGINT, ref(0, DataType.BIGINT)))
                .addAggs(agg("avg", DataType.decimal(38, 6), ref(2, DataType.decimal(18, 2))))).build();
        List<Object[]> empty = run(query(global, QueryOptions.newBuilder().setPipelineDop(2).build()));
        assertThat(empty).hasSize(1);
        assertThat(empty.getFirst()).containsExactly(0L, null, null);
        assertThat(lastProfile).contains("AGGREGATE_FINAL (id=6)");
    }

    @Test
    void distinctAggregatesStaySinglePhaseOnTheVectorizedOperator() throws Exception
    {
        PlanNode distinct = PlanNode.newBuilder().setId(5).setAggregate(AggregateNode.newBuilder().setInput(scan())
                .addAggs(AggCall.newBuilder().setFunction("count").setDistinct(true).addArgs(ref(1, DataType.INT))
                        .setResultType(ProtoTypes.toProto(DataType.BIGINT)))).build();
        assertThat(run(query(distinct, QueryOptions.getDefaultInstance())).getFirst()).containsExactly(10L);
        assertThat(lastProfile).contains("AGGREGATE (id=5)").doesNotContain("AGGREGATE_PARTIAL");
        PlanNode sumDistinct = PlanNode.newBuilder().setId(5).setAggregate(AggregateNode.newBuilder().setInput(scan())
                .addAggs(AggCall.newBuilder().setFunction("sum").setDistinct(true).addArgs(ref(1, DataType.INT))
                        .setResultType(ProtoTypes.toProto(DataType.BIGINT)))).build();
        // 0 + 1 + ... + 9
        assertThat(run(query(sumDistinct, QueryOptions.getDefaultInstance())).getFirst()).containsExactly(45L);
        assertThat(lastProfile).contains("AGGREGATE (id=5)").doesNotContain("AGGREGATE_INTERIM")
                .doesNotContain("AGGREGATE_PARTIAL");
    }

    @Test
    void profileListsEveryOperatorWithRowsTimeAndScanCounters() throws Exception
    {
        // k >= 5 runs on the filter kernels (removes k = 0..4: 3000 rows), k % 2 = 0 as an expression (removes 5, 7, 9)
        Expr ge = call("ge", DataType.BOOLEAN, ref(1, DataType.INT), lit(5, DataType.INT));
        Expr even = call("eq", DataType.BOOLEAN, call("mod", DataType.INT, ref(1, DataType.INT), lit(2, DataType.INT)), lit(0, DataType.INT));
        PlanNode filtered = PlanNode.newBuilder().setId(2).setFilter(FilterNode.newBuilder().setInput(scan(ge, even))
                .setPredicate(call("lt", DataType.BOOLEAN, ref(0, DataType.BIGINT), lit(3000, DataType.BIGINT)))).build();
        PlanNode top = PlanNode.newBuilder().setId(3).setSort(SortNode.newBuilder().setInput(filtered).setLimit(5)
                .addKeys(SortKey.newBuilder().setExpr(ref(0, DataType.BIGINT)).setAscending(true))).build();
        List<Object[]> rows = run(query(top, QueryOptions.getDefaultInstance()));
        // ids with k in {6, 8} and id < 3000, ascending: 6, 8, 16, 18, 26
        assertThat(rows.stream().map(r -> r[0]).toList()).containsExactly(6L, 8L, 16L, 18L, 26L);
        // 1200 rows pass the scan (k = 6, 8), 600 of them have id < 3000
        assertThat(lastProfile)
                .contains("OLAP_SCAN (id=1): instances=2, rows in=0, rows out=1200")
                .contains("FILTER (id=2): instances=2, rows in=1200, rows out=600")
                .contains("TOP_N (id=3): instances=1, rows in=600, rows out=5")
                .contains("RESULT_SINK: instances=1, rows in=5")
                .contains("SegmentsRead: 2, SegmentsSkipped: 0")
                .contains("RawRowsRead: " + ROWS + ", KernelFilteredRows: 3000, ExprFilteredRows: 1800, RuntimeFilterRows: 0, "
                        + "RowsReturned: 1200")
                .containsPattern("TOP_N \\(id=3\\): [^\\n]*time=\\d+\\.\\d{3} ms, peak memory=[1-9]\\d* bytes")
                .contains("LOCAL_EXCHANGE_SINK (scan-1): instances=2, rows in=600");
    }

    @Test
    void zonemapPruningSkipsSegments() throws Exception
    {
        Expr lt = call("lt", DataType.BOOLEAN, ref(0, DataType.BIGINT), lit(-5, DataType.BIGINT));
        List<Object[]> none = run(query(scan(lt), QueryOptions.getDefaultInstance()));
        assertThat(none).isEmpty();
        assertThat(lastProfile).contains("SegmentsRead: 0, SegmentsSkipped: 2");
        Expr in = call("in", DataType.BOOLEAN, ref(0, DataType.BIGINT), lit(3, DataType.BIGINT), lit(4, DataType.BIGINT));
        assertThat(run(query(scan(in), QueryOptions.getDefaultInstance()))).hasSize(2);
    }

    @Test
    void joinAndTopN() throws Exception
    {
        ValuesNode.Builder dim = ValuesNode.newBuilder();
        dim.addRows(ValuesRow.newBuilder().addValues(lit(3, DataType.INT)).addValues(str("three")));
        dim.addRows(ValuesRow.newBuilder().addValues(lit(5, DataType.INT)).addValues(str("five")));
        PlanNode right = PlanNode.newBuilder().setId(2).setValues(dim)
                .addOutputTypes(ProtoTypes.toProto(DataType.INT)).addOutputTypes(ProtoTypes.toProto(DataType.varchar(20))).build();
        PlanNode join = PlanNode.newBuilder().setId(3).setHashJoin(HashJoinNode.newBuilder().setLeft(scan()).setRight(right)
                .setJoinType(JoinType.JOIN_INNER).addLeftKeys(ref(1, DataType.INT)).addRightKeys(ref(0, DataType.INT))).build();
        assertThat(run(query(countStar(join), QueryOptions.getDefaultInstance())).getFirst()[0]).isEqualTo((long) ROWS / 5);
        assertThat(lastProfile).contains("HASH_JOIN_BUILD (id=3): instances=1, rows in=2")
                .contains("HASH_JOIN_PROBE (id=3): instances=2, rows in=" + ROWS + ", rows out=" + ROWS / 5);
        PlanNode top = PlanNode.newBuilder().setId(4).setSort(SortNode.newBuilder().setInput(join).setLimit(3).setOffset(1)
                .addKeys(SortKey.newBuilder().setExpr(ref(0, DataType.BIGINT)).setAscending(false))).build();
        List<Object[]> rows = run(query(top, QueryOptions.getDefaultInstance()));
        assertThat(rows).hasSize(3);
        // ids with k in (3, 5), descending: 5995, 5993, 5985, 5983 ...; offset 1 skips 5995
        assertThat(rows.get(0)).containsExactly(5993L, 3L, 3L, "three");
        assertThat(rows.get(1)).containsExactly(5985L, 5L, 5L, "five");
        assertThat(rows.get(2)).containsExactly(5983L, 3L, 3L, "three");
    }

    @Test
    void cancelTimeoutAndMemoryLimit() throws Exception
    {
        // More result batches (3 scans x 2 segments) than the result queue holds, so the fragment cannot have finished
        // when cancel() arrives: a fast scan of one table used to complete first and make the cancel a no-op.
        PlanNode busy = PlanNode.newBuilder().setId(6).setUnion(UnionNode.newBuilder().addInputs(scan()).addInputs(scan()).addInputs(scan())).build();
        try (FragmentHandle h = be.execute(query(busy, QueryOptions.getDefaultInstance()), FrontendCallbacks.NONE)) {
            h.cancel("test");
            assertThatThrownBy(() -> {
                while (true) {
                    ColumnBatch b = h.next();
                    if (b == null) {
                        break;
                    }
                    b.close();
                }
            }).isInstanceOfSatisfying(FragmentException.class, e -> assertThat(e.kind()).isEqualTo(FragmentException.Kind.CANCELLED));
        }
        // result never consumed: the sink parks on the full queue until the timeout fires
        PlanNode union = PlanNode.newBuilder().setId(7).setUnion(UnionNode.newBuilder().addInputs(scan()).addInputs(scan()).addInputs(scan())).build();
        try (FragmentHandle h = be.execute(query(union, QueryOptions.newBuilder().setTimeoutSeconds(1).build()), FrontendCallbacks.NONE)) {
            Thread.sleep(1500);
            assertThatThrownBy(() -> {
                while (true) {
                    ColumnBatch b = h.next();
                    if (b == null) {
                        break;
                    }
                    b.close();
                }
            }).isInstanceOfSatisfying(FragmentException.class, e -> assertThat(e.kind()).isEqualTo(FragmentException.Kind.TIMEOUT));
        }
        PlanNode sort = PlanNode.newBuilder().setId(8).setSort(SortNode.newBuilder().setInput(scan()).setLimit(-1)
                .addKeys(SortKey.newBuilder().setExpr(ref(0, DataType.BIGINT)).setAscending(true))).build();
        assertThatThrownBy(() -> run(query(sort, QueryOptions.newBuilder().setMemLimitBytes(200_000).build())))
                .isInstanceOfSatisfying(FragmentException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FragmentException.Kind.MEM_LIMIT);
                    assertThat(e.getMessage()).contains("limit");
                });
    }

    @Test
    void dataSurvivesRestartAndFailedLoadsLeaveNothing() throws Exception
    {
        be.close();
        be = new LocalBackendService(dir, pool);
        assertThat(be.recover(Set.of())).containsEntry(11L, 2L).containsEntry(12L, 2L);
        assertThat(run(query(countStar(scan()), QueryOptions.getDefaultInstance())).getFirst()[0]).isEqualTo((long) ROWS);
        // a load with only bad rows fails past max_filter_ratio and leaves no pending rowset
        OlapTableSink sink = OlapTableSink.newBuilder().setTableId(1).setTableName("t").setTxnId(2002).addAllColumns(COLUMNS)
                .setPartition(PartitionSpec.newBuilder().setKind(PartitionKind.PARTITION_NONE)
                        .addPartitions(PartitionDesc.newBuilder().setId(100).addTabletIds(11).addTabletIds(12)))
                .setDistribution(DistributionSpec.newBuilder().setRandom(true).setBuckets(2)).build();
        ValuesNode.Builder values = ValuesNode.newBuilder()
                .addRows(ValuesRow.newBuilder().addValues(lit(1, DataType.BIGINT)).addValues(lit(1, DataType.INT)).addValues(str("ok")))
                .addRows(ValuesRow.newBuilder().addValues(nul(DataType.BIGINT)).addValues(lit(1, DataType.INT)).addValues(str("x")));
        PlanFragment f = PlanFragment.newBuilder().setQueryId("load2").setRoot(PlanNode.newBuilder().setId(1).setValues(values))
                .setSink(DataSink.newBuilder().setOlapTable(sink)).build();
        try (FragmentHandle h = be.execute(f, FrontendCallbacks.NONE)) {
            assertThatThrownBy(h::sinkResult).isInstanceOfSatisfying(FragmentException.class, e -> {
                assertThat(e.kind()).isEqualTo(FragmentException.Kind.DATA_QUALITY);
                assertThat(e.getMessage()).contains("`id`");
            });
        }
        assertThat(be.store().pendingTxns(11)).isEmpty();
        assertThat(be.store().pendingTxns(12)).isEmpty();
    }
}

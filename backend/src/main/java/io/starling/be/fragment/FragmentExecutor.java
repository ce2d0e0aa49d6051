package io.starling.be.fragment;

import io.starling.be.expr.ExprTranslator;
import io.starling.be.expr.ProtoTypes;
import io.starling.be.operator.AggregateOperator;
import io.starling.be.operator.ExchangeSinkOperator;
import io.starling.be.operator.ExchangeSourceOperator;
import io.starling.be.operator.ExecOperatorAdapter;
import io.starling.be.operator.JoinBuildSinkOperator;
import io.starling.be.operator.JoinProbeOperator;
import io.starling.be.operator.JoinTable;
import io.starling.be.operator.LocalExchange;
import io.starling.be.operator.ResultSinkOperator;
import io.starling.be.operator.ValuesOperator;
import io.starling.be.scan.KernelFilter;
import io.starling.be.scan.OlapScanOperator;
import io.starling.be.scan.ScanStats;
import io.starling.be.scan.ZonePredicate;
import io.starling.be.sink.OlapTableSinkOperator;
import io.starling.exec.expr.Expression;
import io.starling.exec.expr.Values;
import io.starling.exec.hash.JoinHashTable;
import io.starling.exec.operator.FilterOperator;
import io.starling.exec.operator.HashAggregateOperator;
import io.starling.exec.operator.HashJoinBuildOperator;
import io.starling.exec.operator.HashJoinProbeOperator;
import io.starling.exec.operator.LimitOperator;
import io.starling.exec.operator.Operator;
import io.starling.exec.operator.OperatorContext;
import io.starling.exec.operator.ProjectOperator;
import io.starling.exec.operator.SortOperator;
import io.starling.exec.operator.TopNOperator;
import io.starling.exec.operator.agg.AggregateCall;
import io.starling.rpc.proto.AggCall;
import io.starling.rpc.proto.AggMode;
import io.starling.rpc.proto.AggregateNode;
import io.starling.rpc.proto.HashJoinNode;
import io.starling.rpc.proto.JoinType;
import io.starling.rpc.proto.OlapScanNode;
import io.starling.rpc.proto.PlanFragment;
import io.starling.rpc.proto.PlanNode;
import io.starling.rpc.proto.ScanColumn;
import io.starling.rpc.proto.SortKey;
import io.starling.rpc.proto.TabletScanRange;
import io.starling.rpc.proto.ValuesRow;
import io.starling.rpc.service.FragmentHandle;
import io.starling.rpc.service.FrontendCallbacks;
import io.starling.sched.driver.PipelineOperator;
import io.starling.sched.morsel.Morsel;
import io.starling.sched.morsel.MorselQueue;
import io.starling.sched.worker.WorkerPool;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.segment.SegmentReader;
import io.starling.storage.tablet.TabletSnapshot;
import io.starling.storage.tablet.TabletStore;
import io.starling.storage.types.DataType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns a {@link PlanFragment} into pipelines of operators and runs them on the {@link WorkerPool}.
 *
 * <p>Pipeline cuts: a scan starts a pipeline with one driver per segment morsel up to the DOP
 * ({@code pipeline_dop}, 0 = the worker count); filter, project, partial aggregation and hash-join probe (INNER,
 * CROSS, LEFT OUTER/SEMI/ANTI) stay in that pipeline (they keep no state across drivers, so they run in every
 * driver); final aggregation, sort/top-N, limit, the interim probes and the sinks need one driver, so a passthrough
 * {@link LocalExchange} gathers the parallel drivers first. A hash join's build side is its own pipeline ending in
 * the build sink; its probe parks until the build is done. UNION ALL feeds all inputs into one exchange.
 *
 * <p>Operators are the vectorized ones of {@code io.starling.exec.operator} behind {@link ExecOperatorAdapter}. The
 * interim row-at-a-time operators of {@code io.starling.be.operator} remain only where the exec ones lack a feature:
 * {@link AggregateOperator} for SUM/AVG(DISTINCT) and multi-argument COUNT(DISTINCT), {@link JoinProbeOperator} for
 * RIGHT/FULL OUTER, NULL_AWARE_LEFT_ANTI, LEFT OUTER/SEMI/ANTI with a residual condition and keys whose two sides
 * encode differently.
 */
public final class FragmentExecutor
{
    /**
     * Largest LIMIT + OFFSET run as a top-N. The top-N operator reserves its heap (4 bytes a row) up front and keeps up
     * to about twice that many rows buffered; past a million rows (4 MiB of heap, tens of MiB of rows) a full sort
     * followed by a limit reserves only what actually arrives.
     */
    static final long MAX_TOP_N_ROWS = 1 << 20;

    private final TabletStore store;
    private final WorkerPool pool;

    public FragmentExecutor(TabletStore store, WorkerPool pool)
    {
        this.store = store;
        this.pool = pool;
    }

    /** Starts the fragment; build errors surface from the returned handle. */
    public FragmentHandle execute(PlanFragment fragment, FrontendCallbacks callbacks)
    {
        FragmentRun run = new FragmentRun(fragment, pool);
        try {
            Planner planner = new Planner(fragment, run, callbacks);
            planner.plan();
            run.start(planner.pipelines);
        }
        catch (RuntimeException e) {
            run.failToStart(e);
        }
        return run;
    }

    /** Builds the pipelines of one fragment. */
    private final class Planner
    {
        private final PlanFragment fragment;
        private final FragmentRun run;
        private final FrontendCallbacks callbacks;
        private final MemoryContext ctx;
        private final int dop;
        final List<PipelineBuilder> pipelines = new ArrayList<>();
        /** Runtime filters published by join builds and read by scans of this fragment (be/rf). */
        final io.starling.be.rf.RuntimeFilterRegistry runtimeFilters = new io.starling.be.rf.RuntimeFilterRegistry();

        Planner(PlanFragment fragment, FragmentRun run, FrontendCallbacks callbacks)
        {
            this.fragment = fragment;
            this.run = run;
            this.callbacks = callbacks;
            this.ctx = run.memory();
            int requested = fragment.getOptions().getPipelineDop();
            this.dop = requested > 0 ? requested : pool.workerCount();
        }

        void plan()
        {
            PipelineBuilder root = build(fragment.getRoot());
            root = gather(root);
            switch (fragment.getSink().getSinkCase()) {
                case OLAP_TABLE -> {
                    var sinkDesc = fragment.getSink().getOlapTable();
                    root.add(() -> run.track(new OlapTableSinkOperator("OLAP_TABLE_SINK", sinkDesc, store, callbacks, ctx)));
                }
                case RESULT, SINK_NOT_SET -> root.add(() -> new ResultSinkOperator("RESULT_SINK", run.results()));
            }
            pipelines.add(root);
        }

        private String label(String op, PlanNode n)
        {
            return op + " (id=" + n.getId() + ")";
        }

        /** A factory of one vectorized operator per driver, each with its own {@link OperatorContext}. */
        private Supplier<PipelineOperator> exec(String name, Function<OperatorContext, Operator> make)
        {
            return () -> new ExecOperatorAdapter(name, make.apply(run.operatorContext(name)));
        }

        private PipelineBuilder build(PlanNode n)
        {
            return switch (n.getNodeCase()) {
                case OLAP_SCAN -> scan(n);
                case VALUES -> values(n);
                case FILTER -> {
                    PipelineBuilder p = build(n.getFilter().getInput());
                    Expression pred = translator(n.getFilter().getInput()).translate(n.getFilter().getPredicate());
                    yield p.add(exec(label("FILTER", n), oc -> new FilterOperator(oc, pred)));
                }
                case PROJECT -> {
                    PipelineBuilder p = build(n.getProject().getInput());
                    List<Expression> exprs = translator(n.getProject().getInput()).translateAll(n.getProject().getExprsList());
                    yield p.add(exec(label("PROJECT", n), oc -> new ProjectOperator(oc, exprs)));
                }
                case AGGREGATE -> aggregate(n);
                case HASH_JOIN -> join(n);
                case SORT -> sort(n);
                case LIMIT -> {
                    PipelineBuilder p = gather(build(n.getLimit().getInput()));
                    long limit = n.getLimit().getLimit() < 0 ? Long.MAX_VALUE : n.getLimit().getLimit();
                    long offset = Math.max(0, n.getLimit().getOffset());
                    yield p.add(exec(label("LIMIT", n), oc -> new LimitOperator(oc, limit, offset)));
                }
                case UNION -> union(n);
                case REPEAT -> {
                    PipelineBuilder p = build(n.getRepeat().getInput());
                    List<DataType> in = outputTypes(n.getRepeat().getInput());
                    yield p.add(exec(label("REPEAT", n), oc -> AggregatePlan.repeat(oc, n.getRepeat(), in)));
                }
                case WINDOW -> {
                    // sorted input on one driver: every partition reaches one operator whole
                    PipelineBuilder p = gather(build(n.getWindow().getInput()));
                    WindowPlan plan = WindowPlan.of(n.getWindow(), outputTypes(n.getWindow().getInput()));
                    yield p.add(exec(label("WINDOW", n), plan::operator));
                }
                case NODE_NOT_SET -> throw new IllegalArgumentException("plan node " + n.getId() + " has no operator");
            };
        }

        private ExprTranslator translator(PlanNode input)
        {
            return new ExprTranslator(outputTypes(input));
        }

        private PipelineBuilder scan(PlanNode n)
        {
            OlapScanNode s = n.getOlapScan();
            List<DataType> types = new ArrayList<>();
            int[] tableColumns = new int[s.getColumnsCount()];
            for (int i = 0; i < s.getColumnsCount(); i++) {
                ScanColumn c = s.getColumns(i);
                types.add(ProtoTypes.toDataType(c.getType()));
                tableColumns[i] = c.getTableColumnIndex();
            }
            List<Morsel> morsels = new ArrayList<>();
            for (TabletScanRange r : s.getTabletsList()) {
                TabletSnapshot snap;
                try {
                    snap = store.snapshot(r.getTabletId(), r.getVersion());
                }
                catch (IOException e) {
                    throw new UncheckedIOException("cannot read tablet " + r.getTabletId() + " at version " + r.getVersion(), e);
                }
                run.onRelease(snap::close);
                if (s.hasIndexSpec()) {
                    io.starling.be.scan.TabletIndexManager.onScan(store, r.getTabletId(),
                            io.starling.be.scan.TabletIndexManager.toSpec(s.getIndexSpec()), snap.segments());
                }
                if (io.starling.be.scan.MergeScanSource.merges(snap)) {
                    // AGGREGATE tablet: one morsel merges all its runs (models)
                    morsels.add(new Morsel(r.getTabletId(), r.getVersion(), 0, new io.starling.be.scan.MergeScanSource.Payload(snap)));
                    continue;
                }
                int seg = 0;
                for (SegmentReader reader : snap.segments()) {
                    morsels.add(new Morsel(r.getTabletId(), r.getVersion(), seg, io.starling.be.scan.ScanSegment.of(reader, snap.deleteVector(seg))));
                    seg++;
                }
            }
            MorselQueue queue = new MorselQueue(morsels);
            KernelFilter filter = KernelFilter.of(s.getConjunctsList(), types);
            List<ZonePredicate> zone = ZonePredicate.extract(s.getConjunctsList(), types);
            ScanStats stats = run.scanStats(label("OLAP_SCAN", n) + " " + s.getTableName());
            PipelineBuilder p = new PipelineBuilder("scan-" + n.getId(), Math.max(1, Math.min(dop, morsels.size())));
            return p.add(() -> new OlapScanOperator(label("OLAP_SCAN", n), queue, tableColumns, types, zone, filter, ctx, stats)
                    .withRuntimeFilters(io.starling.be.rf.RuntimeFilterWiring.forScan(s, types, runtimeFilters)));
        }

        private PipelineBuilder values(PlanNode n)
        {
            List<DataType> types = outputTypes(n);
            ExprTranslator t = new ExprTranslator(List.of());
            List<Object[]> rows = new ArrayList<>();
            ColumnBatch oneRow = new ColumnBatch(new ColumnVector[0], 1);
            for (ValuesRow r : n.getValues().getRowsList()) {
                Object[] row = new Object[r.getValuesCount()];
                for (int c = 0; c < row.length; c++) {
                    Expression e = t.translate(r.getValues(c));
                    if (e instanceof io.starling.exec.expr.Literal l) {
                        row[c] = l.value();
                    }
                    else {
                        try (ColumnVector v = e.evaluate(oneRow, ctx)) {
                            row[c] = Values.read(v, 0);
                        }
                    }
                }
                rows.add(row);
            }
            return new PipelineBuilder("values-" + n.getId(), 1).add(() -> new ValuesOperator(label("VALUES", n), rows, types, ctx));
        }

        /**
         * Top-N (a bounded heap) when a limit is given and small enough, else a full sort followed by a limit for an
         * offset or a large limit.
         */
        private PipelineBuilder sort(PlanNode n)
        {
            PipelineBuilder p = gather(build(n.getSort().getInput()));
            ExprTranslator t = translator(n.getSort().getInput());
            List<io.starling.exec.sort.SortKey> keys = new ArrayList<>();
            for (SortKey k : n.getSort().getKeysList()) {
                keys.add(new io.starling.exec.sort.SortKey(t.translate(k.getExpr()), k.getAscending(), k.getNullsFirst()));
            }
            List<DataType> types = outputTypes(n.getSort().getInput());
            long limit = n.getSort().getLimit();
            long offset = Math.max(0, n.getSort().getOffset());
            if (limit > 0 && limit + offset <= MAX_TOP_N_ROWS) {
                return p.add(exec(label("TOP_N", n), oc -> new TopNOperator(oc, types, keys, limit, offset)));
            }
            p.add(exec(label("SORT", n), oc -> new SortOperator(oc, types, keys)));
            if (limit >= 0 || offset > 0) {
                long l = limit < 0 ? Long.MAX_VALUE : limit;
                p.add(exec(label("SORT_LIMIT", n), oc -> new LimitOperator(oc, l, offset)));
            }
            return p;
        }

        /**
         * Two-phase (partial per scan driver, final after the gather) when the input runs on several drivers and
         * every call splits; else one vectorized aggregation after the gather; else the interim operator.
         */
        private PipelineBuilder aggregate(PlanNode n)
        {
            AggregateNode a = n.getAggregate();
            if (a.getMode() != AggMode.AGG_SINGLE) {
                throw new UnsupportedOperationException("aggregate mode " + a.getMode() + " is not supported yet; plan AGG_SINGLE");
            }
            PipelineBuilder p = build(a.getInput());
            ExprTranslator t = translator(a.getInput());
            List<Expression> keys = t.translateAll(a.getGroupByList());
            List<AggregateCall> calls = AggregatePlan.single(a, t);
            if (calls == null || !AggregatePlan.supported(keys, calls, ctx)) {
                return interimAggregate(n, gather(p), t);
            }
            if (p.dop > 1) {
                AggregatePlan.TwoPhase two = AggregatePlan.twoPhase(calls, keys.stream().map(Expression::type).toList());
                if (two != null && AggregatePlan.supported(keys, two.partial(), ctx) && AggregatePlan.supported(two.finalKeys(), two.fin(), ctx)) {
                    p.add(exec(label("AGGREGATE_PARTIAL", n), oc -> new HashAggregateOperator(oc, keys, two.partial())));
                    PipelineBuilder g = gather(p);
                    g.add(exec(label("AGGREGATE_FINAL", n), oc -> new HashAggregateOperator(oc, two.finalKeys(), two.fin())));
                    if (two.projection() != null) {
                        g.add(exec(label("AGGREGATE_AVG", n), oc -> new ProjectOperator(oc, two.projection())));
                    }
                    return g;
                }
            }
            return gather(p).add(exec(label("AGGREGATE", n), oc -> new HashAggregateOperator(oc, keys, calls)));
        }

        /** The interim row-at-a-time aggregation (see the class comment for when). */
        private PipelineBuilder interimAggregate(PlanNode n, PipelineBuilder p, ExprTranslator t)
        {
            AggregateNode a = n.getAggregate();
            List<Expression> projected = new ArrayList<>(t.translateAll(a.getGroupByList()));
            int[] groupBy = new int[a.getGroupByCount()];
            for (int i = 0; i < groupBy.length; i++) {
                groupBy[i] = i;
            }
            List<AggregateOperator.Agg> aggs = new ArrayList<>();
            for (AggCall call : a.getAggsList()) {
                String fn = call.getFunction().toLowerCase(Locale.ROOT);
                DataType result = ProtoTypes.toDataType(call.getResultType());
                if (call.getArgsCount() == 0) {
                    aggs.add(new AggregateOperator.Agg(fn, -1, null, false, result));
                    continue;
                }
                Expression arg = t.translate(call.getArgs(0));
                aggs.add(new AggregateOperator.Agg(fn, projected.size(), arg.type(), call.getDistinct(), result));
                projected.add(arg);
            }
            List<DataType> outTypes = outputTypes(n);
            p.add(exec(label("AGG_INPUT_PROJECT", n), oc -> new ProjectOperator(oc, projected)));
            return p.add(() -> new AggregateOperator(label("AGGREGATE_INTERIM", n), outTypes, groupBy, aggs, ctx));
        }

        /**
         * The exec hash join for INNER (with residual), CROSS (an INNER join on zero keys: every build row is in one
         * chain) and LEFT OUTER/SEMI/ANTI without residual, when both sides' keys encode alike; else the interim join.
         */
        private PipelineBuilder join(PlanNode n)
        {
            HashJoinNode j = n.getHashJoin();
            io.starling.exec.operator.JoinType type = execJoinType(j);
            List<DataType> left = outputTypes(j.getLeft());
            List<DataType> right = outputTypes(j.getRight());
            List<Expression> buildKeys = translator(j.getRight()).translateAll(j.getRightKeysList());
            List<Expression> probeKeys = translator(j.getLeft()).translateAll(j.getLeftKeysList());
            if (type == null || !sameKeyEncoding(probeKeys, buildKeys)) {
                return interimJoin(n);
            }
            List<DataType> both = new ArrayList<>(left);
            both.addAll(right);
            Expression residual = j.hasOtherCondition() ? new ExprTranslator(both).translate(j.getOtherCondition()) : null;

            var publish = io.starling.be.rf.RuntimeFilterWiring.buildOperator(label("RUNTIME_FILTER_BUILD", n), j, buildKeys, runtimeFilters, ctx);
            // parallel build: one JoinPartitionBuffer per build driver. A runtime filter is built per operator
            // instance, so with filters the build still runs on one driver (gathered) to publish complete filters.
            PipelineBuilder build = publish == null ? build(j.getRight()) : gather(build(j.getRight()));
            String buildName = label("HASH_JOIN_BUILD", n);
            OperatorContext buildContext = run.operatorContext(buildName);
            JoinHashTable table = new JoinHashTable(right, buildKeys.stream().map(Expression::type).toList(), buildContext.memory());
            table.setBuilders(build.dop);
            // the fragment's reference: keeps the table alive until every driver ended, even if none was created
            table.retain();
            run.onRelease(table::release);
            if (publish != null) {
                build.add(publish);
            }
            build.add(() -> new ExecOperatorAdapter(buildName, new HashJoinBuildOperator(buildContext, table, buildKeys)));
            pipelines.add(build);
            PipelineBuilder probe = build(j.getLeft());
            return probe.add(exec(label("HASH_JOIN_PROBE", n), oc -> new HashJoinProbeOperator(oc, table, probeKeys, left, type, residual)));
        }

        /** The exec join type for this node, or null if the exec probe cannot run it. */
        private static io.starling.exec.operator.JoinType execJoinType(HashJoinNode j)
        {
            boolean residual = j.hasOtherCondition();
            return switch (j.getJoinType()) {
                case JOIN_INNER, JOIN_CROSS -> io.starling.exec.operator.JoinType.INNER;
                case JOIN_LEFT_OUTER -> residual ? null : io.starling.exec.operator.JoinType.LEFT_OUTER;
                case JOIN_LEFT_SEMI -> residual ? null : io.starling.exec.operator.JoinType.LEFT_SEMI;
                case JOIN_LEFT_ANTI -> residual ? null : io.starling.exec.operator.JoinType.LEFT_ANTI;
                default -> null;
            };
        }

        /**
         * Whether each probe key encodes like its build key in the exec hash table (same physical layout and, for
         * decimals, the same scale; strings of any declared length alike). The planner casts both sides to one type,
         * so this only guards against plans that did not.
         */
        private static boolean sameKeyEncoding(List<Expression> probe, List<Expression> build)
        {
            if (probe.size() != build.size()) {
                return false;
            }
            for (int i = 0; i < probe.size(); i++) {
                DataType a = probe.get(i).type();
                DataType b = build.get(i).type();
                boolean same = a.kind() == b.kind()
                        ? !a.isDecimal() || (a.scale() == b.scale() && a.physical() == b.physical())
                        : a.kind().isString() && b.kind().isString();
                if (!same) {
                    return false;
                }
            }
            return true;
        }

        /** The interim row-at-a-time join (see the class comment for when). */
        private PipelineBuilder interimJoin(PlanNode n)
        {
            HashJoinNode j = n.getHashJoin();
            JoinTable table = new JoinTable(ctx);
            run.onRelease(table::release);
            PipelineBuilder build = gather(build(j.getRight()));
            List<Expression> buildKeys = translator(j.getRight()).translateAll(j.getRightKeysList());
            build.add(() -> new JoinBuildSinkOperator(label("HASH_JOIN_BUILD_INTERIM", n), table, buildKeys, ctx));
            pipelines.add(build);
            PipelineBuilder probe = build(j.getLeft());
            if (j.getJoinType() == JoinType.JOIN_RIGHT_OUTER || j.getJoinType() == JoinType.JOIN_FULL_OUTER) {
                probe = gather(probe);
            }
            List<Expression> probeKeys = translator(j.getLeft()).translateAll(j.getLeftKeysList());
            List<DataType> left = outputTypes(j.getLeft());
            List<DataType> right = outputTypes(j.getRight());
            List<DataType> both = new ArrayList<>(left);
            both.addAll(right);
            Expression other = j.hasOtherCondition() ? new ExprTranslator(both).translate(j.getOtherCondition()) : null;
            return probe.add(() -> new JoinProbeOperator(label("HASH_JOIN_PROBE_INTERIM", n), table, j.getJoinType(), probeKeys, other, left, right, ctx));
        }

        private PipelineBuilder union(PlanNode n)
        {
            List<PipelineBuilder> inputs = new ArrayList<>();
            int producers = 0;
            for (PlanNode in : n.getUnion().getInputsList()) {
                PipelineBuilder p = build(in);
                inputs.add(p);
                producers += p.dop;
            }
            LocalExchange ex = new LocalExchange(producers);
            run.onRelease(ex::close);
            for (PipelineBuilder p : inputs) {
                p.add(() -> new ExchangeSinkOperator(label("UNION_SINK", n), ex));
                pipelines.add(p);
            }
            return new PipelineBuilder("union-" + n.getId(), 1).add(() -> new ExchangeSourceOperator(label("UNION", n), ex));
        }

        /** A single-driver continuation of {@code p}: {@code p} itself if it has one driver, else a gather exchange. */
        private PipelineBuilder gather(PipelineBuilder p)
        {
            if (p.dop == 1) {
                return p;
            }
            LocalExchange ex = new LocalExchange(p.dop);
            run.onRelease(ex::close);
            String suffix = " (" + p.name + ")";
            p.add(() -> new ExchangeSinkOperator("LOCAL_EXCHANGE_SINK" + suffix, ex));
            pipelines.add(p);
            return new PipelineBuilder(p.name + "-gather", 1).add(() -> new ExchangeSourceOperator("LOCAL_EXCHANGE_SOURCE" + suffix, ex));
        }

        private List<DataType> outputTypes(PlanNode n)
        {
            if (n.getOutputTypesCount() > 0) {
                return ProtoTypes.toDataTypes(n.getOutputTypesList());
            }
            // derive where the planner left them out
            return switch (n.getNodeCase()) {
                case OLAP_SCAN -> n.getOlapScan().getColumnsList().stream().map(c -> ProtoTypes.toDataType(c.getType())).toList();
                case FILTER -> outputTypes(n.getFilter().getInput());
                case LIMIT -> outputTypes(n.getLimit().getInput());
                case SORT -> outputTypes(n.getSort().getInput());
                case PROJECT -> n.getProject().getExprsList().stream().map(e -> ProtoTypes.toDataType(e.getType())).toList();
                case UNION -> outputTypes(n.getUnion().getInputs(0));
                case REPEAT -> AggregatePlan.repeatOutputTypes(outputTypes(n.getRepeat().getInput()), n.getRepeat());
                case VALUES -> n.getValues().getRowsCount() == 0 ? List.of()
                        : n.getValues().getRows(0).getValuesList().stream().map(e -> ProtoTypes.toDataType(e.getType())).toList();
                case AGGREGATE -> {
                    List<DataType> t = new ArrayList<>();
                    n.getAggregate().getGroupByList().forEach(e -> t.add(ProtoTypes.toDataType(e.getType())));
                    n.getAggregate().getAggsList().forEach(a -> t.add(ProtoTypes.toDataType(a.getResultType())));
                    yield t;
                }
                case HASH_JOIN -> {
                    List<DataType> t = new ArrayList<>(outputTypes(n.getHashJoin().getLeft()));
                    if (!(n.getHashJoin().getJoinType() == JoinType.JOIN_LEFT_SEMI || n.getHashJoin().getJoinType() == JoinType.JOIN_LEFT_ANTI
                            || n.getHashJoin().getJoinType() == JoinType.JOIN_NULL_AWARE_LEFT_ANTI)) {
                        t.addAll(outputTypes(n.getHashJoin().getRight()));
                    }
                    yield t;
                }
                case WINDOW -> WindowPlan.outputTypes(n.getWindow(), outputTypes(n.getWindow().getInput()));
                case NODE_NOT_SET -> List.of();
            };
        }
    }
}

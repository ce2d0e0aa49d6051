package io.starling.fe.planner;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.rules.MultiJoin;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.tools.RelBuilder;
import io.starling.fe.stats.StatisticsSource;

/**
 * Our join order (DESIGN.md: not Volcano's, not Calcite's LoptOptimizeJoinRule, whose fixed 0.15 join selectivity
 * joined customer to supplier on nation before lineitem in TPC-H Q5): a greedy left-deep order over each inner
 * {@link MultiJoin}. It starts from the input with the most estimated rows (the fact table) and repeatedly joins
 * the connected input whose join has the fewest estimated rows; inputs with no join condition to the joined set
 * come last. A join's size is {@code |L| x |R| / d}, where d is the largest distinct-count over its equi-join
 * pairs (halved again for each further pair). Distinct counts come from the catalog: the single key column of a
 * table counts as unique (its base row count, not reduced by filters, which gives the usual foreign-key estimate
 * {@code |L| x |R filtered| / |R|}); another base column gets sqrt(base rows); a derived column (aggregate output,
 * expression) the input's estimated rows. Row counts are Calcite's estimates over the catalog row counts. The
 * physical translator later makes the smaller side of each join its build side. MultiJoins with outer joins are
 * left to Calcite's rule.
 *
 * <p>With ANALYZE statistics ({@link StatisticsSource}; stale ones, see TableStatistics#isStale, are ignored) the
 * same greedy search uses better numbers: an input that is a (filtered, projected) scan of an analyzed table gets
 * {@link StatsRows}' estimate (current row count times 1/ndv per equality, min/max fraction per range, null
 * fraction per IS NULL, Calcite's guess otherwise) instead of Calcite's, and a column with an analyzed NDV counts
 * that NDV, capped by its input's estimated rows, instead of the key/sqrt heuristics above. Without statistics
 * nothing changes.
 */
final class GreedyJoinOrder extends RelShuttleImpl
{
    private static final HepProgram CALCITE_ORDER = HepProgram.builder()
            .addRuleInstance(CoreRules.MULTI_JOIN_OPTIMIZE)
            .build();

    private final RelBuilder relBuilder;
    private final StatisticsSource stats;

    private GreedyJoinOrder(RelBuilder relBuilder, StatisticsSource stats)
    {
        this.relBuilder = relBuilder;
        this.stats = stats;
    }

    static RelNode apply(RelNode rel, RelBuilder relBuilder)
    {
        return apply(rel, relBuilder, StatisticsSource.NONE);
    }

    static RelNode apply(RelNode rel, RelBuilder relBuilder, StatisticsSource stats)
    {
        return rel.accept(new GreedyJoinOrder(relBuilder, stats));
    }

    @Override
    public RelNode visit(RelNode other)
    {
        RelNode visited = super.visit(other);
        if (visited instanceof MultiJoin mj) {
            return reorder(mj);
        }
        return visited;
    }

    private RelNode reorder(MultiJoin mj)
    {
        boolean allInner = !mj.isFullOuterJoin()
                && mj.getJoinTypes().stream().allMatch(t -> t == JoinRelType.INNER)
                && mj.getOuterJoinConditions().stream().allMatch(c -> c == null || c.isAlwaysTrue());
        if (!allInner) {
            HepPlanner planner = new HepPlanner(CALCITE_ORDER);
            planner.setRoot(mj);
            return planner.findBestExp();
        }
        List<RelNode> inputs = mj.getInputs();
        int n = inputs.size();
        int[] offset = new int[n + 1];
        for (int i = 0; i < n; i++) {
            offset[i + 1] = offset[i] + inputs.get(i).getRowType().getFieldCount();
        }
        int width = offset[n];
        int[] factorOf = new int[width];
        for (int i = 0; i < n; i++) {
            for (int f = offset[i]; f < offset[i + 1]; f++) {
                factorOf[f] = i;
            }
        }
        RelMetadataQuery mq = mj.getCluster().getMetadataQuery();
        double[] rows = new double[n];
        StatsRows statsRows = new StatsRows(mq, stats);
        for (int i = 0; i < n; i++) {
            Double r = statsRows.rows(inputs.get(i));
            if (r == null) {
                r = mq.getRowCount(inputs.get(i));
            }
            rows[i] = r == null ? 1000 : Math.max(1, r);
        }
        List<RexNode> conjuncts = RelOptUtil.conjunctions(mj.getJoinFilter());
        List<BitSet> factorsOf = new ArrayList<>();
        for (RexNode c : conjuncts) {
            BitSet fs = new BitSet();
            for (int f : RelOptUtil.InputFinder.bits(c)) {
                fs.set(factorOf[f]);
            }
            factorsOf.add(fs);
        }

        // greedy order
        List<Integer> order = new ArrayList<>();
        BitSet joined = new BitSet();
        int first = 0;
        for (int i = 1; i < n; i++) {
            if (rows[i] > rows[first]) {
                first = i;
            }
        }
        order.add(first);
        joined.set(first);
        double current = rows[first];
        while (order.size() < n) {
            int best = -1;
            double bestRows = Double.MAX_VALUE;
            boolean bestConnected = false;
            for (int c = 0; c < n; c++) {
                if (joined.get(c)) {
                    continue;
                }
                double divisor = 1;
                int pairs = 0;
                boolean connected = false;
                for (int k = 0; k < conjuncts.size(); k++) {
                    BitSet fs = factorsOf.get(k);
                    if (!fs.get(c) || !fs.intersects(joined)) {
                        continue;
                    }
                    BitSet rest = (BitSet) fs.clone();
                    rest.clear(c);
                    rest.andNot(joined);
                    if (!rest.isEmpty()) {
                        continue;
                    }
                    connected = true;
                    RexNode e = conjuncts.get(k);
                    if (e.getKind() == SqlKind.EQUALS && e instanceof RexCall call
                            && call.getOperands().get(0) instanceof RexInputRef a
                            && call.getOperands().get(1) instanceof RexInputRef b) {
                        double d = Math.max(ndv(mq, stats, inputs, offset, factorOf, a.getIndex(), rows),
                                ndv(mq, stats, inputs, offset, factorOf, b.getIndex(), rows));
                        divisor = pairs == 0 ? d : Math.max(divisor, d) * 2;
                        pairs++;
                    }
                    else {
                        divisor *= 2;
                    }
                }
                double est = Math.max(1, current * rows[c] / Math.max(1, divisor));
                // a connected input always beats an unconnected one (a cross product)
                if (best < 0 || (connected && !bestConnected) || (connected == bestConnected && est < bestRows)) {
                    best = c;
                    bestRows = est;
                    bestConnected = connected;
                }
            }
            order.add(best);
            joined.set(best);
            current = bestRows;
        }
        return build(mj, inputs, offset, factorOf, conjuncts, factorsOf, order);
    }

    /** Distinct values of global field {@code field}, from the catalog as the class comment describes. */
    private static double ndv(RelMetadataQuery mq, StatisticsSource stats, List<RelNode> inputs, int[] offset,
            int[] factorOf, int field, double[] rows)
    {
        int i = factorOf[field];
        RelColumnOrigin origin = mq.getColumnOrigin(inputs.get(i), field - offset[i]);
        if (origin == null || origin.isDerived()) {
            return rows[i];
        }
        CatalogTable t = origin.getOriginTable().unwrap(CatalogTable.class);
        if (t == null || t.olap() == null) {
            return rows[i];
        }
        double base = Math.max(1, t.olap().rowCount());
        String column = t.columns().get(origin.getOriginColumnOrdinal()).name();
        io.starling.fe.stats.ColumnStatistics cs = StatsRows.column(stats, t, column);
        if (cs != null) {
            return io.starling.fe.stats.CardinalityModel.cappedNdv(cs.ndv(), rows[i]);
        }
        List<String> keys = t.olap().keyColumns();
        if (keys.size() == 1 && keys.get(0).equalsIgnoreCase(column)) {
            return base;
        }
        return Math.min(rows[i], Math.sqrt(base));
    }

    private RelNode build(MultiJoin mj, List<RelNode> inputs, int[] offset, int[] factorOf, List<RexNode> conjuncts,
            List<BitSet> factorsOf, List<Integer> order)
    {
        RexBuilder rexBuilder = mj.getCluster().getRexBuilder();
        int width = offset[inputs.size()];
        int[] position = new int[width];
        java.util.Arrays.fill(position, -1);
        boolean[] used = new boolean[conjuncts.size()];
        BitSet joined = new BitSet();
        int currentWidth = 0;
        for (int step = 0; step < order.size(); step++) {
            int f = order.get(step);
            relBuilder.push(inputs.get(f));
            for (int g = offset[f]; g < offset[f + 1]; g++) {
                position[g] = currentWidth + g - offset[f];
            }
            currentWidth += offset[f + 1] - offset[f];
            joined.set(f);
            if (step == 0) {
                continue;
            }
            List<RexNode> conditions = new ArrayList<>();
            for (int k = 0; k < conjuncts.size(); k++) {
                BitSet fs = factorsOf.get(k);
                BitSet rest = (BitSet) fs.clone();
                rest.andNot(joined);
                if (!used[k] && rest.isEmpty()) {
                    used[k] = true;
                    conditions.add(remap(conjuncts.get(k), position));
                }
            }
            relBuilder.join(JoinRelType.INNER, RexUtil.composeConjunction(rexBuilder, conditions));
        }
        List<RexNode> leftover = new ArrayList<>();
        for (int k = 0; k < conjuncts.size(); k++) {
            if (!used[k]) {
                leftover.add(remap(conjuncts.get(k), position));
            }
        }
        if (mj.getPostJoinFilter() != null) {
            leftover.add(remap(mj.getPostJoinFilter(), position));
        }
        if (!leftover.isEmpty()) {
            relBuilder.filter(leftover);
        }
        List<RexNode> projects = new ArrayList<>(width);
        for (int g = 0; g < width; g++) {
            projects.add(relBuilder.field(position[g]));
        }
        relBuilder.project(projects, mj.getRowType().getFieldNames(), true);
        return relBuilder.build();
    }

    private static RexNode remap(RexNode e, int[] position)
    {
        return e.accept(new RexShuttle()
        {
            @Override
            public RexNode visitInputRef(RexInputRef ref)
            {
                return new RexInputRef(position[ref.getIndex()], ref.getType());
            }
        });
    }

    /**
     * Row estimates from ANALYZE statistics for an input that is a scan of an analyzed table under filters and
     * projections; null for anything else (the caller then asks Calcite), so tables without statistics keep
     * today's estimates exactly.
     */
    static final class StatsRows
    {
        private final RelMetadataQuery mq;
        private final StatisticsSource stats;

        StatsRows(RelMetadataQuery mq, StatisticsSource stats)
        {
            this.mq = mq;
            this.stats = stats;
        }

        /** The usable (present, not stale) statistics of a column of {@code t}, or null. */
        static io.starling.fe.stats.ColumnStatistics column(StatisticsSource stats, CatalogTable t, String column)
        {
            io.starling.fe.stats.TableStatistics s = fresh(stats, t);
            return s == null ? null : s.column(column);
        }

        private static io.starling.fe.stats.TableStatistics fresh(StatisticsSource stats, CatalogTable t)
        {
            if (t == null || t.olap() == null) {
                return null;
            }
            io.starling.fe.stats.TableStatistics s = stats.statistics(t.olap().id());
            return s == null || s.isStale(t.olap().rowCount()) ? null : s;
        }

        Double rows(RelNode r)
        {
            if (r instanceof org.apache.calcite.rel.core.TableScan scan) {
                CatalogTable t = scan.getTable().unwrap(CatalogTable.class);
                return fresh(stats, t) == null ? null : (double) Math.max(1, t.olap().rowCount());
            }
            if (r instanceof org.apache.calcite.rel.core.Project p) {
                return rows(p.getInput());
            }
            if (r instanceof org.apache.calcite.rel.core.Filter f) {
                Double in = rows(f.getInput());
                if (in == null) {
                    return null;
                }
                double selectivity = 1;
                for (RexNode c : RelOptUtil.conjunctions(f.getCondition())) {
                    selectivity *= selectivity(c, f.getInput());
                }
                return Math.max(1, in * selectivity);
            }
            return null;
        }

        /** Selectivity of one conjunct over {@code input}'s fields. */
        double selectivity(RexNode c, RelNode input)
        {
            double guess = org.apache.calcite.rel.metadata.RelMdUtil.guessSelectivity(c);
            if (!(c instanceof RexCall call) || call.getOperands().isEmpty()) {
                return guess;
            }
            RexNode first = RexUtil.removeCast(call.getOperands().get(0));
            RexNode second = call.getOperands().size() > 1 ? RexUtil.removeCast(call.getOperands().get(1)) : null;
            SqlKind kind = c.getKind();
            if (second instanceof RexInputRef && first instanceof org.apache.calcite.rex.RexLiteral) {
                RexNode t = first;
                first = second;
                second = t;
                kind = kind.reverse();
            }
            if (!(first instanceof RexInputRef ref)) {
                return guess;
            }
            io.starling.fe.stats.ColumnStatistics cs = column(input, ref.getIndex());
            if (cs == null) {
                return guess;
            }
            io.starling.fe.stats.TableStatistics ts = tableOf(input, ref.getIndex());
            double rows = Math.max(1, ts.rowCount());
            switch (kind) {
                case IS_NULL:
                    return cs.nullCount() / rows;
                case IS_NOT_NULL:
                    return 1 - cs.nullCount() / rows;
                case EQUALS:
                    return second instanceof org.apache.calcite.rex.RexLiteral
                            ? io.starling.fe.stats.CardinalityModel.equalsSelectivity(cs.ndv()) : guess;
                case LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL: {
                    Double v = second instanceof org.apache.calcite.rex.RexLiteral lit ? axis(lit.getValue()) : null;
                    if (v == null || !cs.hasRange()) {
                        return guess;
                    }
                    boolean upper = kind == SqlKind.LESS_THAN || kind == SqlKind.LESS_THAN_OR_EQUAL;
                    return io.starling.fe.stats.CardinalityModel.rangeSelectivity(cs.minValue(), cs.maxValue(),
                            upper ? Double.NEGATIVE_INFINITY : v, upper ? v : Double.POSITIVE_INFINITY);
                }
                case SEARCH:
                    return second instanceof org.apache.calcite.rex.RexLiteral lit
                            && lit.getValue() instanceof org.apache.calcite.util.Sarg<?> sarg
                            ? sarg(sarg, cs, guess) : guess;
                default:
                    return guess;
            }
        }

        /** IN lists (points: 1/ndv each) and BETWEEN-like ranges (min/max fractions), summed, at most 1. */
        private static double sarg(org.apache.calcite.util.Sarg<?> sarg, io.starling.fe.stats.ColumnStatistics cs,
                double guess)
        {
            if (sarg.isPoints()) {
                return Math.min(1, sarg.pointCount * io.starling.fe.stats.CardinalityModel.equalsSelectivity(cs.ndv()));
            }
            if (sarg.isComplementedPoints() || !cs.hasRange()) {
                return guess;
            }
            double total = 0;
            for (com.google.common.collect.Range<?> r : sarg.rangeSet.asRanges()) {
                Double lo = r.hasLowerBound() ? axis(r.lowerEndpoint()) : Double.valueOf(Double.NEGATIVE_INFINITY);
                Double hi = r.hasUpperBound() ? axis(r.upperEndpoint()) : Double.valueOf(Double.POSITIVE_INFINITY);
                if (lo == null || hi == null) {
                    return guess;
                }
                total += lo.equals(hi) ? io.starling.fe.stats.CardinalityModel.equalsSelectivity(cs.ndv())
                        : io.starling.fe.stats.CardinalityModel.rangeSelectivity(cs.minValue(), cs.maxValue(), lo, hi);
            }
            return Math.min(1, total);
        }

        /** A literal on ColumnStatistics' numeric axis (numbers, days for DATE, micros for TIMESTAMP), or null. */
        static Double axis(Object v)
        {
            return switch (v) {
                case java.math.BigDecimal b -> b.doubleValue();
                case Number n -> n.doubleValue();
                case org.apache.calcite.util.DateString d -> (double) d.getDaysSinceEpoch();
                case org.apache.calcite.util.TimestampString t -> t.getMillisSinceEpoch() * 1000.0;
                case null, default -> null;
            };
        }

        private io.starling.fe.stats.ColumnStatistics column(RelNode input, int field)
        {
            RelColumnOrigin origin = mq.getColumnOrigin(input, field);
            if (origin == null || origin.isDerived()) {
                return null;
            }
            CatalogTable t = origin.getOriginTable().unwrap(CatalogTable.class);
            if (t == null) {
                return null;
            }
            return column(stats, t, t.columns().get(origin.getOriginColumnOrdinal()).name());
        }

        private io.starling.fe.stats.TableStatistics tableOf(RelNode input, int field)
        {
            RelColumnOrigin origin = mq.getColumnOrigin(input, field);
            return fresh(stats, origin.getOriginTable().unwrap(CatalogTable.class));
        }
    }
}

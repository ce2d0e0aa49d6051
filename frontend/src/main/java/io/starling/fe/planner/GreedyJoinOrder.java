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
 */
final class GreedyJoinOrder extends RelShuttleImpl
{
    private static final HepProgram CALCITE_ORDER = HepProgram.builder()
            .addRuleInstance(CoreRules.MULTI_JOIN_OPTIMIZE)
            .build();

    private final RelBuilder relBuilder;

    private GreedyJoinOrder(RelBuilder relBuilder)
    {
        this.relBuilder = relBuilder;
    }

    static RelNode apply(RelNode rel, RelBuilder relBuilder)
    {
        return rel.accept(new GreedyJoinOrder(relBuilder));
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
        for (int i = 0; i < n; i++) {
            Double r = mq.getRowCount(inputs.get(i));
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
                        double d = Math.max(ndv(mq, inputs, offset, factorOf, a.getIndex(), rows),
                                ndv(mq, inputs, offset, factorOf, b.getIndex(), rows));
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
    private static double ndv(RelMetadataQuery mq, List<RelNode> inputs, int[] offset, int[] factorOf, int field,
            double[] rows)
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
}

package io.starling.fe.planner;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Rewrites filters whose condition is a disjunction of conjunctions, as in TPC-H Q19
 * ({@code (p_partkey = l_partkey and p_brand = 'a' and l_quantity ...) or (p_partkey = l_partkey and ...)}), so the
 * join below them does not degrade to a cross product:
 * <ol>
 * <li>factors common to every branch of an OR are pulled out ({@link RexUtil#pullFactors}), which turns the shared
 * {@code p_partkey = l_partkey} into an equi-join condition;</li>
 * <li>when the filter sits on a join, each OR additionally implies, per join input, the OR of the branch
 * conjuncts that reference only that input (valid when every branch has at least one); those derived predicates are
 * added (the original OR stays) so predicate pushdown can filter each input before the join, as StarRocks does.</li>
 * </ol>
 */
final class OrPredicateRewriter extends RelShuttleImpl
{
    private final RexBuilder rexBuilder;

    private OrPredicateRewriter(RexBuilder rexBuilder)
    {
        this.rexBuilder = rexBuilder;
    }

    static RelNode rewrite(RelNode rel, RexBuilder rexBuilder)
    {
        return rel.accept(new OrPredicateRewriter(rexBuilder));
    }

    @Override
    public RelNode visit(LogicalFilter filter)
    {
        RelNode visited = super.visit(filter);
        if (!(visited instanceof LogicalFilter f)) {
            return visited;
        }
        RexNode condition = f.getCondition();
        if (!containsOr(condition)) {
            return f;
        }
        RexNode pulled = RexUtil.pullFactors(rexBuilder, condition);
        List<RexNode> conjuncts = new ArrayList<>(RelOptUtil.conjunctions(pulled));
        RelNode input = f.getInput();
        if (input instanceof Join join) {
            int leftCount = join.getLeft().getRowType().getFieldCount();
            int total = join.getRowType().getFieldCount();
            ImmutableBitSet left = ImmutableBitSet.range(0, leftCount);
            ImmutableBitSet right = ImmutableBitSet.range(leftCount, total);
            Set<RexNode> derived = new LinkedHashSet<>();
            for (RexNode c : conjuncts) {
                if (c.getKind() == SqlKind.OR) {
                    addImplied(c, left, derived);
                    addImplied(c, right, derived);
                }
            }
            derived.removeAll(conjuncts);
            conjuncts.addAll(derived);
        }
        RexNode result = RexUtil.composeConjunction(rexBuilder, conjuncts);
        if (result.equals(condition)) {
            return f;
        }
        return f.copy(f.getTraitSet(), f.getInput(), result);
    }

    /** Adds OR over branches of (AND of the branch's conjuncts that use only {@code side}), if every branch has one. */
    private void addImplied(RexNode or, ImmutableBitSet side, Set<RexNode> out)
    {
        List<RexNode> branches = new ArrayList<>();
        for (RexNode branch : RelOptUtil.disjunctions(or)) {
            List<RexNode> local = new ArrayList<>();
            for (RexNode c : RelOptUtil.conjunctions(branch)) {
                ImmutableBitSet used = RelOptUtil.InputFinder.bits(c);
                if (!used.isEmpty() && side.contains(used) && !RexUtil.containsCorrelation(c)) {
                    local.add(c);
                }
            }
            if (local.isEmpty()) {
                return;
            }
            branches.add(RexUtil.composeConjunction(rexBuilder, local));
        }
        RexNode implied = RexUtil.composeDisjunction(rexBuilder, branches);
        if (!implied.equals(or)) {
            out.add(implied);
        }
    }

    private static boolean containsOr(RexNode n)
    {
        for (RexNode c : RelOptUtil.conjunctions(n)) {
            if (c.getKind() == SqlKind.OR) {
                return true;
            }
        }
        return false;
    }
}

package io.starling.fe.planner;

import io.starling.fe.qe.ResultColumn;
import io.starling.rpc.proto.PlanNode;
import java.util.List;

/**
 * A planned SELECT: the physical plan root and the result set metadata the client sees.
 *
 * @param root    the plan (its output columns are exactly {@code columns}, in order)
 * @param columns labels and types as MySQL reports them
 */
public record PlannedQuery(PlanNode root, List<ResultColumn> columns)
{
    /** The plan as indented text, one operator per line, for EXPLAIN. */
    public String explain()
    {
        return PlanExplainer.explain(root);
    }
}

package io.starling.fe.planner;

import io.starling.rpc.proto.ColumnRef;
import io.starling.rpc.proto.Expr;
import io.starling.rpc.proto.PlanNode;
import io.starling.rpc.proto.RepeatNode;
import io.starling.rpc.proto.RepeatSet;
import io.starling.rpc.proto.TypeDesc;
import io.starling.storage.types.DataType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * GROUP BY ROLLUP / CUBE / GROUPING SETS the way StarRocks plans them: a {@link RepeatNode} under the aggregate
 * emits each input row once per grouping set, with the group-by columns outside that set NULLed and constant
 * BIGINT columns appended; the aggregate then groups by all group-by columns plus the grouping id, so a NULL
 * produced for a rolled-up column never merges with a real NULL of another set.
 *
 * <p>Appended columns: first the grouping id (bit {@code n-1-i} set when the i-th group-by column is not in the
 * set: Calcite's GROUPING_ID over all group-by columns, distinct per set), then one per distinct GROUPING() /
 * GROUPING_ID() argument list, with the same bit rule over that list. The aggregate reads those as
 * {@code max(column)}, constant within a group.
 */
final class GroupingSetsTranslator
{
    /** The repeat node and where the aggregate above finds the grouping id and GROUPING() values. */
    record Repeat(PlanNode node, Expr groupingId, Map<List<Integer>, Expr> groupingValues)
    {
        /** The appended column holding the value of a GROUPING/GROUPING_ID call. */
        Expr grouping(AggregateCall call)
        {
            return groupingValues.get(call.getArgList());
        }
    }

    private GroupingSetsTranslator()
    {
    }

    /** True for the calls that read the repeat's GROUPING() columns. */
    static boolean isGrouping(AggregateCall call)
    {
        SqlKind k = call.getAggregation().getKind();
        return k == SqlKind.GROUPING || k == SqlKind.GROUPING_ID;
    }

    /**
     * The repeat node over {@code input} for {@code a}'s grouping sets.
     *
     * @param at input column of the aggregate -> its position in {@code input}'s row
     * @param id the plan node id to use
     */
    static Repeat repeat(Aggregate a, PlanNode input, int[] at, int id)
    {
        List<Integer> keys = a.getGroupSet().asList();
        List<List<Integer>> groupingArgs = new ArrayList<>();
        for (AggregateCall call : a.getAggCallList()) {
            if (isGrouping(call) && !groupingArgs.contains(call.getArgList())) {
                groupingArgs.add(call.getArgList());
            }
        }
        int width = input.getOutputTypesCount();
        RepeatNode.Builder rb = RepeatNode.newBuilder().setInput(input).setValueColumns(1 + groupingArgs.size());
        for (ImmutableBitSet set : a.getGroupSets()) {
            RepeatSet.Builder sb = RepeatSet.newBuilder();
            for (int k : keys) {
                if (!set.get(k)) {
                    sb.addNullColumns(at[k]);
                }
            }
            sb.addValues(bits(keys, set));
            for (List<Integer> args : groupingArgs) {
                sb.addValues(bits(args, set));
            }
            rb.addSets(sb);
        }
        PlanNode.Builder nb = PlanNode.newBuilder().setId(id).addAllOutputTypes(input.getOutputTypesList())
                .addAllOutputNames(input.getOutputNamesList());
        TypeDesc bigint = TypeMapping.toDesc(DataType.BIGINT);
        nb.addOutputTypes(bigint).addOutputNames("GROUPING_ID");
        Map<List<Integer>, Expr> values = new HashMap<>();
        for (int i = 0; i < groupingArgs.size(); i++) {
            nb.addOutputTypes(bigint).addOutputNames("GROUPING_" + i);
            values.put(groupingArgs.get(i), column(width + 1 + i, "GROUPING_" + i));
        }
        return new Repeat(nb.setRepeat(rb).build(), column(width, "GROUPING_ID"), values);
    }

    /** Bit {@code n-1-i} set when {@code columns[i]} is not grouped in {@code set}. */
    private static long bits(List<Integer> columns, ImmutableBitSet set)
    {
        long v = 0;
        for (int c : columns) {
            v = (v << 1) | (set.get(c) ? 0 : 1);
        }
        return v;
    }

    private static Expr column(int index, String name)
    {
        return Expr.newBuilder().setType(TypeMapping.toDesc(DataType.BIGINT))
                .setColumnRef(ColumnRef.newBuilder().setIndex(index).setName(name)).build();
    }
}

package io.starling.fe.planner;

import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.SqlError;
import java.util.List;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Refuses what StarRocks refuses for HLL and BITMAP values, which are opaque sketches: grouping, ordering,
 * comparing (=, <, IN, BETWEEN, join keys), DISTINCT (UNION, INTERSECT, EXCEPT, COUNT(DISTINCT ...)) and MIN/MAX/
 * SUM/AVG over them. The planner would otherwise compare their serialized bytes, which means nothing. Runs on the
 * logical plan right after conversion (before rules rewrite DISTINCT aggregates into GROUP BY).
 */
final class SketchTypeChecker
{
    private SketchTypeChecker()
    {
    }

    /** Throws 1064 naming the operation when {@code rel} uses an HLL or BITMAP value where StarRocks refuses it. */
    static void check(RelNode rel) throws SqlError
    {
        String bad = find(rel);
        if (bad != null) {
            throw new SqlError(ErrorCode.PARSE_ERROR, "Getting analyzing error. Detail message: HLL and BITMAP types do not support " + bad + ".");
        }
    }

    private static String find(RelNode rel)
    {
        for (RelNode input : rel.getInputs()) {
            String bad = find(input);
            if (bad != null) {
                return bad;
            }
        }
        List<RelDataType> inputFields = rel.getInputs().isEmpty() ? List.of()
                : rel.getInput(0).getRowType().getFieldList().stream().map(f -> f.getType()).toList();
        switch (rel) {
            case Aggregate a -> {
                for (int key : a.getGroupSet()) {
                    if (isSketch(inputFields.get(key))) {
                        return "group-by";
                    }
                }
                for (AggregateCall call : a.getAggCallList()) {
                    boolean sketchArg = call.getArgList().stream().anyMatch(i -> isSketch(inputFields.get(i)));
                    if (sketchArg && call.isDistinct()) {
                        return "distinct aggregation";
                    }
                    if (sketchArg && (call.getAggregation().getKind() == SqlKind.MIN || call.getAggregation().getKind() == SqlKind.MAX
                            || call.getAggregation().getKind() == SqlKind.SUM || call.getAggregation().getKind() == SqlKind.AVG)) {
                        return call.getAggregation().getName().toLowerCase(java.util.Locale.ROOT);
                    }
                }
            }
            case Sort s -> {
                for (RelFieldCollation c : s.getCollation().getFieldCollations()) {
                    if (isSketch(inputFields.get(c.getFieldIndex()))) {
                        return "order-by";
                    }
                }
            }
            case SetOp op -> {
                boolean distinct = !(op instanceof Union) || !op.all;
                if (distinct && rel.getRowType().getFieldList().stream().anyMatch(f -> isSketch(f.getType()))) {
                    return "union/intersect/except without ALL";
                }
            }
            default -> {
            }
        }
        String[] bad = {null};
        rel.accept(new RexShuttle()
        {
            @Override
            public RexNode visitCall(RexCall call)
            {
                if (bad[0] == null && (call.getKind().belongsTo(SqlKind.COMPARISON) || call.getKind() == SqlKind.BETWEEN
                        || call.getKind() == SqlKind.SEARCH || call.getKind() == SqlKind.IN)
                        && call.getOperands().stream().anyMatch(o -> isSketch(o.getType()))) {
                    bad[0] = "comparison";
                }
                return super.visitCall(call);
            }
        });
        return bad[0];
    }

    private static boolean isSketch(RelDataType t)
    {
        return t.getSqlTypeName() == SqlTypeName.VARBINARY
                && (t.getPrecision() == TypeMapping.HLL_PRECISION || t.getPrecision() == TypeMapping.BITMAP_PRECISION);
    }
}

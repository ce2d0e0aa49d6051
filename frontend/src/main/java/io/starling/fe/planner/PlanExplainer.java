package io.starling.fe.planner;

import io.starling.rpc.proto.AggCall;
import io.starling.rpc.proto.Expr;
import io.starling.rpc.proto.PlanNode;
import io.starling.rpc.proto.SortKey;
import java.util.List;
import java.util.stream.Collectors;

/** Renders a plan as indented text for EXPLAIN: one operator per line, inputs indented below it. */
final class PlanExplainer
{
    private static final String INDENT = "  ";

    private PlanExplainer()
    {
    }

    static String explain(PlanNode root)
    {
        StringBuilder sb = new StringBuilder();
        append(sb, root, 0);
        return sb.toString();
    }

    private static void append(StringBuilder sb, PlanNode n, int depth)
    {
        sb.append(INDENT.repeat(depth)).append(n.getId()).append(':');
        switch (n.getNodeCase()) {
            case OLAP_SCAN -> {
                var s = n.getOlapScan();
                sb.append("OlapScanNode table=").append(s.getTableName()).append(" columns=[")
                        .append(s.getColumnsList().stream().map(c -> c.getName()).collect(Collectors.joining(", ")))
                        .append("] tablets=").append(s.getTabletsCount());
                if (s.getConjunctsCount() > 0) {
                    sb.append(" predicates=").append(exprs(s.getConjunctsList()));
                }
                sb.append('\n');
                RuntimeFilterPlanner.explainProbe(sb, s, INDENT.repeat(depth));
            }
            case VALUES -> sb.append("ValuesNode rows=").append(n.getValues().getRowsCount()).append('\n');
            case FILTER -> {
                sb.append("FilterNode predicate=").append(expr(n.getFilter().getPredicate())).append('\n');
                append(sb, n.getFilter().getInput(), depth + 1);
            }
            case PROJECT -> {
                sb.append("ProjectNode exprs=").append(exprs(n.getProject().getExprsList())).append('\n');
                append(sb, n.getProject().getInput(), depth + 1);
            }
            case AGGREGATE -> {
                var a = n.getAggregate();
                sb.append("AggregateNode mode=").append(a.getMode()).append(" group by=").append(exprs(a.getGroupByList()))
                        .append(" aggs=[").append(a.getAggsList().stream().map(PlanExplainer::agg)
                                .collect(Collectors.joining(", "))).append("]\n");
                append(sb, a.getInput(), depth + 1);
            }
            case HASH_JOIN -> {
                var j = n.getHashJoin();
                sb.append("HashJoinNode type=").append(j.getJoinType()).append(" left keys=")
                        .append(exprs(j.getLeftKeysList())).append(" right keys=").append(exprs(j.getRightKeysList()));
                if (j.hasOtherCondition()) {
                    sb.append(" other=").append(expr(j.getOtherCondition()));
                }
                sb.append('\n');
                RuntimeFilterPlanner.explainBuild(sb, j, INDENT.repeat(depth));
                append(sb, j.getLeft(), depth + 1);
                append(sb, j.getRight(), depth + 1);
            }
            case SORT -> {
                var s = n.getSort();
                sb.append("SortNode keys=[").append(s.getKeysList().stream().map(PlanExplainer::key)
                        .collect(Collectors.joining(", "))).append("] limit=").append(s.getLimit())
                        .append(" offset=").append(s.getOffset()).append('\n');
                append(sb, s.getInput(), depth + 1);
            }
            case LIMIT -> {
                sb.append("LimitNode limit=").append(n.getLimit().getLimit()).append(" offset=")
                        .append(n.getLimit().getOffset()).append('\n');
                append(sb, n.getLimit().getInput(), depth + 1);
            }
            case UNION -> {
                sb.append("UnionNode\n");
                for (PlanNode in : n.getUnion().getInputsList()) {
                    append(sb, in, depth + 1);
                }
            }
            case REPEAT -> {
                var r = n.getRepeat();
                sb.append("RepeatNode sets=[").append(r.getSetsList().stream()
                        .map(set -> "null" + set.getNullColumnsList() + " values" + set.getValuesList())
                        .collect(Collectors.joining(", "))).append("]\n");
                append(sb, r.getInput(), depth + 1);
            }
            case WINDOW -> {
                sb.append(WindowTranslator.explain(n.getWindow())).append('\n');
                append(sb, n.getWindow().getInput(), depth + 1);
            }
            default -> sb.append(n.getNodeCase()).append('\n');
        }
    }

    private static String key(SortKey k)
    {
        return expr(k.getExpr()) + (k.getAscending() ? " ASC" : " DESC") + (k.getNullsFirst() ? " NULLS FIRST" : "");
    }

    private static String agg(AggCall a)
    {
        return a.getFunction() + "(" + (a.getDistinct() ? "DISTINCT " : "")
                + (a.getArgsCount() == 0 ? "*" : a.getArgsList().stream().map(PlanExplainer::expr)
                        .collect(Collectors.joining(", "))) + ")"
                + (a.hasFilter() ? " FILTER (WHERE " + expr(a.getFilter()) + ")" : "");
    }

    private static String exprs(List<Expr> list)
    {
        return list.stream().map(PlanExplainer::expr).collect(Collectors.joining(", ", "[", "]"));
    }

    static String expr(Expr e)
    {
        return switch (e.getNodeCase()) {
            case COLUMN_REF -> e.getColumnRef().getName().isEmpty() ? "$" + e.getColumnRef().getIndex()
                    : e.getColumnRef().getName();
            case LITERAL -> {
                var l = e.getLiteral();
                if (l.getIsNull()) {
                    yield "NULL";
                }
                yield switch (l.getValueCase()) {
                    case LONG_VALUE -> Long.toString(l.getLongValue());
                    case DOUBLE_VALUE -> Double.toString(l.getDoubleValue());
                    case BOOL_VALUE -> Boolean.toString(l.getBoolValue());
                    case BYTES_VALUE -> e.getType().getKind() == io.starling.rpc.proto.TypeKindPb.TYPE_VARCHAR
                            || e.getType().getKind() == io.starling.rpc.proto.TypeKindPb.TYPE_CHAR
                            ? "'" + l.getBytesValue().toStringUtf8() + "'" : "<int128>";
                    default -> "?";
                };
            }
            case CALL -> e.getCall().getName() + e.getCall().getArgsList().stream().map(PlanExplainer::expr)
                    .collect(Collectors.joining(", ", "(", ")"));
            default -> "?";
        };
    }
}

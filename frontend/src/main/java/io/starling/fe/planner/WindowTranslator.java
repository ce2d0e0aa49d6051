package io.starling.fe.planner;

import io.starling.fe.parser.StarRocksParser;
import io.starling.fe.parser.StarRocksParser.BoundedFrameContext;
import io.starling.fe.parser.StarRocksParser.CurrentRowBoundContext;
import io.starling.fe.parser.StarRocksParser.ExpressionContext;
import io.starling.fe.parser.StarRocksParser.FrameBoundContext;
import io.starling.fe.parser.StarRocksParser.FunctionCallContext;
import io.starling.fe.parser.StarRocksParser.OverClauseContext;
import io.starling.fe.parser.StarRocksParser.SimpleFunctionCallContext;
import io.starling.fe.parser.StarRocksParser.SortItemContext;
import io.starling.fe.parser.StarRocksParser.StarFunctionCallContext;
import io.starling.fe.parser.StarRocksParser.UnboundedFrameContext;
import io.starling.fe.parser.StarRocksParser.WindowFrameContext;
import io.starling.fe.parser.StarRocksParser.WindowSpecContext;
import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.SqlError;
import io.starling.rpc.proto.Call;
import io.starling.rpc.proto.Expr;
import io.starling.rpc.proto.PlanNode;
import io.starling.rpc.proto.SortKey;
import io.starling.rpc.proto.SortNode;
import io.starling.rpc.proto.TypeDesc;
import io.starling.rpc.proto.WindowBound;
import io.starling.rpc.proto.WindowBoundType;
import io.starling.rpc.proto.WindowFrameDesc;
import io.starling.rpc.proto.WindowFunctionCall;
import io.starling.rpc.proto.WindowNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexWindowBound;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Window functions from SQL to plan IR, both halves:
 * <ul>
 *   <li>{@link #overCall}: a parsed {@code f(args) OVER (PARTITION BY ... ORDER BY ... frame)} becomes Calcite's
 *       {@code OVER(call, SqlWindow)}; the validator types it (StarRocks' SUM/AVG rules come from the type system)
 *       and {@code SqlToRelConverter} turns it into a {@code RexOver} in a Project, which the Hep rule
 *       {@code PROJECT_TO_LOGICAL_PROJECT_AND_WINDOW} moves into a {@code LogicalWindow} (one group per distinct
 *       window specification).</li>
 *   <li>{@link #translate}: each group of the {@code Window} becomes a {@code SortNode} on (PARTITION BY keys ASC
 *       NULLS FIRST, ORDER BY keys) and a {@code WindowNode} that appends the group's function columns, chained in
 *       group order, which is exactly the {@code Window}'s output layout (input columns, then every group's calls).
 *       A group without keys needs no sort.</li>
 * </ul>
 * StarRocks' rules enforced here: RANGE frames take only UNBOUNDED and CURRENT ROW bounds; with ORDER BY and no frame
 * the frame is RANGE UNBOUNDED PRECEDING .. CURRENT ROW, without ORDER BY the whole partition (Calcite's defaults
 * agree); ASC keys sort NULLs first, DESC keys last.
 */
final class WindowTranslator
{
    private static final SqlParserPos POS = SqlParserPos.ZERO;

    /** {@code expr} of {@link SqlNodeBuilder}, which may throw. */
    @FunctionalInterface
    interface SqlFunction<T, R>
    {
        R apply(T t) throws SqlError;
    }

    private final PhysicalTranslator physical;

    WindowTranslator(PhysicalTranslator physical)
    {
        this.physical = physical;
    }

    // ------------------------------------------------------------------------------------------ SQL side

    /** The Calcite OVER call of a function call with an OVER clause. */
    static SqlNode overCall(FunctionCallContext f, OverClauseContext over, SqlFunction<ExpressionContext, SqlNode> expr,
            SqlFunction<List<SortItemContext>, SqlNodeList> sortItems) throws SqlError
    {
        SqlNode call;
        if (f instanceof StarFunctionCallContext s) {
            if (!s.functionName().getText().equalsIgnoreCase("count")) {
                throw new SqlError(ErrorCode.PARSE_ERROR, "'*' is only allowed in COUNT(*)");
            }
            call = SqlStdOperatorTable.COUNT.createCall(POS, org.apache.calcite.sql.SqlIdentifier.star(POS));
        }
        else {
            SimpleFunctionCallContext sf = (SimpleFunctionCallContext) f;
            if (sf.setQuantifier() != null && sf.setQuantifier().DISTINCT() != null) {
                throw new SqlError(ErrorCode.NOT_SUPPORTED, "DISTINCT in window functions is not supported");
            }
            String name = sf.functionName().getText().toLowerCase(Locale.ROOT);
            SqlAggFunction op = switch (name) {
                case "row_number" -> SqlStdOperatorTable.ROW_NUMBER;
                case "rank" -> SqlStdOperatorTable.RANK;
                case "dense_rank" -> SqlStdOperatorTable.DENSE_RANK;
                case "ntile" -> SqlStdOperatorTable.NTILE;
                case "cume_dist" -> SqlStdOperatorTable.CUME_DIST;
                case "percent_rank" -> SqlStdOperatorTable.PERCENT_RANK;
                case "lag" -> SqlStdOperatorTable.LAG;
                case "lead" -> SqlStdOperatorTable.LEAD;
                case "first_value" -> SqlStdOperatorTable.FIRST_VALUE;
                case "last_value" -> SqlStdOperatorTable.LAST_VALUE;
                case "sum" -> SqlStdOperatorTable.SUM;
                case "avg" -> SqlStdOperatorTable.AVG;
                case "count" -> SqlStdOperatorTable.COUNT;
                case "min" -> SqlStdOperatorTable.MIN;
                case "max" -> SqlStdOperatorTable.MAX;
                default -> throw new SqlError(ErrorCode.NOT_SUPPORTED, "Window function " + name + " is not supported");
            };
            List<SqlNode> args = new ArrayList<>();
            for (ExpressionContext a : sf.expression()) {
                args.add(expr.apply(a));
            }
            call = op.createCall(POS, args);
            if (sf.IGNORE() != null) {
                if (op != SqlStdOperatorTable.FIRST_VALUE && op != SqlStdOperatorTable.LAST_VALUE) {
                    throw new SqlError(ErrorCode.NOT_SUPPORTED, "IGNORE NULLS is only supported for FIRST_VALUE and "
                            + "LAST_VALUE");
                }
                call = SqlStdOperatorTable.IGNORE_NULLS.createCall(POS, call);
            }
        }
        return SqlStdOperatorTable.OVER.createCall(POS, call, window(over.windowSpec(), expr, sortItems));
    }

    private static SqlWindow window(WindowSpecContext spec, SqlFunction<ExpressionContext, SqlNode> expr,
            SqlFunction<List<SortItemContext>, SqlNodeList> sortItems) throws SqlError
    {
        List<SqlNode> partition = new ArrayList<>();
        for (ExpressionContext e : spec.partition) {
            partition.add(expr.apply(e));
        }
        SqlNodeList order = spec.sortItem().isEmpty() ? SqlNodeList.EMPTY : sortItems.apply(spec.sortItem());
        WindowFrameContext frame = spec.windowFrame();
        SqlLiteral isRows = SqlLiteral.createBoolean(frame != null && frame.frameType.getType() == StarRocksParser.ROWS, POS);
        SqlNode lower = null;
        SqlNode upper = null;
        if (frame != null) {
            lower = bound(frame.start, expr);
            upper = frame.end == null ? SqlWindow.createCurrentRow(POS) : bound(frame.end, expr);
            if (frame.frameType.getType() == StarRocksParser.RANGE
                    && (frame.start instanceof BoundedFrameContext || frame.end instanceof BoundedFrameContext)) {
                throw new SqlError(ErrorCode.NOT_SUPPORTED,
                        "RANGE window frame only supports UNBOUNDED PRECEDING, CURRENT ROW and UNBOUNDED FOLLOWING bounds");
            }
        }
        return SqlWindow.create(null, null, new SqlNodeList(partition, POS), order, isRows, lower, upper, null, POS);
    }

    private static SqlNode bound(FrameBoundContext b, SqlFunction<ExpressionContext, SqlNode> expr) throws SqlError
    {
        if (b instanceof UnboundedFrameContext u) {
            return u.boundType.getType() == StarRocksParser.PRECEDING ? SqlWindow.createUnboundedPreceding(POS)
                    : SqlWindow.createUnboundedFollowing(POS);
        }
        if (b instanceof CurrentRowBoundContext) {
            return SqlWindow.createCurrentRow(POS);
        }
        BoundedFrameContext bf = (BoundedFrameContext) b;
        SqlNode offset = expr.apply(bf.expression());
        return bf.boundType.getType() == StarRocksParser.PRECEDING ? SqlWindow.createPreceding(offset, POS)
                : SqlWindow.createFollowing(offset, POS);
    }

    // ------------------------------------------------------------------------------------------ plan side

    /** The Sort + WindowNode chain of {@code w}. */
    PlanNode translate(Window w) throws SqlError
    {
        PlanNode current = physical.translate(w.getInput());
        List<RelDataTypeField> inFields = w.getInput().getRowType().getFieldList();
        List<RelDataTypeField> outFields = w.getRowType().getFieldList();
        int inCount = inFields.size();
        int produced = inCount;
        for (Window.Group g : w.groups) {
            List<Expr> partition = new ArrayList<>();
            List<SortKey> sortKeys = new ArrayList<>();
            List<SortKey> order = new ArrayList<>();
            for (int k : g.keys) {
                Expr e = ref(k, inFields.get(k));
                partition.add(e);
                sortKeys.add(SortKey.newBuilder().setExpr(e).setAscending(true).setNullsFirst(true).build());
            }
            for (RelFieldCollation c : g.orderKeys.getFieldCollations()) {
                boolean asc = !c.direction.isDescending();
                boolean nullsFirst = switch (c.nullDirection) {
                    case FIRST -> true;
                    case LAST -> false;
                    default -> asc;
                };
                SortKey key = SortKey.newBuilder().setExpr(ref(c.getFieldIndex(), inFields.get(c.getFieldIndex())))
                        .setAscending(asc).setNullsFirst(nullsFirst).build();
                order.add(key);
                sortKeys.add(key);
            }
            if (!sortKeys.isEmpty()) {
                PlanNode.Builder sort = PlanNode.newBuilder().setId(physical.newNodeId())
                        .addAllOutputTypes(current.getOutputTypesList()).addAllOutputNames(current.getOutputNamesList());
                current = sort.setSort(SortNode.newBuilder().setInput(current).addAllKeys(sortKeys).setLimit(-1)).build();
            }
            WindowNode.Builder wb = WindowNode.newBuilder().setInput(current).addAllPartitionBy(partition)
                    .addAllOrderBy(order);
            PlanNode.Builder nb = PlanNode.newBuilder().setId(physical.newNodeId())
                    .addAllOutputTypes(current.getOutputTypesList()).addAllOutputNames(current.getOutputNamesList());
            WindowFrameDesc frame = frame(g, w, inCount);
            for (Window.RexWinAggCall call : g.aggCalls) {
                wb.addFunctions(function(call, w, inFields, frame));
                RelDataTypeField out = outFields.get(produced++);
                nb.addOutputTypes(TypeMapping.toDesc(out.getType())).addOutputNames(out.getName());
            }
            current = nb.setWindow(wb).build();
        }
        return current;
    }

    private static WindowFunctionCall function(Window.RexWinAggCall call, Window w, List<RelDataTypeField> inFields,
            WindowFrameDesc frame) throws SqlError
    {
        String name = switch (call.getOperator().getKind()) {
            case ROW_NUMBER -> "row_number";
            case RANK -> "rank";
            case DENSE_RANK -> "dense_rank";
            case NTILE -> "ntile";
            case CUME_DIST -> "cume_dist";
            case PERCENT_RANK -> "percent_rank";
            case LAG -> "lag";
            case LEAD -> "lead";
            case FIRST_VALUE -> "first_value";
            case LAST_VALUE -> "last_value";
            // $SUM0 only appears under CASE WHEN COUNT(x) > 0 (Calcite's rewrite of a nullable SUM), where it is SUM
            case SUM, SUM0 -> "sum";
            case AVG -> "avg";
            case COUNT -> "count";
            case MIN -> "min";
            case MAX -> "max";
            default -> throw new SqlError(ErrorCode.NOT_SUPPORTED, "Window function "
                    + call.getOperator().getName() + " is not supported");
        };
        if (call.distinct) {
            throw new SqlError(ErrorCode.NOT_SUPPORTED, "DISTINCT in window functions is not supported");
        }
        TypeDesc result = TypeMapping.toDesc(call.getType());
        WindowFunctionCall.Builder b = WindowFunctionCall.newBuilder().setName(name).setResultType(result)
                .setFrame(frame).setIgnoreNulls(call.ignoreNulls);
        List<RexNode> operands = call.getOperands();
        for (int i = 0; i < operands.size(); i++) {
            Expr e = operand(operands.get(i), w, inFields);
            if ((name.equals("lag") || name.equals("lead")) && i == 2 && !e.getType().equals(result)) {
                e = Expr.newBuilder().setType(result).setCall(Call.newBuilder().setName("cast").addArgs(e)).build();
            }
            b.addArgs(e);
        }
        return b.build();
    }

    /** An operand: an input column, or a constant of the window (input refs past the input's fields). */
    private static Expr operand(RexNode n, Window w, List<RelDataTypeField> inFields) throws SqlError
    {
        if (n instanceof RexInputRef r && r.getIndex() < inFields.size()) {
            return ref(r.getIndex(), inFields.get(r.getIndex()));
        }
        RexNode c = constant(n, w, inFields.size());
        return new RexTranslator(w.getCluster().getRexBuilder(), List.of()).translate(c);
    }

    private static RexNode constant(RexNode n, Window w, int inCount)
    {
        if (n instanceof RexInputRef r && r.getIndex() >= inCount) {
            return w.constants.get(r.getIndex() - inCount);
        }
        return n;
    }

    private static WindowFrameDesc frame(Window.Group g, Window w, int inCount) throws SqlError
    {
        WindowFrameDesc.Builder f = WindowFrameDesc.newBuilder().setRows(g.isRows)
                .setStart(bound(g.lowerBound, w, inCount)).setEnd(bound(g.upperBound, w, inCount));
        if (!g.isRows && (f.getStart().getType() == WindowBoundType.WINDOW_PRECEDING
                || f.getStart().getType() == WindowBoundType.WINDOW_FOLLOWING
                || f.getEnd().getType() == WindowBoundType.WINDOW_PRECEDING
                || f.getEnd().getType() == WindowBoundType.WINDOW_FOLLOWING)) {
            throw new SqlError(ErrorCode.NOT_SUPPORTED,
                    "RANGE window frame only supports UNBOUNDED PRECEDING, CURRENT ROW and UNBOUNDED FOLLOWING bounds");
        }
        return f.build();
    }

    private static WindowBound bound(RexWindowBound b, Window w, int inCount) throws SqlError
    {
        if (b.isCurrentRow()) {
            return WindowBound.newBuilder().setType(WindowBoundType.WINDOW_CURRENT_ROW).build();
        }
        if (b.isUnbounded()) {
            return WindowBound.newBuilder().setType(b.isPreceding() ? WindowBoundType.WINDOW_UNBOUNDED_PRECEDING
                    : WindowBoundType.WINDOW_UNBOUNDED_FOLLOWING).build();
        }
        RexNode offset = constant(b.getOffset(), w, inCount);
        if (!(offset instanceof RexLiteral lit) || lit.getValueAs(BigDecimal.class) == null
                || lit.getValueAs(BigDecimal.class).signum() < 0) {
            throw new SqlError(ErrorCode.NOT_SUPPORTED, "Window frame offsets must be non-negative integer constants");
        }
        long n = lit.getValueAs(BigDecimal.class).longValueExact();
        return WindowBound.newBuilder().setType(b.isPreceding() ? WindowBoundType.WINDOW_PRECEDING
                : WindowBoundType.WINDOW_FOLLOWING).setOffset(n).build();
    }

    private static Expr ref(int index, RelDataTypeField f) throws SqlError
    {
        return Expr.newBuilder().setType(TypeMapping.toDesc(f.getType()))
                .setColumnRef(io.starling.rpc.proto.ColumnRef.newBuilder().setIndex(index).setName(f.getName()))
                .build();
    }

    // ------------------------------------------------------------------------------------------ EXPLAIN

    /** One EXPLAIN line for a window node (without the id prefix and newline). */
    static String explain(WindowNode w)
    {
        return "WindowNode partition by=" + w.getPartitionByList().stream().map(PlanExplainer::expr)
                .collect(Collectors.joining(", ", "[", "]"))
                + " order by=" + w.getOrderByList().stream().map(k -> PlanExplainer.expr(k.getExpr())
                        + (k.getAscending() ? " ASC" : " DESC") + (k.getNullsFirst() ? " NULLS FIRST" : " NULLS LAST"))
                .collect(Collectors.joining(", ", "[", "]"))
                + " functions=" + w.getFunctionsList().stream().map(WindowTranslator::explain)
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String explain(WindowFunctionCall f)
    {
        String call = f.getName() + f.getArgsList().stream().map(PlanExplainer::expr)
                .collect(Collectors.joining(", ", "(", ")")) + (f.getIgnoreNulls() ? " IGNORE NULLS" : "");
        return switch (f.getName()) {
            case "row_number", "rank", "dense_rank", "ntile", "cume_dist", "percent_rank", "lag", "lead" -> call;
            default -> call + " " + (f.getFrame().getRows() ? "ROWS" : "RANGE") + " BETWEEN " + bound(f.getFrame().getStart())
                    + " AND " + bound(f.getFrame().getEnd());
        };
    }

    private static String bound(WindowBound b)
    {
        return switch (b.getType()) {
            case WINDOW_UNBOUNDED_PRECEDING -> "UNBOUNDED PRECEDING";
            case WINDOW_PRECEDING -> b.getOffset() + " PRECEDING";
            case WINDOW_CURRENT_ROW -> "CURRENT ROW";
            case WINDOW_FOLLOWING -> b.getOffset() + " FOLLOWING";
            default -> "UNBOUNDED FOLLOWING";
        };
    }
}

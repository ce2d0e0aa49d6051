package io.starling.be.fragment;

import io.starling.be.expr.ExprTranslator;
import io.starling.be.expr.ProtoTypes;
import io.starling.exec.expr.Expression;
import io.starling.exec.operator.Operator;
import io.starling.exec.operator.OperatorContext;
import io.starling.exec.operator.window.WindowCall;
import io.starling.exec.operator.window.WindowFrame;
import io.starling.exec.operator.window.WindowFunctionKind;
import io.starling.exec.operator.window.WindowOperator;
import io.starling.exec.sort.SortKey;
import io.starling.rpc.proto.WindowBound;
import io.starling.rpc.proto.WindowFrameDesc;
import io.starling.rpc.proto.WindowFunctionCall;
import io.starling.rpc.proto.WindowNode;
import io.starling.storage.types.DataType;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link WindowNode} translated once per fragment into what every {@link WindowOperator} instance needs: the
 * input types, the PARTITION BY expressions, the ORDER BY keys and the {@link WindowCall}s. The node's input is
 * already sorted (the FE plans a SortNode below it); the operator runs on one driver after a gather, so each
 * partition is seen whole by one operator (hash-partitioning the input over several drivers is future work).
 */
final class WindowPlan
{
    private final List<DataType> inputTypes;
    private final List<Expression> partitionBy;
    private final List<SortKey> orderBy;
    private final List<WindowCall> calls;

    private WindowPlan(List<DataType> inputTypes, List<Expression> partitionBy, List<SortKey> orderBy, List<WindowCall> calls)
    {
        this.inputTypes = inputTypes;
        this.partitionBy = partitionBy;
        this.orderBy = orderBy;
        this.calls = calls;
    }

    /** Translates {@code node} whose input produces {@code inputTypes}. */
    static WindowPlan of(WindowNode node, List<DataType> inputTypes)
    {
        ExprTranslator t = new ExprTranslator(inputTypes);
        List<Expression> partition = t.translateAll(node.getPartitionByList());
        List<SortKey> order = new ArrayList<>();
        for (io.starling.rpc.proto.SortKey k : node.getOrderByList()) {
            order.add(new SortKey(t.translate(k.getExpr()), k.getAscending(), k.getNullsFirst()));
        }
        List<WindowCall> calls = new ArrayList<>();
        for (WindowFunctionCall f : node.getFunctionsList()) {
            WindowFunctionKind kind = WindowFunctionKind.of(f.getName());
            calls.add(new WindowCall(kind, t.translateAll(f.getArgsList()), ProtoTypes.toDataType(f.getResultType()),
                    f.hasFrame() ? frame(f.getFrame()) : WindowFrame.wholePartition(), f.getIgnoreNulls()));
        }
        return new WindowPlan(List.copyOf(inputTypes), partition, order, calls);
    }

    /** The node's output types: the input's, then one per function. */
    static List<DataType> outputTypes(WindowNode node, List<DataType> inputTypes)
    {
        List<DataType> out = new ArrayList<>(inputTypes);
        node.getFunctionsList().forEach(f -> out.add(ProtoTypes.toDataType(f.getResultType())));
        return out;
    }

    /** A new operator instance (one per driver). */
    Operator operator(OperatorContext context)
    {
        return new WindowOperator(context, inputTypes, partitionBy, orderBy, calls);
    }

    private static WindowFrame frame(WindowFrameDesc f)
    {
        return new WindowFrame(f.getRows(), bound(f.getStart()), bound(f.getEnd()));
    }

    private static WindowFrame.Bound bound(WindowBound b)
    {
        return switch (b.getType()) {
            case WINDOW_UNBOUNDED_PRECEDING -> WindowFrame.Bound.unboundedPreceding();
            case WINDOW_PRECEDING -> WindowFrame.Bound.preceding(b.getOffset());
            case WINDOW_CURRENT_ROW -> WindowFrame.Bound.currentRow();
            case WINDOW_FOLLOWING -> WindowFrame.Bound.following(b.getOffset());
            case WINDOW_UNBOUNDED_FOLLOWING -> WindowFrame.Bound.unboundedFollowing();
            case UNRECOGNIZED -> throw new IllegalArgumentException("unknown window bound " + b);
        };
    }
}

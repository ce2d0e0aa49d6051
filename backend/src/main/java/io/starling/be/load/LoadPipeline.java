package io.starling.be.load;

import io.starling.be.expr.ExprTranslator;
import io.starling.be.expr.ProtoTypes;
import io.starling.be.sink.OlapTableSinkOperator;
import io.starling.exec.expr.AndExpr;
import io.starling.exec.expr.Expression;
import io.starling.rpc.proto.OlapScanNode;
import io.starling.rpc.proto.PlanNode;
import io.starling.rpc.proto.ScanColumn;
import io.starling.rpc.proto.SinkResult;
import io.starling.rpc.proto.StreamLoadPlan;
import io.starling.rpc.service.FrontendCallbacks;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.tablet.TabletStore;
import io.starling.storage.types.DataType;

import java.util.ArrayList;
import java.util.List;

/**
 * The steps of a Stream Load plan above its source, run on the load's own thread: the source scan's conjuncts,
 * then every FILTER / PROJECT node up to the root (the {@code where} filter, the {@code columns} expressions and
 * the casts to the table's columns), then the {@link OlapTableSinkOperator}. Filter and project are evaluated here
 * directly with the expression engine (a filter narrows the selection vector, a project builds a new batch), which
 * is all a load's chain needs and keeps it independent of the query pipeline's operator classes. The load thread pushes each parsed
 * batch through synchronously, so the parser never runs ahead of the sink: that, plus the {@link BodyPipe}'s
 * high-water mark, is the load's back-pressure. Rows removed by filters are counted as unselected.
 */
final class LoadPipeline implements AutoCloseable
{
    /** One step: a filter predicate or a projection. */
    private record Step(Expression predicate, List<Expression> projection)
    {
    }

    private final List<Step> steps = new ArrayList<>();
    private final MemoryContext ctx;
    private final OlapTableSinkOperator sink;
    private final OlapScanNode source;
    private long unselected;

    LoadPipeline(StreamLoadPlan plan, TabletStore store, FrontendCallbacks callbacks, MemoryContext ctx)
    {
        this.ctx = ctx;
        List<PlanNode> chain = new ArrayList<>();   // root first, source excluded
        PlanNode n = plan.getFragment().getRoot();
        while (n.getNodeCase() != PlanNode.NodeCase.OLAP_SCAN) {
            chain.add(n);
            n = switch (n.getNodeCase()) {
                case FILTER -> n.getFilter().getInput();
                case PROJECT -> n.getProject().getInput();
                default -> throw new IllegalArgumentException("stream load plans support filter and project above "
                        + "the source; got " + n.getNodeCase());
            };
        }
        if (n.getId() != plan.getSourceNodeId()) {
            throw new IllegalArgumentException("stream load plan scans a table (node " + n.getId() + ")");
        }
        this.source = n.getOlapScan();
        List<DataType> types = new ArrayList<>();
        for (ScanColumn c : source.getColumnsList()) {
            types.add(ProtoTypes.toDataType(c.getType()));
        }
        if (source.getConjunctsCount() > 0) {
            List<Expression> conj = new ExprTranslator(types).translateAll(source.getConjunctsList());
            steps.add(new Step(AndExpr.of(conj), null));
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            PlanNode p = chain.get(i);
            ExprTranslator t = new ExprTranslator(types);
            if (p.hasFilter()) {
                steps.add(new Step(t.translate(p.getFilter().getPredicate()), null));
            }
            else {
                steps.add(new Step(null, t.translateAll(p.getProject().getExprsList())));
                types = new ArrayList<>();
                for (var e : p.getProject().getExprsList()) {
                    types.add(ProtoTypes.toDataType(e.getType()));
                }
            }
        }
        this.sink = new OlapTableSinkOperator("OLAP_TABLE_SINK", plan.getFragment().getSink().getOlapTable(), store,
                callbacks, ctx);
    }

    /** The source scan: its columns are what the parser must produce, in order. */
    OlapScanNode source()
    {
        return source;
    }

    /** Pushes one source batch through to the sink (ownership passes in). */
    void push(ColumnBatch batch)
    {
        ColumnBatch cur = batch;
        try {
            for (Step step : steps) {
                if (step.predicate() != null) {
                    int before = cur.size();
                    filter(cur, step.predicate());
                    unselected += before - cur.size();
                    if (cur.size() == 0) {
                        return;
                    }
                }
                else {
                    ColumnBatch next = project(cur, step.projection());
                    cur.close();
                    cur = next;
                }
            }
            ColumnBatch toSink = cur;
            cur = null;
            sink.push(toSink);
        }
        finally {
            if (cur != null) {
                cur.close();
            }
        }
    }

    /** Narrows the batch's selection to the rows where the predicate is TRUE (NULL counts as false). */
    private void filter(ColumnBatch batch, Expression predicate)
    {
        try (ColumnVector pass = predicate.evaluate(batch, ctx)) {
            int n = batch.size();
            int[] sel = new int[n];
            int k = 0;
            for (int i = 0; i < n; i++) {
                int p = batch.position(i);
                if (!pass.isNull(p) && pass.getBoolean(p)) {
                    sel[k++] = p;
                }
            }
            if (k < n) {
                batch.setSelection(sel, k);
            }
        }
    }

    /** A new batch of the expressions' values, keeping the input's row count and selection. */
    private ColumnBatch project(ColumnBatch batch, List<Expression> exprs)
    {
        ColumnVector[] cols = new ColumnVector[exprs.size()];
        try {
            for (int i = 0; i < cols.length; i++) {
                cols[i] = exprs.get(i).evaluate(batch, ctx);
            }
        }
        catch (RuntimeException e) {
            for (ColumnVector c : cols) {
                if (c != null) {
                    c.close();
                }
            }
            throw e;
        }
        ColumnBatch out = new ColumnBatch(cols, batch.rowCount());
        if (batch.selection() != null) {
            out.setSelection(batch.selection().clone(), batch.size());
        }
        return out;
    }

    /** Ends the load: the sink finishes its rowsets (pending for the transaction) and reports what it wrote. */
    SinkResult finish()
    {
        sink.finish();
        return sink.result();
    }

    long unselectedRows()
    {
        return unselected;
    }

    @Override
    public void close()
    {
        sink.close();
    }
}

package io.starling.be.scan;

import io.starling.be.expr.ExprTranslator;
import io.starling.be.expr.ProtoTypes;
import io.starling.exec.expr.AndExpr;
import io.starling.exec.expr.Expression;
import io.starling.exec.kernel.CompareOp;
import io.starling.exec.kernel.KernelProvider;
import io.starling.exec.kernel.filter.FilterKernels;
import io.starling.rpc.proto.Call;
import io.starling.rpc.proto.Expr;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;
import io.starling.storage.types.TypeKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The scan conjuncts, split into {@code column op constant} terms evaluated by the {@link FilterKernels} straight on
 * the scanned vectors and the rest, evaluated as one expression on the rows the terms kept.
 *
 * <p>A term is a top-level conjunct {@code =, <>, <, <=, >, >=} (either operand order) between a column of type INT,
 * DATE (int days), BIGINT, DATETIME (long micros), DECIMAL with at most 18 digits (long unscaled) or DOUBLE and a
 * non-NULL literal of the same value domain (same decimal scale; for INT columns the constant must fit in an int).
 * Those are exactly the comparisons the expression evaluator runs as primitive {@code <}/{@code ==} on the same
 * values, so results are identical (DOUBLE included: NaN compares false except with {@code <>}). The first term
 * produces a selection vector from the dense batch, later terms narrow it; NULL rows are then dropped from it (the
 * kernels do not see validity). Immutable and shared by the scan's drivers.
 */
public final class KernelFilter
{
    /** One kernel comparison: {@code column op constant} in the column's physical domain. */
    record Term(int column, PhysicalType physical, CompareOp op, long longValue, double doubleValue)
    {
    }

    private final List<Term> terms;
    /** Conjuncts over one string column, evaluated on dictionary codes where the pages allow it. */
    private final List<DictFilter.Term> dictTerms;
    private final Expression rest;
    /** Scan output columns the filter reads (kernel term columns and every column the rest references). */
    private final boolean[] reads;
    private final FilterKernels kernels = KernelProvider.get().filter();

    private KernelFilter(List<Term> terms, List<DictFilter.Term> dictTerms, Expression rest, boolean[] reads)
    {
        this.terms = List.copyOf(terms);
        this.dictTerms = List.copyOf(dictTerms);
        this.rest = rest;
        this.reads = reads;
    }

    /**
     * Splits the scan's conjuncts (over the scan output {@code types}) into kernel terms and the rest. Returns null
     * when there is no conjunct at all.
     */
    public static KernelFilter of(List<Expr> conjuncts, List<DataType> types)
    {
        List<Expr> flat = new ArrayList<>();
        for (Expr e : conjuncts) {
            flatten(e, flat);
        }
        if (flat.isEmpty()) {
            return null;
        }
        List<Term> terms = new ArrayList<>();
        List<DictFilter.Term> dictTerms = new ArrayList<>();
        List<Expr> others = new ArrayList<>();
        for (Expr e : flat) {
            Term t = term(e, types);
            int dictColumn = t == null ? DictFilter.column(e, types) : -1;
            if (t != null) {
                terms.add(t);
            }
            else if (dictColumn >= 0) {
                dictTerms.add(DictFilter.term(e, dictColumn, types));
            }
            else {
                others.add(e);
            }
        }
        List<Expression> rest = new ExprTranslator(types).translateAll(others);
        boolean[] reads = new boolean[types.size()];
        for (Term t : terms) {
            reads[t.column()] = true;
        }
        for (Expr e : others) {
            markColumns(e, reads);
        }
        // dictionary-term columns are not read up front: they are filtered by code and materialized late
        return new KernelFilter(terms, dictTerms, rest.isEmpty() ? null : AndExpr.of(rest), reads);
    }

    private static void markColumns(Expr e, boolean[] reads)
    {
        switch (e.getNodeCase()) {
            case COLUMN_REF -> {
                int c = e.getColumnRef().getIndex();
                if (c >= 0 && c < reads.length) {
                    reads[c] = true;
                }
            }
            case CALL -> e.getCall().getArgsList().forEach(a -> markColumns(a, reads));
            default -> {
            }
        }
    }

    /**
     * Whether the filter reads scan output column {@code column}; the scan decodes those first and the others only
     * for the rows that pass (late materialization).
     */
    public boolean readsColumn(int column)
    {
        return reads[column];
    }

    private static void flatten(Expr e, List<Expr> out)
    {
        if (e.getNodeCase() == Expr.NodeCase.CALL && e.getCall().getName().equalsIgnoreCase("and")) {
            for (Expr a : e.getCall().getArgsList()) {
                flatten(a, out);
            }
        }
        else {
            out.add(e);
        }
    }

    /** Number of conjuncts run by the kernels (for tests and profiles). */
    public int kernelTerms()
    {
        return terms.size();
    }

    /** Number of conjuncts evaluated on dictionary codes where the pages are DICT-encoded. */
    public int dictTerms()
    {
        return dictTerms.size();
    }

    /** Whether some conjuncts are evaluated as an expression. */
    public boolean hasResidual()
    {
        return rest != null;
    }

    private static Term term(Expr e, List<DataType> types)
    {
        if (e.getNodeCase() != Expr.NodeCase.CALL) {
            return null;
        }
        Call c = e.getCall();
        CompareOp op = switch (c.getName().toLowerCase(Locale.ROOT)) {
            case "eq" -> CompareOp.EQ;
            case "ne" -> CompareOp.NE;
            case "lt" -> CompareOp.LT;
            case "le" -> CompareOp.LE;
            case "gt" -> CompareOp.GT;
            case "ge" -> CompareOp.GE;
            default -> null;
        };
        if (op == null || c.getArgsCount() != 2) {
            return null;
        }
        Expr l = c.getArgs(0);
        Expr r = c.getArgs(1);
        if (l.getNodeCase() == Expr.NodeCase.COLUMN_REF && r.getNodeCase() == Expr.NodeCase.LITERAL) {
            return term(op, l, r, types);
        }
        if (l.getNodeCase() == Expr.NodeCase.LITERAL && r.getNodeCase() == Expr.NodeCase.COLUMN_REF) {
            return term(op.flip(), r, l, types);
        }
        return null;
    }

    private static Term term(CompareOp op, Expr column, Expr literal, List<DataType> types)
    {
        int col = column.getColumnRef().getIndex();
        if (col < 0 || col >= types.size()) {
            return null;
        }
        DataType ct = types.get(col);
        DataType lt = ProtoTypes.toDataType(literal.getType());
        boolean eligible = switch (ct.kind()) {
            case INT, BIGINT -> lt.kind().isInteger() && lt.kind() != TypeKind.LARGEINT;
            case DATE, DATETIME, DOUBLE -> lt.kind() == ct.kind();
            case DECIMAL -> ct.physical() == PhysicalType.LONG && lt.isDecimal() && lt.scale() == ct.scale()
                    && lt.physical() == PhysicalType.LONG;
            default -> false;
        };
        if (!eligible) {
            return null;
        }
        Object v = ZonePredicate.constant(ct, literal);
        if (ct.physical() == PhysicalType.DOUBLE) {
            return v instanceof Double d ? new Term(col, PhysicalType.DOUBLE, op, 0, d) : null;
        }
        if (!(v instanceof Long x)) {
            return null;
        }
        if (ct.physical() == PhysicalType.INT && (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE)) {
            return null;
        }
        return new Term(col, ct.physical(), op, x, 0);
    }

    /** Per-driver buffers of {@link #apply}. */
    public static final class Scratch
    {
        /** Dense bitmask scratch of the "selected" kernels: one word per 64 rows plus one. */
        final long[] bits = new long[ColumnBatch.MAX_ROWS / 64 + 1];
        /** Per dictionary term of {@link #owner}: cached page verdicts and code buffers (created on first use). */
        DictFilter.TermScratch[] dict;
        KernelFilter owner;
        /** Output columns the last {@link #apply} decoded into the batch (dictionary terms on non-DICT pages). */
        boolean[] materialized;
        /** Rows the dictionary terms removed in the last {@link #apply}. */
        int dictRemoved;

        /** Whether the last {@link #apply} left output column {@code c} decoded in the batch. */
        public boolean materialized(int c)
        {
            return materialized != null && materialized[c];
        }

        /** Rows removed by conjuncts evaluated on dictionary codes (or on the decoded column) in the last apply. */
        public int dictRemoved()
        {
            return dictRemoved;
        }

        /** Pages whose dictionary terms ran per dictionary entry, over this scratch's life. */
        public long dictPagesEvaluated()
        {
            long n = 0;
            for (DictFilter.TermScratch t : dict == null ? new DictFilter.TermScratch[0] : dict) {
                n += t.pagesEvaluated;
            }
            return n;
        }
    }

    /**
     * Narrows {@code batch} (dense, as read) to the rows passing every conjunct, by a selection vector. Returns the
     * number of rows removed by kernel terms; the rest's removals are {@code rows - kept - returned}.
     */
    public int apply(ColumnBatch batch, Scratch scratch, MemoryContext ctx)
    {
        return apply(batch, scratch, ctx, null, 0, null);
    }

    /**
     * As {@link #apply(ColumnBatch, Scratch, MemoryContext)} for a batch read from rows {@code [firstRow, ...)} of
     * {@code segment} ({@code tableColumns}: segment column of each output column) whose dictionary-term columns
     * were not decoded: those terms filter by dictionary code on DICT pages, else decode the column first
     * ({@link Scratch#materialized}). With a null segment every column must already be in the batch.
     */
    public int apply(ColumnBatch batch, Scratch scratch, MemoryContext ctx, io.starling.storage.segment.SegmentReader segment,
            long firstRow, int[] tableColumns)
    {
        int n = batch.rowCount();
        scratch.dictRemoved = 0;
        int[] sel = new int[Math.max(1, n)];
        int count = -1;
        for (Term t : terms) {
            ColumnVector v = batch.column(t.column());
            count = count < 0 ? select(t, v, n, sel) : selected(t, v, sel, count, scratch.bits);
            if (v.hasNulls()) {
                count = dropNulls(v, sel, count);
            }
            if (count == 0) {
                break;
            }
        }
        int afterKernels = count < 0 ? n : count;
        if (!dictTerms.isEmpty()) {
            if (scratch.owner != this) {
                // cached page verdicts belong to one filter's terms
                scratch.owner = this;
                scratch.dict = new DictFilter.TermScratch[dictTerms.size()];
                for (int i = 0; i < scratch.dict.length; i++) {
                    scratch.dict[i] = new DictFilter.TermScratch();
                }
                scratch.materialized = new boolean[reads.length];
            }
            // a column the rest also reads was decoded up front: its terms run on the vector
            for (int c = 0; c < reads.length; c++) {
                scratch.materialized[c] = reads[c] || segment == null;
            }
            DictFilter.Source src = segment == null ? null : new DictFilter.Source(segment, firstRow, tableColumns);
            for (int i = 0; i < dictTerms.size() && count != 0; i++) {
                count = DictFilter.apply(dictTerms.get(i), batch, src, scratch.dict[i], sel, count, scratch.materialized, ctx);
            }
            scratch.dictRemoved = afterKernels - (count < 0 ? n : count);
            afterKernels = count < 0 ? n : count;
        }
        if (count >= 0 && count < n) {
            batch.setSelection(sel, count);
        }
        if (rest != null && afterKernels > 0) {
            applyRest(batch, ctx);
        }
        return n - afterKernels - scratch.dictRemoved;
    }

    private int select(Term t, ColumnVector v, int n, int[] sel)
    {
        return switch (t.physical()) {
            case INT -> kernels.compareIntSelect(t.op(), v.data(), 0, n, (int) t.longValue(), sel);
            case LONG -> kernels.compareLongSelect(t.op(), v.data(), 0, n, t.longValue(), sel);
            case DOUBLE -> kernels.compareDoubleSelect(t.op(), v.data(), 0, n, t.doubleValue(), sel);
            default -> throw new IllegalStateException("no kernel for " + t.physical());
        };
    }

    private int selected(Term t, ColumnVector v, int[] sel, int count, long[] bits)
    {
        return switch (t.physical()) {
            case INT -> kernels.compareIntSelected(t.op(), v.data(), 0, sel, count, (int) t.longValue(), sel, bits);
            case LONG -> kernels.compareLongSelected(t.op(), v.data(), 0, sel, count, t.longValue(), sel, bits);
            case DOUBLE -> kernels.compareDoubleSelected(t.op(), v.data(), 0, sel, count, t.doubleValue(), sel, bits);
            default -> throw new IllegalStateException("no kernel for " + t.physical());
        };
    }

    private static int dropNulls(ColumnVector v, int[] sel, int count)
    {
        int k = 0;
        for (int i = 0; i < count; i++) {
            int p = sel[i];
            sel[k] = p;
            k += v.isNull(p) ? 0 : 1;
        }
        return k;
    }

    private void applyRest(ColumnBatch batch, MemoryContext ctx)
    {
        try (ColumnVector pass = rest.evaluate(batch, ctx)) {
            int size = batch.size();
            int[] sel = new int[Math.max(1, size)];
            int k = 0;
            for (int i = 0; i < size; i++) {
                int p = batch.position(i);
                sel[k] = p;
                k += !pass.isNull(p) && pass.getBoolean(p) ? 1 : 0;
            }
            if (k < batch.rowCount()) {
                batch.setSelection(sel, k);
            }
        }
    }
}

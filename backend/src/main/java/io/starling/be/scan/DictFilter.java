package io.starling.be.scan;

import io.starling.be.expr.ExprTranslator;
import io.starling.exec.expr.Expression;
import io.starling.rpc.proto.ColumnRef;
import io.starling.rpc.proto.Expr;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.segment.DictPage;
import io.starling.storage.segment.SegmentReader;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Scan conjuncts over one CHAR/VARCHAR column evaluated on dictionary codes: for a DICT-encoded page the conjunct runs
 * once per dictionary entry (plus once for NULL), and the rows are then filtered by their code, so rows that fail are
 * never decoded and the rows that pass are materialized after all filters (late). This is how {@code =, <>, IN,
 * LIKE 'prefix%'} (and any other conjunct of the whitelisted functions over that single column) on a low-cardinality
 * string column cost one bit-unpack and one table lookup per row instead of a string copy and a string compare.
 *
 * <p>Semantics are those of the expression evaluator by construction: the very same translated expression is
 * evaluated, on a vector holding the dictionary's bytes exactly as the page decoder would write them. A page that is
 * not DICT (PLAIN fallback of a high-cardinality page) decodes the column and evaluates the conjunct on the rows, as
 * before. Only functions that cannot fail are whitelisted ({@link #SAFE_FUNCTIONS}): a conjunct evaluated on every
 * dictionary entry also sees values of rows that other conjuncts removed, so it must not raise errors.
 */
final class DictFilter
{
    /** Calls that never raise an error and are deterministic; CAST is absent (a strict cast of some entry may fail). */
    static final Set<String> SAFE_FUNCTIONS = Set.of("eq", "ne", "lt", "le", "gt", "ge", "eq_for_null", "and", "or",
            "not", "is_null", "is_not_null", "in", "not_in", "like", "not_like", "starts_with", "ends_with", "if",
            "ifnull", "nullif", "coalesce", "case", "upper", "lower", "length", "char_length", "trim", "ltrim",
            "rtrim", "substring", "substr", "concat");

    /** One conjunct over string column {@code column}: on the batch and on a one-column dictionary batch. */
    record Term(int column, DataType type, Expression onBatch, Expression onDictionary)
    {
    }

    private DictFilter()
    {
    }

    /**
     * The output column the conjunct reads when it is a dictionary term (it reads exactly one column, of physical
     * type VARLEN, through whitelisted calls only), else -1.
     */
    static int column(Expr e, List<DataType> types)
    {
        if (e.getNodeCase() != Expr.NodeCase.CALL) {
            return -1;
        }
        int[] col = {-1};
        if (!safe(e, col) || col[0] < 0 || col[0] >= types.size()) {
            return -1;
        }
        return types.get(col[0]).physical() == PhysicalType.VARLEN ? col[0] : -1;
    }

    private static boolean safe(Expr e, int[] col)
    {
        return switch (e.getNodeCase()) {
            case LITERAL -> true;
            case COLUMN_REF -> {
                int c = e.getColumnRef().getIndex();
                if (col[0] >= 0 && col[0] != c) {
                    yield false;
                }
                col[0] = c;
                yield true;
            }
            case CALL -> {
                if (!SAFE_FUNCTIONS.contains(e.getCall().getName().toLowerCase(Locale.ROOT))) {
                    yield false;
                }
                for (Expr a : e.getCall().getArgsList()) {
                    if (!safe(a, col)) {
                        yield false;
                    }
                }
                yield true;
            }
            default -> false;
        };
    }

    /** Builds the term of conjunct {@code e} over output column {@code column} (see {@link #column}). */
    static Term term(Expr e, int column, List<DataType> types)
    {
        Expression onBatch = new ExprTranslator(types).translateAll(List.of(e)).getFirst();
        DataType type = types.get(column);
        Expression onDict = new ExprTranslator(List.of(type)).translateAll(List.of(remap(e, column))).getFirst();
        return new Term(column, type, onBatch, onDict);
    }

    /** The expression with every reference to {@code column} turned into a reference to column 0. */
    private static Expr remap(Expr e, int column)
    {
        return switch (e.getNodeCase()) {
            case COLUMN_REF -> e.toBuilder().setColumnRef(ColumnRef.newBuilder(e.getColumnRef()).setIndex(0)).build();
            case CALL -> {
                Expr.Builder b = e.toBuilder();
                io.starling.rpc.proto.Call.Builder call = b.getCallBuilder();
                for (int i = 0; i < call.getArgsCount(); i++) {
                    call.setArgs(i, remap(call.getArgs(i), column));
                }
                yield b.build();
            }
            default -> e;
        };
    }

    /** Where the scan's rows come from, for the code path; null when only the batch is at hand. */
    record Source(SegmentReader segment, long firstRow, int[] tableColumns)
    {
    }

    /** A page's verdict per code: {@code pass[code]}, and {@code pass[dictSize]} for NULL rows. */
    static final class PageVerdict
    {
        SegmentReader segment;
        int tableColumn;
        int page = -1;
        DictPage dict;
        boolean[] pass;
    }

    /** Per-driver state of one term: the last two pages' verdicts (a batch spans at most two pages in practice). */
    static final class TermScratch
    {
        final PageVerdict[] verdicts = {new PageVerdict(), new PageVerdict()};
        int next;
        int[] codes = new int[ColumnBatch.MAX_ROWS];
        int[] tail = new int[ColumnBatch.MAX_ROWS];
        /** Pages whose conjunct ran per dictionary entry, for tests and profiles. */
        long pagesEvaluated;
    }

    /**
     * Narrows {@code sel[0, count)} ({@code count < 0}: the dense batch of {@code n} rows) to the rows passing
     * {@code t}, by codes when every page the batch covers is DICT, else by evaluating the conjunct on the decoded
     * column (which is then left in the batch: {@code materialized[t.column()]} is set). Returns the new count.
     */
    static int apply(Term t, ColumnBatch batch, Source src, TermScratch s, int[] sel, int count, boolean[] materialized,
            MemoryContext ctx)
    {
        int n = batch.rowCount();
        if (src != null && !materialized[t.column()] && n > 0) {
            int tc = src.tableColumns()[t.column()];
            int p0 = src.segment().pageOf(tc, src.firstRow());
            int p1 = src.segment().pageOf(tc, src.firstRow() + n - 1);
            if (p1 - p0 <= 1) {
                PageVerdict a = verdict(t, src.segment(), tc, p0, s, ctx);
                PageVerdict b = p1 == p0 ? a : verdict(t, src.segment(), tc, p1, s, ctx);
                if (a != null && b != null) {
                    return byCodes(a, b, src.firstRow(), n, s, sel, count);
                }
            }
            src.segment().readColumn(tc, src.firstRow(), n, batch.column(t.column()), 0);
            materialized[t.column()] = true;
        }
        return byExpression(t, batch, sel, count, ctx);
    }

    private static PageVerdict verdict(Term t, SegmentReader segment, int tableColumn, int page, TermScratch s, MemoryContext ctx)
    {
        for (PageVerdict v : s.verdicts) {
            if (v.segment == segment && v.tableColumn == tableColumn && v.page == page) {
                return v.dict == null ? null : v;
            }
        }
        PageVerdict v = s.verdicts[s.next];
        s.next = (s.next + 1) % s.verdicts.length;
        v.segment = segment;
        v.tableColumn = tableColumn;
        v.page = page;
        v.dict = segment.dictPage(tableColumn, page);
        if (v.dict == null) {
            return null;
        }
        int size = v.dict.dictSize();
        v.pass = new boolean[size + 1];
        try (ColumnVector entries = new ColumnVector(t.type(), size + 1, ctx)) {
            v.dict.dictionaryInto(entries);
            entries.setNull(size, true);
            ColumnBatch dictBatch = new ColumnBatch(new ColumnVector[] {entries}, size + 1);
            try (ColumnVector result = t.onDictionary().evaluate(dictBatch, ctx)) {
                for (int j = 0; j <= size; j++) {
                    v.pass[j] = !result.isNull(j) && result.getBoolean(j);
                }
            }
        }
        s.pagesEvaluated++;
        return v;
    }

    /** Filters by code: batch row {@code i} is page row {@code firstRow + i - page.firstRow()} of page a or b. */
    private static int byCodes(PageVerdict a, PageVerdict b, long firstRow, int n, TermScratch s, int[] sel, int count)
    {
        int splitAt = a == b ? n : (int) (b.dict.firstRow() - firstRow);
        int[] codes = s.codes;
        int aFrom = (int) (firstRow - a.dict.firstRow());
        a.dict.codes(aFrom, splitAt, codes);
        markNulls(a, aFrom, splitAt, 0, codes);
        if (a != b) {
            int rest = n - splitAt;
            int[] tail = s.tail;
            b.dict.codes(0, rest, tail);
            System.arraycopy(tail, 0, codes, splitAt, rest);
            markNulls(b, 0, rest, splitAt, codes);
        }
        boolean[] pa = a.pass;
        boolean[] pb = b.pass;
        int k = 0;
        if (count < 0) {
            for (int i = 0; i < splitAt; i++) {
                sel[k] = i;
                k += pa[codes[i]] ? 1 : 0;
            }
            for (int i = splitAt; i < n; i++) {
                sel[k] = i;
                k += pb[codes[i]] ? 1 : 0;
            }
            return k;
        }
        for (int j = 0; j < count; j++) {
            int i = sel[j];
            sel[k] = i;
            k += (i < splitAt ? pa : pb)[codes[i]] ? 1 : 0;
        }
        return k;
    }

    /** NULL rows of the page get code {@code dictSize}, whose verdict is the conjunct on NULL. */
    private static void markNulls(PageVerdict v, int pageFrom, int len, int at, int[] codes)
    {
        if (!v.dict.hasNulls()) {
            return;
        }
        int nullCode = v.dict.dictSize();
        for (int i = 0; i < len; i++) {
            if (v.dict.isNull(pageFrom + i)) {
                codes[at + i] = nullCode;
            }
        }
    }

    /**
     * Makes the unwritten VARLEN rows {@code [from, to)} after a scattered read empty strings: consumers may read the
     * offsets of every row up to the row count (e.g. the total byte length at {@code to}), selected or not.
     */
    static void fillEmptyAfter(ColumnVector v, int from, int to)
    {
        if (v.physical() != PhysicalType.VARLEN) {
            return;
        }
        for (int r = from; r < to; r++) {
            v.setBytes(r, v.bytes(), 0, 0);
        }
    }

    /** The conjunct evaluated on the batch's decoded column, over the current selection. */
    private static int byExpression(Term t, ColumnBatch batch, int[] sel, int count, MemoryContext ctx)
    {
        int n = batch.rowCount();
        if (count < 0) {
            batch.clearSelection();
        }
        else {
            batch.setSelection(sel, count);
        }
        try (ColumnVector pass = t.onBatch().evaluate(batch, ctx)) {
            int size = batch.size();
            int k = 0;
            for (int i = 0; i < size; i++) {
                int p = batch.position(i);
                sel[k] = p;
                k += !pass.isNull(p) && pass.getBoolean(p) ? 1 : 0;
            }
            batch.clearSelection();
            return count < 0 && k == n ? -1 : k;
        }
    }
}

package io.starling.be.scan;

import io.starling.be.expr.ProtoTypes;
import io.starling.rpc.proto.Call;
import io.starling.rpc.proto.ColumnRef;
import io.starling.rpc.proto.Expr;
import io.starling.rpc.proto.Literal;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.compress.Codecs;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.segment.SegmentReader;
import io.starling.storage.segment.SegmentWriter;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * String conjuncts evaluated on dictionary codes ({@link DictFilter} through {@link KernelFilter#apply} with a
 * segment) select exactly the rows a row-by-row Java model of the conjunct selects, and the late-materialized strings
 * of the selected rows equal a full read. The segment has a low-cardinality column with NULLs (DICT pages), a
 * nearly unique column (PLAIN pages: the decode-and-evaluate fallback) and an INT column for a kernel term in front.
 * Conjuncts: =, <>, IN, NOT IN, LIKE 'prefix%', NOT LIKE, IS NULL, OR of two, on both string columns. Seed printed.
 */
class DictFilterTest
{
    private static final long SEED = 20261123L;
    private static final String[] MODES = {"MAIL", "SHIP", "AIR", "REG AIR", "TRUCK", "RAIL", "FOB"};
    private static final DataType LOW = DataType.varchar(10);
    private static final DataType HIGH = DataType.varchar(30);
    private static final List<DataType> TYPES = List.of(DataType.INT, LOW, HIGH);

    @TempDir
    Path dir;

    /** A conjunct and its SQL meaning over one string value (null = SQL NULL; result null = unknown). */
    private record Conjunct(String text, Expr expr, int column, Function<String, Boolean> model)
    {
        @Override
        public String toString()
        {
            return text;
        }
    }

    @Test
    void codeFilteringMatchesRowModelAndLateStringsMatchFullRead() throws Exception
    {
        System.out.println("DictFilterTest seed " + SEED);
        Random rnd = new Random(SEED);
        MemoryContext ctx = MemoryContext.process().newChild("dict-filter-test");
        Path file = dir.resolve("t.seg");
        int total = 40_000;
        List<String> high = new ArrayList<>();
        try (SegmentWriter w = new SegmentWriter(file, TYPES, ctx, Codecs.LZ4)) {
            for (int done = 0; done < total; done += ColumnBatch.MAX_ROWS) {
                int n = Math.min(ColumnBatch.MAX_ROWS, total - done);
                try (ColumnBatch b = ColumnBatch.allocate(TYPES, n, ctx)) {
                    for (int r = 0; r < n; r++) {
                        b.column(0).setInt(r, rnd.nextInt(10));
                        if (rnd.nextInt(15) == 0) {
                            b.column(1).setNull(r, true);
                        }
                        else {
                            b.column(1).setString(r, MODES[rnd.nextInt(MODES.length)]);
                        }
                        String h = "c" + rnd.nextInt(1_000_000) + (rnd.nextBoolean() ? " special" : "");
                        high.add(h);
                        b.column(2).setString(r, h);
                    }
                    b.setRowCount(n);
                    w.append(b);
                }
            }
            w.finish();
        }
        long dictPages = 0;
        long fallbacks = 0;
        try (SegmentReader seg = SegmentReader.open(file)) {
            int[] tableColumns = {0, 1, 2};
            for (int trial = 0; trial < 60; trial++) {
                List<Conjunct> cs = new ArrayList<>();
                Expr kernel = null;
                if (rnd.nextBoolean()) {
                    kernel = call("lt", ref(0, DataType.INT), lit(DataType.INT, 1 + rnd.nextInt(9)));
                }
                int k = 1 + rnd.nextInt(2);
                for (int i = 0; i < k; i++) {
                    cs.add(conjunct(rnd, high));
                }
                List<Expr> exprs = new ArrayList<>(cs.stream().map(Conjunct::expr).toList());
                if (kernel != null) {
                    exprs.add(kernel);
                }
                KernelFilter f = KernelFilter.of(exprs, TYPES);
                assertThat(f.dictTerms()).as("%s", cs).isEqualTo(cs.size());
                assertThat(f.hasResidual()).isFalse();
                KernelFilter.Scratch scratch = new KernelFilter.Scratch();
                long first = rnd.nextInt(total - ColumnBatch.MAX_ROWS);
                int count = rnd.nextInt(4) == 0 ? ColumnBatch.MAX_ROWS : 1 + rnd.nextInt(ColumnBatch.MAX_ROWS);
                try (ColumnBatch full = ColumnBatch.allocate(TYPES, count, ctx);
                        ColumnBatch late = ColumnBatch.allocate(TYPES, count, ctx)) {
                    for (int c = 0; c < 3; c++) {
                        seg.readColumn(c, first, count, full.column(c), 0);
                        if (f.readsColumn(c)) {
                            seg.readColumn(c, first, count, late.column(c), 0);
                        }
                    }
                    full.setRowCount(count);
                    late.setRowCount(count);
                    assertThat(f.readsColumn(1) || f.readsColumn(2)).as("string columns are not read up front").isFalse();
                    f.apply(late, scratch, ctx, seg, first, tableColumns);
                    List<Integer> expected = new ArrayList<>();
                    for (int p = 0; p < count; p++) {
                        boolean pass = kernel == null || full.column(0).getInt(p) < literalOf(kernel);
                        for (Conjunct c : cs) {
                            ColumnVector v = full.column(c.column());
                            pass &= Boolean.TRUE.equals(c.model().apply(v.isNull(p) ? null : v.getString(p)));
                        }
                        if (pass) {
                            expected.add(p);
                        }
                    }
                    List<Integer> actual = new ArrayList<>();
                    for (int i = 0; i < late.size(); i++) {
                        actual.add(late.position(i));
                    }
                    assertThat(actual).as("trial %d %s %s", trial, cs, kernel).isEqualTo(expected);
                    // late materialization of the string columns, as the scan does it
                    int[] sel = late.selection() == null ? identity(count) : late.selection();
                    for (int c = 1; c < 3; c++) {
                        if (scratch.materialized(c)) {
                            fallbacks++;
                            continue;
                        }
                        try (ColumnVector v = new ColumnVector(TYPES.get(c), count, ctx)) {
                            seg.readColumnSelected(c, first, sel, late.size(), v);
                            DictFilter.fillEmptyAfter(v, late.size() == 0 ? 0 : sel[late.size() - 1] + 1, count);
                            for (int r = 1; r <= count; r++) {
                                // every offset up to the row count is valid, as consumers copying whole vectors need
                                assertThat(v.getOffset(r)).as("offset %d", r).isBetween(v.getOffset(r - 1), (int) v.bytes().byteSize());
                            }
                            for (int i = 0; i < late.size(); i++) {
                                int p = sel[i];
                                assertThat(v.isNull(p)).isEqualTo(full.column(c).isNull(p));
                                if (!v.isNull(p)) {
                                    assertThat(v.getString(p)).isEqualTo(full.column(c).getString(p));
                                }
                            }
                        }
                    }
                }
                dictPages += scratch.dictPagesEvaluated();
            }
        }
        assertThat(dictPages).as("pages evaluated per dictionary entry").isPositive();
        assertThat(fallbacks).as("PLAIN pages took the decode-and-evaluate path").isPositive();
        assertThat(ctx.used()).isZero();
        ctx.close();
    }

    private static int[] identity(int n)
    {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    private static long literalOf(Expr kernel)
    {
        return kernel.getCall().getArgs(1).getLiteral().getLongValue();
    }

    private static Conjunct conjunct(Random rnd, List<String> high)
    {
        boolean onHigh = rnd.nextInt(4) == 0;
        int col = onHigh ? 2 : 1;
        DataType t = onHigh ? HIGH : LOW;
        String v = onHigh ? high.get(rnd.nextInt(high.size())) : MODES[rnd.nextInt(MODES.length)];
        String w = MODES[rnd.nextInt(MODES.length)];
        return switch (rnd.nextInt(8)) {
            case 0 -> new Conjunct(col + " = " + v, call("eq", ref(col, t), str(v)), col, s -> s == null ? null : s.equals(v));
            case 1 -> new Conjunct(col + " <> " + v, call("ne", ref(col, t), str(v)), col, s -> s == null ? null : !s.equals(v));
            case 2 -> new Conjunct(col + " IN (" + v + ", " + w + ")", call("in", ref(col, t), str(v), str(w)), col,
                    s -> s == null ? null : s.equals(v) || s.equals(w));
            case 3 -> new Conjunct(col + " NOT IN (" + v + ", " + w + ")", call("not_in", ref(col, t), str(v), str(w)), col,
                    s -> s == null ? null : !s.equals(v) && !s.equals(w));
            case 4 -> {
                String prefix = onHigh ? "c1" : v.substring(0, 1);
                yield new Conjunct(col + " LIKE " + prefix + "%", call("like", ref(col, t), str(prefix + "%")), col,
                        s -> s == null ? null : s.startsWith(prefix));
            }
            case 5 -> new Conjunct(col + " NOT LIKE %AI%", call("not_like", ref(col, t), str("%AI%")), col,
                    s -> s == null ? null : !s.contains("AI"));
            case 6 -> new Conjunct(col + " IS NULL", call("is_null", ref(col, t)), col, s -> s == null);
            default -> new Conjunct(col + " = " + v + " OR " + col + " IS NULL",
                    call("or", call("eq", ref(col, t), str(v)), call("is_null", ref(col, t))), col,
                    s -> s == null || s.equals(v));
        };
    }

    private static Expr str(String s)
    {
        return Expr.newBuilder().setType(ProtoTypes.toProto(DataType.varchar(Math.max(1, s.length()))))
                .setLiteral(Literal.newBuilder().setBytesValue(com.google.protobuf.ByteString.copyFromUtf8(s))).build();
    }

    private static Expr ref(int i, DataType t)
    {
        return Expr.newBuilder().setType(ProtoTypes.toProto(t)).setColumnRef(ColumnRef.newBuilder().setIndex(i)).build();
    }

    private static Expr lit(DataType t, long v)
    {
        return Expr.newBuilder().setType(ProtoTypes.toProto(t)).setLiteral(Literal.newBuilder().setLongValue(v)).build();
    }

    private static Expr call(String name, Expr... args)
    {
        return Expr.newBuilder().setType(ProtoTypes.toProto(DataType.BOOLEAN)).setCall(Call.newBuilder().setName(name).addAllArgs(List.of(args))).build();
    }
}

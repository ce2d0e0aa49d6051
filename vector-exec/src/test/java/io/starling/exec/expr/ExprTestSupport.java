package io.starling.exec.expr;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Builds batches from boxed values and evaluates expressions into boxed results; checks nothing leaks. */
abstract class ExprTestSupport
{
    protected MemoryContext ctx;
    private final List<ColumnBatch> batches = new ArrayList<>();

    @BeforeEach
    void openContext()
    {
        ctx = MemoryContext.process().newChild("expr-test");
    }

    @AfterEach
    void closeContext()
    {
        batches.forEach(ColumnBatch::close);
        batches.clear();
        assertThat(ctx.used()).as("bytes still reserved after closing every vector").isZero();
        ctx.close();
    }

    /** A batch with one column per type; {@code columns[i]} holds the values of column i (Values domain). */
    protected ColumnBatch batch(List<DataType> types, List<?>... columns)
    {
        int rows = columns.length == 0 ? 0 : columns[0].size();
        ColumnBatch b = ColumnBatch.allocate(types, Math.max(rows, 1), ctx);
        for (int c = 0; c < columns.length; c++) {
            ColumnVector v = b.column(c);
            for (int r = 0; r < rows; r++) {
                Values.write(v, r, columns[c].get(r));
            }
        }
        b.setRowCount(rows);
        batches.add(b);
        return b;
    }

    /** A single-column batch. */
    protected ColumnBatch column(DataType type, Object... values)
    {
        return batch(List.of(type), Arrays.asList(values));
    }

    /** An empty batch of {@code rows} physical rows and no columns (for constant expressions). */
    protected ColumnBatch rows(int rows)
    {
        ColumnBatch b = new ColumnBatch(new ColumnVector[0], rows);
        batches.add(b);
        return b;
    }

    /** Evaluates and returns the values at the batch's logical rows, formatted with {@link ValueFormatter}. */
    protected List<String> evalText(Expression e, ColumnBatch b)
    {
        try (ColumnVector v = e.evaluate(b, ctx)) {
            assertThat(v.type()).isEqualTo(e.type());
            assertThat(v.capacity()).isGreaterThanOrEqualTo(b.rowCount());
            List<String> out = new ArrayList<>();
            for (int i = 0; i < b.size(); i++) {
                out.add(ValueFormatter.format(v, b.position(i)));
            }
            return out;
        }
    }

    /** Evaluates and returns the values at the batch's logical rows in the Values domain. */
    protected List<Object> eval(Expression e, ColumnBatch b)
    {
        try (ColumnVector v = e.evaluate(b, ctx)) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < b.size(); i++) {
                out.add(Values.read(v, b.position(i)));
            }
            return out;
        }
    }

    /** Evaluates an expression over constants only, on a one-row batch. */
    protected String evalConst(Expression e)
    {
        return evalText(e, rows(1)).get(0);
    }

    protected static ColumnRef col(int i, DataType t)
    {
        return new ColumnRef(i, t);
    }

    protected static Literal lit(DataType t, Object v)
    {
        return new Literal(t, v);
    }

    protected static Literal str(String s)
    {
        return Literal.ofString(s);
    }

    protected static Literal i64(long v)
    {
        return Literal.ofLong(v);
    }

    protected static Literal dec(String text, int p, int s)
    {
        return Literal.ofDecimal(text, p, s);
    }

    protected static Literal date(String text)
    {
        return new Literal(DataType.DATE, ValueParser.parse(text, DataType.DATE));
    }

    protected static Literal datetime(String text)
    {
        return new Literal(DataType.DATETIME, ValueParser.parse(text, DataType.DATETIME));
    }

    protected static List<String> texts(String... s)
    {
        return Arrays.asList(s);
    }

    /** Keeps only the given physical positions selected. */
    protected static void select(ColumnBatch b, int... positions)
    {
        b.setSelection(positions, positions.length);
    }
}

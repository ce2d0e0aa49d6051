package io.starling.be.operator;

import io.starling.exec.expr.Expression;
import io.starling.exec.expr.Values;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Interim full sort / top-N over boxed rows (plan SortNode): key expressions are evaluated per batch and kept
 * after the input columns of each buffered row; each key has ASC/DESC and NULLS FIRST/LAST; {@code limit >= 0}
 * keeps rows {@code [offset, offset + limit)} of the order. Stable. Output = the input columns.
 */
public final class SortOperator extends BufferingOperator
{
    /** One sort key. */
    public record Key(Expression expr, boolean ascending, boolean nullsFirst)
    {
    }

    private final List<Key> keys;
    private final long limit;
    private final long offset;
    private final List<Object[]> rows = new ArrayList<>();
    private int keyBase;

    public SortOperator(String name, List<DataType> types, List<Key> keys, long limit, long offset, MemoryContext ctx)
    {
        super(name, types, ctx);
        this.keys = List.copyOf(keys);
        this.limit = limit;
        this.offset = Math.max(0, offset);
    }

    @Override
    protected List<Object[]> rowsOf(ColumnBatch batch)
    {
        List<Object[]> rows = Rows.read(batch);
        int width = batch.columnCount();
        for (int k = 0; k < keys.size(); k++) {
            try (ColumnVector v = keys.get(k).expr().evaluate(batch, ctx)) {
                for (int i = 0; i < rows.size(); i++) {
                    Object[] r = rows.get(i);
                    if (r.length == width) {
                        r = Arrays.copyOf(r, width + keys.size());
                        rows.set(i, r);
                    }
                    r[width + k] = Values.read(v, batch.position(i));
                }
            }
        }
        keyBase = width;
        return rows;
    }

    @Override
    protected void consume(List<Object[]> batch)
    {
        for (Object[] r : batch) {
            charge(Rows.estimateBytes(r));
            rows.add(r);
        }
    }

    @Override
    protected List<Object[]> result()
    {
        rows.sort(comparator(keys, keyBase));
        int from = (int) Math.min(offset, rows.size());
        int to = limit < 0 ? rows.size() : (int) Math.min(rows.size(), from + limit);
        return new ArrayList<>(rows.subList(from, to));
    }

    static Comparator<Object[]> comparator(List<Key> keys, int keyBase)
    {
        return (a, b) -> {
            for (int i = 0; i < keys.size(); i++) {
                Key k = keys.get(i);
                Object x = a[keyBase + i];
                Object y = b[keyBase + i];
                int c;
                if (x == null || y == null) {
                    if (x == y) {
                        continue;
                    }
                    c = x == null ? (k.nullsFirst() ? -1 : 1) : (k.nullsFirst() ? 1 : -1);
                    return c;
                }
                c = Values.compare(x, k.expr().type(), y, k.expr().type());
                if (c != 0) {
                    return k.ascending() ? c : -c;
                }
            }
            return 0;
        };
    }
}

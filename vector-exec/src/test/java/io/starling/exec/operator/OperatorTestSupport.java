package io.starling.exec.operator;

import io.starling.exec.expr.Expression;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * Hand-built batches, tiny test expressions (the real ones live in {@code io.starling.exec.expr}) and a
 * single-threaded driver loop for operator tests. Values: Long for integer-like physical types, Double,
 * String, BigInteger for 128-bit, null for NULL.
 */
final class OperatorTestSupport
{
    private OperatorTestSupport()
    {
    }

    static ColumnBatch batch(List<DataType> types, MemoryContext memory, List<Object[]> rows)
    {
        ColumnBatch b = ColumnBatch.allocate(types, Math.max(rows.size(), 1), memory);
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < types.size(); c++) {
                set(b.column(c), r, rows.get(r)[c]);
            }
        }
        b.setRowCount(rows.size());
        return b;
    }

    static ColumnBatch batch(List<DataType> types, MemoryContext memory, Object[]... rows)
    {
        return batch(types, memory, Arrays.asList(rows));
    }

    static void set(ColumnVector v, int r, Object value)
    {
        if (value == null) {
            v.setNull(r, true);
            return;
        }
        switch (v.physical()) {
            case FLOAT -> v.setFloat(r, ((Number) value).floatValue());
            case DOUBLE -> v.setDouble(r, ((Number) value).doubleValue());
            case VARLEN -> v.setString(r, (String) value);
            case INT128 -> {
                BigInteger b = value instanceof BigInteger bi ? bi : BigInteger.valueOf(((Number) value).longValue());
                v.setInt128(r, b.longValue(), b.shiftRight(64).longValue());
            }
            default -> v.setLongValue(r, ((Number) value).longValue());
        }
    }

    static Object get(ColumnVector v, int r)
    {
        if (v.isNull(r)) {
            return null;
        }
        return switch (v.physical()) {
            case FLOAT -> (double) v.getFloat(r);
            case DOUBLE -> v.getDouble(r);
            case VARLEN -> v.getString(r);
            case INT128 -> BigInteger.valueOf(v.getInt128High(r)).shiftLeft(64).or(new BigInteger(Long.toUnsignedString(v.getInt128Low(r))));
            default -> v.getLongValue(r);
        };
    }

    /** Logical rows of a batch as lists (nulls allowed). */
    static List<List<Object>> rows(ColumnBatch b)
    {
        List<List<Object>> out = new ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            int p = b.position(i);
            List<Object> row = new ArrayList<>();
            for (int c = 0; c < b.columnCount(); c++) {
                row.add(get(b.column(c), p));
            }
            out.add(row);
        }
        return out;
    }

    /** Runs an operator over inputs like a driver would; returns all output rows and closes the outputs. */
    static List<List<Object>> drive(Operator op, List<ColumnBatch> inputs)
    {
        List<List<Object>> out = new ArrayList<>();
        int next = 0;
        int guard = 0;
        boolean finished = false;
        while (!op.isFinished()) {
            if (++guard > 10_000_000) {
                throw new AssertionError("operator makes no progress");
            }
            if (!op.blockedOn().isDone()) {
                throw new AssertionError("operator blocked in a single-pipeline test");
            }
            ColumnBatch b = op.pull();
            if (b != null) {
                try (b) {
                    out.addAll(rows(b));
                }
                continue;
            }
            if (next < inputs.size() && op.needsInput()) {
                op.push(inputs.get(next++));
            }
            else if (!finished) {
                while (next < inputs.size()) {
                    inputs.get(next++).close();
                }
                op.finish();
                finished = true;
            }
        }
        while (next < inputs.size()) {
            inputs.get(next++).close();
        }
        return out;
    }

    /** Column reference: copies column {@code index} (values at the selected positions, nulls included). */
    static Expression col(int index, DataType type)
    {
        return new Expression()
        {
            @Override
            public DataType type()
            {
                return type;
            }

            @Override
            public ColumnVector evaluate(ColumnBatch batch, MemoryContext ctx)
            {
                ColumnVector src = batch.column(index);
                ColumnVector out = new ColumnVector(type, Math.max(batch.rowCount(), 1), ctx);
                if (type.physical() == PhysicalType.VARLEN) {
                    // VARLEN values must be written in row order: copy every physical row
                    for (int p = 0; p < batch.rowCount(); p++) {
                        out.copyFrom(src, p, p);
                    }
                    return out;
                }
                for (int i = 0; i < batch.size(); i++) {
                    int p = batch.position(i);
                    out.copyFrom(src, p, p);
                }
                return out;
            }
        };
    }

    /** BOOLEAN predicate on an integer-like column: NULL in, NULL out. */
    static Expression test(int index, LongPredicate predicate)
    {
        return new Expression()
        {
            @Override
            public DataType type()
            {
                return DataType.BOOLEAN;
            }

            @Override
            public ColumnVector evaluate(ColumnBatch batch, MemoryContext ctx)
            {
                ColumnVector src = batch.column(index);
                ColumnVector out = new ColumnVector(DataType.BOOLEAN, Math.max(batch.rowCount(), 1), ctx);
                for (int i = 0; i < batch.size(); i++) {
                    int p = batch.position(i);
                    if (src.isNull(p)) {
                        out.setNull(p, true);
                        out.setByte(p, (byte) 1);  // garbage under a NULL must not pass the filter
                    }
                    else {
                        out.setByte(p, (byte) (predicate.test(src.getLongValue(p)) ? 1 : 0));
                    }
                }
                return out;
            }
        };
    }

    /** BOOLEAN {@code col(a) < col(b)} for integer-like columns. */
    static Expression less(int a, int b)
    {
        return new Expression()
        {
            @Override
            public DataType type()
            {
                return DataType.BOOLEAN;
            }

            @Override
            public ColumnVector evaluate(ColumnBatch batch, MemoryContext ctx)
            {
                ColumnVector x = batch.column(a);
                ColumnVector y = batch.column(b);
                ColumnVector out = new ColumnVector(DataType.BOOLEAN, Math.max(batch.rowCount(), 1), ctx);
                for (int i = 0; i < batch.size(); i++) {
                    int p = batch.position(i);
                    if (x.isNull(p) || y.isNull(p)) {
                        out.setNull(p, true);
                    }
                    else {
                        out.setByte(p, (byte) (x.getLongValue(p) < y.getLongValue(p) ? 1 : 0));
                    }
                }
                return out;
            }
        };
    }

    static Object[] row(Object... values)
    {
        return values;
    }
}

package io.starling.fe.meta;

import io.starling.fe.qe.QueryResult;
import io.starling.fe.qe.ResultColumn;
import io.starling.fe.qe.RowSource;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Small result sets computed on the FE (SHOW output, information_schema, SET/SELECT of constants): Java values in,
 * {@link ColumnBatch}es out, so the protocol layer encodes them like any query result. Values: String, any
 * Number, Boolean, LocalDate, LocalDateTime, BigDecimal, null.
 */
public final class MetaRows
{
    private MetaRows()
    {
    }

    /** A VARCHAR result column, as SHOW statements use. */
    public static ResultColumn varchar(String name)
    {
        return ResultColumn.of(name, DataType.varchar(DataType.STRING_LENGTH));
    }

    public static ResultColumn bigint(String name)
    {
        return ResultColumn.of(name, DataType.BIGINT);
    }

    /** Column list of VARCHAR columns with these names. */
    public static List<ResultColumn> varchars(String... names)
    {
        List<ResultColumn> out = new ArrayList<>(names.length);
        for (String n : names) {
            out.add(varchar(n));
        }
        return out;
    }

    public static QueryResult.Rows of(List<ResultColumn> columns, List<List<Object>> rows)
    {
        List<DataType> types = new ArrayList<>(columns.size());
        for (ResultColumn c : columns) {
            types.add(c.type());
        }
        return new QueryResult.Rows(columns, source(types, rows));
    }

    /** A source that materialises {@code rows} batch by batch when pulled. */
    public static RowSource source(List<DataType> types, List<List<Object>> rows)
    {
        return new RowSource()
        {
            private int next;

            @Override
            public ColumnBatch next()
            {
                if (next >= rows.size()) {
                    return null;
                }
                int n = Math.min(ColumnBatch.MAX_ROWS, rows.size() - next);
                ColumnBatch batch = ColumnBatch.allocate(types, n, MemoryContext.process());
                try {
                    for (int r = 0; r < n; r++) {
                        List<Object> row = rows.get(next + r);
                        for (int c = 0; c < types.size(); c++) {
                            set(batch.column(c), r, c < row.size() ? row.get(c) : null);
                        }
                    }
                }
                catch (RuntimeException e) {
                    batch.close();
                    throw e;
                }
                batch.setRowCount(n);
                next += n;
                return batch;
            }

            @Override
            public void close()
            {
                next = rows.size();
            }
        };
    }

    /** Reads all rows of a source back as Java values (tests, and FE-side consumers of small results). */
    public static List<List<Object>> drain(RowSource source) throws io.starling.fe.qe.SqlError
    {
        List<List<Object>> out = new ArrayList<>();
        try (source) {
            ColumnBatch next;
            while ((next = source.next()) != null) {
                try (ColumnBatch b = next) {
                    for (int i = 0; i < b.size(); i++) {
                        int p = b.position(i);
                        List<Object> row = new ArrayList<>(b.columnCount());
                        for (int c = 0; c < b.columnCount(); c++) {
                            row.add(get(b.column(c), p));
                        }
                        out.add(row);
                    }
                }
            }
        }
        return out;
    }

    private static void set(ColumnVector v, int row, Object value)
    {
        DataType t = v.type();
        if (value == null) {
            v.setNull(row, true);
            return;
        }
        switch (t.kind()) {
            case CHAR, VARCHAR -> v.setString(row, String.valueOf(value));
            case BOOLEAN -> v.setByte(row, (byte) (truthy(value) ? 1 : 0));
            case TINYINT, SMALLINT, INT, BIGINT -> v.setLongValue(row, value instanceof Boolean b ? (b ? 1 : 0)
                    : ((Number) value).longValue());
            case FLOAT -> v.setFloat(row, ((Number) value).floatValue());
            case DOUBLE -> v.setDouble(row, ((Number) value).doubleValue());
            case DATE -> v.setInt(row, (int) ((LocalDate) value).toEpochDay());
            case DATETIME -> {
                LocalDateTime d = (LocalDateTime) value;
                v.setLong(row, d.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + d.getNano() / 1000);
            }
            case DECIMAL -> {
                BigDecimal d = value instanceof BigDecimal b ? b : new BigDecimal(value.toString());
                v.setLong(row, d.setScale(t.scale(), java.math.RoundingMode.HALF_UP).unscaledValue().longValueExact());
            }
            default -> throw new IllegalArgumentException("FE result sets do not support type " + t);
        }
    }

    private static Object get(ColumnVector v, int row)
    {
        if (v.isNull(row)) {
            return null;
        }
        return switch (v.type().kind()) {
            case CHAR, VARCHAR -> v.getString(row);
            case BOOLEAN -> v.getByte(row) != 0;
            case TINYINT, SMALLINT, INT, BIGINT -> v.getLongValue(row);
            case FLOAT -> (double) v.getFloat(row);
            case DOUBLE -> v.getDouble(row);
            case DATE -> LocalDate.ofEpochDay(v.getInt(row));
            case DATETIME -> LocalDateTime.ofEpochSecond(Math.floorDiv(v.getLong(row), 1_000_000L),
                    (int) Math.floorMod(v.getLong(row), 1_000_000L) * 1000, ZoneOffset.UTC);
            case DECIMAL -> v.physical() == io.starling.storage.types.PhysicalType.INT128
                    ? new BigDecimal(int128(v, row), v.type().scale()) : BigDecimal.valueOf(v.getLong(row), v.type().scale());
            case LARGEINT -> int128(v, row);
            default -> null;
        };
    }

    /** Two's complement 128-bit value from its low and high halves. */
    private static java.math.BigInteger int128(ColumnVector v, int row)
    {
        return java.math.BigInteger.valueOf(v.getInt128High(row)).shiftLeft(64)
                .add(new java.math.BigInteger(Long.toUnsignedString(v.getInt128Low(row))));
    }

    private static boolean truthy(Object v)
    {
        return v instanceof Boolean b ? b : ((Number) v).longValue() != 0;
    }
}

package io.starling.exec.expr;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import io.starling.storage.types.TypeKind;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A constant. The value is in the domain described by {@link Values} (null is SQL NULL). Parents read it
 * directly (column-vs-constant fast paths); evaluating it alone fills a vector.
 */
public final class Literal implements Expression
{
    private final DataType type;
    private final Object value;

    public Literal(DataType type, Object value)
    {
        this.type = type;
        this.value = normalize(type, value);
    }

    /** A typed NULL. */
    public static Literal nullOf(DataType type)
    {
        return new Literal(type, null);
    }

    public static Literal ofLong(long v)
    {
        return new Literal(DataType.BIGINT, v);
    }

    public static Literal ofInt(int v)
    {
        return new Literal(DataType.INT, (long) v);
    }

    public static Literal ofDouble(double v)
    {
        return new Literal(DataType.DOUBLE, v);
    }

    public static Literal ofString(String v)
    {
        return new Literal(DataType.STRING, v);
    }

    public static Literal ofBoolean(boolean v)
    {
        return new Literal(DataType.BOOLEAN, v);
    }

    /** A DECIMAL(precision, scale) literal from its text, rounded half up to the scale. */
    public static Literal ofDecimal(String text, int precision, int scale)
    {
        DataType t = DataType.decimal(precision, scale);
        return new Literal(t, ValueParser.parse(text, t));
    }

    private static Object normalize(DataType type, Object value)
    {
        if (value == null) {
            return null;
        }
        TypeKind k = type.kind();
        Object v = switch (k) {
            case NULL -> throw new IllegalArgumentException("a NULL-typed literal has no value");
            case BOOLEAN -> value instanceof Boolean ? value : null;
            case TINYINT, SMALLINT, INT, BIGINT, DATE, DATETIME -> value instanceof Long || value instanceof Integer
                    || value instanceof Short || value instanceof Byte ? (Object) ((Number) value).longValue() : null;
            case LARGEINT -> value instanceof BigInteger ? value
                    : value instanceof Long l ? BigInteger.valueOf(l) : null;
            case DECIMAL -> normalizeDecimal(type, value);
            case FLOAT, DOUBLE -> value instanceof Number n && !(value instanceof BigInteger) ? (Object) n.doubleValue() : null;
            case CHAR, VARCHAR -> value instanceof String ? value : null;
            case HLL, BITMAP -> value instanceof byte[] ? value : null;
        };
        if (v == null) {
            throw new IllegalArgumentException("literal value " + value + " (" + value.getClass().getSimpleName()
                    + ") does not match type " + type);
        }
        return v;
    }

    private static Object normalizeDecimal(DataType type, Object value)
    {
        BigInteger unscaled = switch (value) {
            case Long l -> BigInteger.valueOf(l);
            case Integer i -> BigInteger.valueOf(i);
            case BigInteger b -> b;
            case BigDecimal d -> DecimalMath.unscaledOf(d, type.scale());
            default -> null;
        };
        if (unscaled == null) {
            return null;
        }
        if (!DecimalMath.fits(unscaled, type.precision())) {
            throw new IllegalArgumentException("literal unscaled value " + unscaled + " does not fit " + type);
        }
        return type.precision() <= DataType.MAX_DECIMAL64_PRECISION ? (Object) unscaled.longValue() : unscaled;
    }

    /** The value in the {@link Values} domain, null for SQL NULL. */
    public Object value()
    {
        return value;
    }

    public boolean isNull()
    {
        return value == null;
    }

    @Override
    public DataType type()
    {
        return type;
    }

    @Override
    public ColumnVector evaluate(ColumnBatch batch, MemoryContext ctx)
    {
        ColumnVector out = Vectors.allocate(type, batch, ctx);
        int rows = batch.rowCount();
        if (value == null) {
            Vectors.allNull(out, rows);
            return out;
        }
        if (value instanceof String s) {
            byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (int r = 0; r < rows; r++) {
                out.setBytes(r, bytes);
            }
            return out;
        }
        for (int r = 0; r < rows; r++) {
            Values.write(out, r, value);
        }
        return out;
    }

    @Override
    public String toString()
    {
        return value == null ? "NULL" : ValueFormatter.formatValue(value, type);
    }
}

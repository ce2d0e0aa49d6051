package io.starling.exec.expr;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;
import io.starling.storage.types.TypeKind;

/**
 * CAST(child AS target). Non-strict casts (SELECT) turn invalid values into NULL; strict casts (INSERT
 * conversions) throw an {@link ExpressionException} naming the value and the target type. Conversions follow
 * {@link Casts}; integer widening, integer/DECIMAL64 to DOUBLE and DECIMAL64 rescaling run without boxing.
 */
public final class CastExpr implements Expression
{
    private final Expression child;
    private final DataType target;
    private final boolean strict;

    public CastExpr(Expression child, DataType target, boolean strict)
    {
        this.child = child;
        this.target = target;
        this.strict = strict;
    }

    public Expression child()
    {
        return child;
    }

    public boolean strict()
    {
        return strict;
    }

    @Override
    public DataType type()
    {
        return target;
    }

    @Override
    public ColumnVector evaluate(ColumnBatch batch, MemoryContext ctx)
    {
        try (Operand in = Operand.of(child, batch, ctx)) {
            ColumnVector out = Vectors.allocate(target, batch, ctx);
            try {
                if (in.isConstant()) {
                    Object v = Casts.cast(in.constant, in.type, target, strict && batch.size() > 0);
                    Vectors.evaluateRows(batch, out, p -> v);
                }
                else if (!fastPath(in.vector, batch, out)) {
                    ColumnVector src = in.vector;
                    DataType from = in.type;
                    Vectors.evaluateRows(batch, out, p -> Casts.cast(Values.read(src, p), from, target, strict));
                }
                return out;
            }
            catch (RuntimeException e) {
                out.close();
                throw e;
            }
        }
    }

    /** Cast loops that need no boxing; false when this pair of types takes the generic path. */
    private boolean fastPath(ColumnVector src, ColumnBatch batch, ColumnVector out)
    {
        DataType from = src.type();
        TypeKind fk = from.kind();
        TypeKind tk = target.kind();
        boolean fromLongLike = (fk.isInteger() && fk != TypeKind.LARGEINT)
                || (fk == TypeKind.DECIMAL && from.physical() == PhysicalType.LONG);
        if (!fromLongLike) {
            return false;
        }
        int n = batch.size();
        int rows = batch.rowCount();
        if (fk.isInteger() && tk.isInteger() && tk != TypeKind.LARGEINT
                && target.physical().width() >= from.physical().width()) {
            for (int i = 0; i < n; i++) {
                int p = batch.position(i);
                out.setLongValue(p, src.getLongValue(p));
            }
            Vectors.copyValidity(out, rows, src);
            return true;
        }
        if (tk == TypeKind.DOUBLE) {
            int scale = Values.scaleOf(from);
            for (int i = 0; i < n; i++) {
                int p = batch.position(i);
                out.setDouble(p, DecimalMath.toDouble(src.getLongValue(p), scale));
            }
            Vectors.copyValidity(out, rows, src);
            return true;
        }
        if (tk == TypeKind.DECIMAL && target.physical() == PhysicalType.LONG) {
            int fromScale = Values.scaleOf(from);
            int toScale = target.scale();
            int precision = target.precision();
            Vectors.copyValidity(out, rows, src);
            for (int i = 0; i < n; i++) {
                int p = batch.position(i);
                if (src.isNull(p)) {
                    continue;
                }
                long v = src.getLongValue(p);
                long r;
                boolean ok;
                try {
                    r = DecimalMath.rescale(v, fromScale, toScale);
                    ok = DecimalMath.fits(r, precision);
                }
                catch (ArithmeticException e) {
                    r = 0;
                    ok = false;
                }
                if (ok) {
                    out.setLong(p, r);
                }
                else if (strict) {
                    throw new ExpressionException("Cannot cast '" + ValueFormatter.formatValue(v, from) + "' from "
                            + from + " to " + target);
                }
                else {
                    out.setNull(p, true);
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public String toString()
    {
        return "CAST(" + child + " AS " + target + ")";
    }
}

package io.starling.exec.expr;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;

/** Three-valued logic shared by {@link AndExpr}, {@link OrExpr} and {@link NotExpr}. */
final class Logic
{
    /** A boolean value that is NULL. */
    static final int UNKNOWN = 2;

    private Logic()
    {
    }

    /** 0 false, 1 true, {@link #UNKNOWN} NULL. */
    static int read(Operand o, int p)
    {
        if (o.vector == null) {
            return o.constant == null ? UNKNOWN : (Boolean) o.constant ? 1 : 0;
        }
        if (o.vector.isNull(p)) {
            return UNKNOWN;
        }
        return o.vector.getByte(p) != 0 ? 1 : 0;
    }

    static void write(ColumnVector out, int p, int v)
    {
        if (v == UNKNOWN) {
            out.setNull(p, true);
        }
        else {
            out.setByte(p, (byte) v);
        }
    }

    /** AND when {@code isAnd}, else OR, over the selected rows. */
    static void combine(boolean isAnd, Operand a, Operand b, ColumnBatch batch, ColumnVector out)
    {
        int dominant = isAnd ? 0 : 1;
        int size = batch.size();
        for (int i = 0; i < size; i++) {
            int p = batch.position(i);
            int x = read(a, p);
            int y = read(b, p);
            int r;
            if (x == dominant || y == dominant) {
                r = dominant;
            }
            else if (x == UNKNOWN || y == UNKNOWN) {
                r = UNKNOWN;
            }
            else {
                r = 1 - dominant;
            }
            write(out, p, r);
        }
    }

    static void checkBoolean(Expression e, String what)
    {
        var k = e.type().kind();
        if (k != io.starling.storage.types.TypeKind.BOOLEAN && k != io.starling.storage.types.TypeKind.NULL) {
            throw new ExpressionException(what + " needs BOOLEAN operands, got " + e.type() + " for " + e);
        }
    }
}

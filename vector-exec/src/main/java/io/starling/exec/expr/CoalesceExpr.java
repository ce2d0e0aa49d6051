package io.starling.exec.expr;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;

import java.util.List;

/** {@code COALESCE(a, b, ...)}: the first non-NULL argument, NULL if all are NULL. Also IFNULL(a, b). */
public final class CoalesceExpr implements Expression
{
    private final List<Expression> args;
    private final DataType type;

    public CoalesceExpr(List<Expression> args, DataType type)
    {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("COALESCE needs at least one argument");
        }
        this.args = List.copyOf(args);
        this.type = type;
    }

    @Override
    public DataType type()
    {
        return type;
    }

    @Override
    public ColumnVector evaluate(ColumnBatch batch, MemoryContext ctx)
    {
        int k = args.size();
        Operand[] ops = new Operand[k];
        Object[] consts = new Object[k];
        try {
            for (int i = 0; i < k; i++) {
                ops[i] = Operand.of(args.get(i), batch, ctx);
                consts[i] = CaseExpr.constantAs(ops[i], type);
            }
            ColumnVector out = Vectors.allocate(type, batch, ctx);
            try {
                Vectors.forEachRow(batch, out, p -> {
                    for (int i = 0; i < k; i++) {
                        if (!ops[i].isNull(p)) {
                            Vectors.copyOperand(ops[i], consts[i], p, out);
                            return;
                        }
                    }
                    out.setNull(p, true);
                });
                return out;
            }
            catch (RuntimeException e) {
                out.close();
                throw e;
            }
        }
        finally {
            for (Operand o : ops) {
                if (o != null) {
                    o.close();
                }
            }
        }
    }

    @Override
    public String toString()
    {
        return "coalesce" + args;
    }
}

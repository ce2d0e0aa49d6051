package io.starling.exec.expr;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;

import java.util.List;

/**
 * A call of a scalar function from a {@link FunctionRegistry}, resolved when the node is built (so an unknown
 * name or argument list fails at plan time with a {@link FunctionResolutionException}). Evaluates row by row on
 * boxed values: functions are the generic path; hot arithmetic and comparisons have their own nodes.
 */
public final class FunctionCall implements Expression
{
    private final String name;
    private final List<Expression> args;
    private final DataType returnType;
    private final FunctionRegistry.Resolved resolved;

    public FunctionCall(String name, List<Expression> args, DataType returnType)
    {
        this(FunctionRegistry.builtins(), name, args, returnType);
    }

    public FunctionCall(FunctionRegistry registry, String name, List<Expression> args, DataType returnType)
    {
        this.name = name;
        this.args = List.copyOf(args);
        this.returnType = returnType;
        this.resolved = registry.resolve(name, args.stream().map(Expression::type).toList(), returnType);
    }

    public String name()
    {
        return resolved.name();
    }

    public List<Expression> args()
    {
        return args;
    }

    @Override
    public DataType type()
    {
        return returnType;
    }

    @Override
    public ColumnVector evaluate(ColumnBatch batch, MemoryContext ctx)
    {
        int k = args.size();
        Operand[] ops = new Operand[k];
        try {
            for (int i = 0; i < k; i++) {
                ops[i] = Operand.of(args.get(i), batch, ctx);
            }
            ColumnVector out = Vectors.allocate(returnType, batch, ctx);
            try {
                Object[] argv = new Object[k];
                FunctionRegistry.RowFunction f = resolved.function();
                boolean propagate = resolved.nullPropagating();
                Vectors.evaluateRows(batch, out, p -> {
                    for (int i = 0; i < k; i++) {
                        Object v = ops[i].value(p);
                        if (v == null && propagate) {
                            return null;
                        }
                        argv[i] = v;
                    }
                    return f.apply(argv);
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
        StringBuilder sb = new StringBuilder(name).append('(');
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(args.get(i));
        }
        return sb.append(')').toString();
    }
}

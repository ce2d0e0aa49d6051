package io.starling.exec.expr;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;

import java.util.ArrayList;
import java.util.List;

/**
 * CASE, searched ({@code CASE WHEN c1 THEN v1 ... ELSE e END}) or simple ({@code CASE x WHEN w1 THEN v1 ...}).
 * A simple CASE is a searched CASE over {@code x = wi}, so a NULL {@code x} matches no branch. The first branch
 * whose condition is TRUE (not NULL) wins; without a match the result is ELSE, or NULL without ELSE. Branch
 * values of another type than the result are converted (the planner normally makes them equal).
 */
public final class CaseExpr implements Expression
{
    private final Expression operand;
    private final List<Expression> conditions;
    private final List<Expression> results;
    private final Expression elseResult;
    private final DataType type;

    /**
     * @param operand null for a searched CASE
     * @param whens conditions (searched) or values compared with {@code operand} (simple)
     * @param thens one result per when
     * @param elseResult null for no ELSE
     */
    public CaseExpr(Expression operand, List<Expression> whens, List<Expression> thens, Expression elseResult,
            DataType type)
    {
        if (whens.size() != thens.size() || whens.isEmpty()) {
            throw new IllegalArgumentException("CASE needs as many THENs as WHENs (at least one): " + whens.size()
                    + " vs " + thens.size());
        }
        this.operand = operand;
        List<Expression> conds = new ArrayList<>(whens.size());
        for (Expression w : whens) {
            if (operand == null) {
                Logic.checkBoolean(w, "CASE WHEN");
                conds.add(w);
            }
            else {
                conds.add(new CompareExpr(CompareExpr.Op.EQ, operand, w));
            }
        }
        this.conditions = List.copyOf(conds);
        this.results = List.copyOf(thens);
        this.elseResult = elseResult;
        this.type = type;
    }

    public Expression operand()
    {
        return operand;
    }

    @Override
    public DataType type()
    {
        return type;
    }

    @Override
    public ColumnVector evaluate(ColumnBatch batch, MemoryContext ctx)
    {
        int k = conditions.size();
        Operand[] conds = new Operand[k];
        Operand[] vals = new Operand[k];
        Object[] consts = new Object[k];
        Operand other = null;
        try {
            for (int i = 0; i < k; i++) {
                conds[i] = Operand.of(conditions.get(i), batch, ctx);
                vals[i] = Operand.of(results.get(i), batch, ctx);
                consts[i] = constantAs(vals[i], type);
            }
            if (elseResult != null) {
                other = Operand.of(elseResult, batch, ctx);
            }
            Object elseConst = other == null ? null : constantAs(other, type);
            Operand elseOp = other;
            ColumnVector out = Vectors.allocate(type, batch, ctx);
            try {
                Vectors.forEachRow(batch, out, p -> {
                    for (int i = 0; i < k; i++) {
                        if (Logic.read(conds[i], p) == 1) {
                            Vectors.copyOperand(vals[i], consts[i], p, out);
                            return;
                        }
                    }
                    if (elseOp == null) {
                        out.setNull(p, true);
                    }
                    else {
                        Vectors.copyOperand(elseOp, elseConst, p, out);
                    }
                });
                return out;
            }
            catch (RuntimeException e) {
                out.close();
                throw e;
            }
        }
        finally {
            for (int i = 0; i < k; i++) {
                if (conds[i] != null) {
                    conds[i].close();
                }
                if (vals[i] != null) {
                    vals[i].close();
                }
            }
            if (other != null) {
                other.close();
            }
        }
    }

    /** A constant operand's value converted to {@code type}; null for column operands. */
    static Object constantAs(Operand o, DataType type)
    {
        return o.isConstant() ? Casts.cast(o.constant, o.type, type, false) : null;
    }

    @Override
    public String toString()
    {
        StringBuilder sb = new StringBuilder("CASE");
        if (operand != null) {
            sb.append(' ').append(operand);
        }
        for (int i = 0; i < conditions.size(); i++) {
            sb.append(" WHEN ").append(conditions.get(i)).append(" THEN ").append(results.get(i));
        }
        if (elseResult != null) {
            sb.append(" ELSE ").append(elseResult);
        }
        return sb.append(" END").toString();
    }
}

package io.starling.exec.expr;

import java.util.List;

/** Three-valued AND: false if either side is false, else NULL if either side is NULL. */
public final class AndExpr extends BinaryLogicExpr
{
    public AndExpr(Expression left, Expression right)
    {
        super(left, right, true);
    }

    /** Left-deep AND of one or more predicates. */
    public static Expression of(List<Expression> terms)
    {
        return leftDeep(terms, "AND", AndExpr::new);
    }
}

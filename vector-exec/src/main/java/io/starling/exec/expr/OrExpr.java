package io.starling.exec.expr;

import java.util.List;

/** Three-valued OR: true if either side is true, else NULL if either side is NULL. */
public final class OrExpr extends BinaryLogicExpr
{
    public OrExpr(Expression left, Expression right)
    {
        super(left, right, false);
    }

    /** Left-deep OR of one or more predicates. */
    public static Expression of(List<Expression> terms)
    {
        return leftDeep(terms, "OR", OrExpr::new);
    }
}

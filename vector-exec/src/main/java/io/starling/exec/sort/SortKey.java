package io.starling.exec.sort;

import io.starling.exec.expr.Expression;

/**
 * One ORDER BY item. The caller passes explicit null placement; StarRocks' (and MySQL's) default is NULLS FIRST
 * for ASC and NULLS LAST for DESC ({@link #asc}/{@link #desc} apply it).
 */
public record SortKey(Expression expression, boolean ascending, boolean nullsFirst)
{
    /** {@code expr ASC} with the default {@code NULLS FIRST}. */
    public static SortKey asc(Expression expression)
    {
        return new SortKey(expression, true, true);
    }

    /** {@code expr DESC} with the default {@code NULLS LAST}. */
    public static SortKey desc(Expression expression)
    {
        return new SortKey(expression, false, false);
    }
}

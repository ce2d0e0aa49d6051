package io.starling.exec.operator.window;

import java.util.Locale;

/** The window functions the operator computes, by StarRocks name. */
public enum WindowFunctionKind
{
    ROW_NUMBER, RANK, DENSE_RANK, NTILE, CUME_DIST, PERCENT_RANK,
    LAG, LEAD, FIRST_VALUE, LAST_VALUE,
    SUM, AVG, COUNT, MIN, MAX;

    /** The kind named {@code name} (any case), or an {@link IllegalArgumentException} naming it. */
    public static WindowFunctionKind of(String name)
    {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown window function " + name, e);
        }
    }

    /** True for the functions that ignore the frame (ranking and offset functions). */
    public boolean ignoresFrame()
    {
        return switch (this) {
            case ROW_NUMBER, RANK, DENSE_RANK, NTILE, CUME_DIST, PERCENT_RANK, LAG, LEAD -> true;
            default -> false;
        };
    }
}

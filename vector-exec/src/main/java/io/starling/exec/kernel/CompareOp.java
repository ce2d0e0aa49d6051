package io.starling.exec.kernel;

/**
 * Comparison of a column value {@code x} with a constant {@code c}, as used by the filter kernels.
 *
 * <p>For DOUBLE the semantics are Java's (IEEE 754): every comparison with NaN is false except {@link #NE},
 * which is true; {@code -0.0 == 0.0}. The scalar kernels are the specification of these semantics.
 */
public enum CompareOp
{
    /** {@code x = c} */
    EQ,
    /** {@code x <> c} */
    NE,
    /** {@code x < c} */
    LT,
    /** {@code x <= c} */
    LE,
    /** {@code x > c} */
    GT,
    /** {@code x >= c} */
    GE;

    /** The operator with swapped operands: {@code c op x} is {@code x op.flip() c}. */
    public CompareOp flip()
    {
        return switch (this) {
            case EQ, NE -> this;
            case LT -> GT;
            case LE -> GE;
            case GT -> LT;
            case GE -> LE;
        };
    }
}

package io.starling.exec.operator;

/** Join semantics of {@link HashJoinProbeOperator} (the probe side is the "left" input). */
public enum JoinType
{
    /** Probe × build pairs with equal keys (and a true residual). Output: probe columns, build columns. */
    INNER,
    /** INNER plus probe rows without a match, with NULL build columns. No residual filter yet. */
    LEFT_OUTER,
    /** Probe rows with at least one match, once each. Output: probe columns. No residual filter yet. */
    LEFT_SEMI,
    /** Probe rows without a match (NOT EXISTS semantics: a NULL key has no match). No residual filter yet. */
    LEFT_ANTI;

    /** Whether build columns are part of the output. */
    public boolean outputsBuildColumns()
    {
        return this == INNER || this == LEFT_OUTER;
    }
}

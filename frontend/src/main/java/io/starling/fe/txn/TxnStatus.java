package io.starling.fe.txn;

/**
 * Life of a load transaction. Transitions (all through journal entries, in {@link TransactionManager}):
 * PREPARE -> COMMITTED -> VISIBLE, or PREPARE -> ABORTED.
 */
public enum TxnStatus
{
    /** Begun (label taken); the BE is writing pending rowsets. Moved out by commit or abort. */
    PREPARE,
    /** Commit entry durable: the data will become visible; restart recovery re-publishes it. Moved out by publish. */
    COMMITTED,
    /** Published: the new partition versions are visible to queries. Final. */
    VISIBLE,
    /** Aborted (failure, KILL, restart before commit); pending rowsets discarded. Final. */
    ABORTED;

    /** Whether {@code next} is a legal successor of this state. */
    public boolean canMoveTo(TxnStatus next)
    {
        return switch (this) {
            case PREPARE -> next == COMMITTED || next == ABORTED;
            case COMMITTED -> next == VISIBLE;
            case VISIBLE, ABORTED -> false;
        };
    }

    /** As SHOW LOAD prints it (StarRocks: PENDING/LOADING/FINISHED/CANCELLED). */
    public String loadState()
    {
        return switch (this) {
            case PREPARE -> "LOADING";
            case COMMITTED -> "COMMITTED";
            case VISIBLE -> "FINISHED";
            case ABORTED -> "CANCELLED";
        };
    }
}

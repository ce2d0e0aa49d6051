package io.starling.fe.txn;

import io.starling.fe.journal.JournalEntry;

import java.util.List;

/**
 * One load transaction as the FE remembers it (immutable; each transition replaces the object). Kept after it
 * finishes so labels stay taken and SHOW LOAD / Stream Load's get_load_state can report it.
 *
 * @param partitions new versions per partition, set at commit
 * @param tablets    what each tablet got, set at commit (needed to publish)
 */
public record TransactionState(long txnId, long dbId, String dbName, String label, List<Long> tableIds,
        String sourceType, TxnStatus status, String reason, long createTimeMillis, long commitTimeMillis,
        long finishTimeMillis, long loadedRows, long filteredRows, List<JournalEntry.PartitionCommit> partitions,
        List<JournalEntry.TabletCommit> tablets)
{
    TransactionState with(TxnStatus next, String why, long time)
    {
        if (!status.canMoveTo(next)) {
            throw new IllegalStateException("transaction " + txnId + " cannot move from " + status + " to " + next);
        }
        return new TransactionState(txnId, dbId, dbName, label, tableIds, sourceType, next, why, createTimeMillis,
                next == TxnStatus.COMMITTED ? time : commitTimeMillis,
                next == TxnStatus.VISIBLE || next == TxnStatus.ABORTED ? time : finishTimeMillis, loadedRows,
                filteredRows, partitions, tablets);
    }

    TransactionState committed(JournalEntry.CommitTxn c)
    {
        TransactionState s = with(TxnStatus.COMMITTED, null, c.timeMillis());
        return new TransactionState(txnId, dbId, dbName, label, tableIds, sourceType, s.status(), null,
                createTimeMillis, c.timeMillis(), 0, c.loadedRows(), c.filteredRows(), List.copyOf(c.partitions()),
                List.copyOf(c.tablets()));
    }
}

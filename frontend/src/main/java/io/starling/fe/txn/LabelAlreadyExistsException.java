package io.starling.fe.txn;

import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.SqlError;

/**
 * A load reused a label of its database. Reported as error 1105 with StarRocks' wording; Stream Load maps it to
 * {@code "Status": "Label Already Exists"} with {@link #existingJobStatus()} (RUNNING or FINISHED).
 */
public class LabelAlreadyExistsException extends SqlError
{
    private final TransactionState existing;

    public LabelAlreadyExistsException(TransactionState existing)
    {
        super(ErrorCode.INTERNAL, "Label Already Exists: label [" + existing.label() + "] has already been used, relate to txn ["
                + existing.txnId() + "]");
        this.existing = existing;
    }

    public TransactionState existing()
    {
        return existing;
    }

    /** RUNNING while the transaction is in progress, FINISHED once visible (CANCELLED ones never conflict). */
    public String existingJobStatus()
    {
        return existing.status() == TxnStatus.VISIBLE ? "FINISHED" : "RUNNING";
    }
}

package io.starling.rpc.service;

import io.starling.rpc.proto.SinkResult;
import io.starling.rpc.proto.StreamLoadBeginResult;
import io.starling.rpc.proto.StreamLoadCommitResult;
import io.starling.rpc.proto.StreamLoadRequest;

/**
 * What a BE's Stream Load handler asks the FE (StarRocks: the BE's FE thrift calls loadTxnBegin,
 * streamLoadPut, loadTxnCommitAndPublish, loadTxnRollback). The all-in-one launcher passes the FE's implementation
 * in process; a remote BE will reach the same methods over gRPC. Methods are thread-safe and never throw for
 * load-level failures: they report them in the result's status.
 */
public interface StreamLoadService
{
    /**
     * Checks the credentials, the database and table, takes the label (begins the transaction) and plans the load.
     * On any failure after the transaction began, the transaction is aborted before this returns.
     */
    StreamLoadBeginResult begin(StreamLoadRequest request);

    /** Commits and publishes the transaction with what the sink wrote; the rows become visible atomically. */
    StreamLoadCommitResult commit(long txnId, SinkResult result);

    /** Aborts the transaction (no-op if it already ended); its pending rowsets are discarded. */
    void abort(long txnId, String reason);
}

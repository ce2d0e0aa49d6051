package io.starling.rpc.service;

import io.starling.rpc.proto.CreateTabletRequest;
import io.starling.rpc.proto.PkCheckProblem;
import io.starling.rpc.proto.PlanFragment;
import io.starling.rpc.proto.PublishRequest;

import java.util.List;

/**
 * What a BE offers the FE. The all-in-one launcher passes the local BE's implementation in process; a remote BE
 * will implement the same interface behind gRPC. Methods are thread-safe.
 */
public interface BackendService
{
    /** Creates empty tablets (idempotent). */
    void createTablets(List<CreateTabletRequest> requests);

    /** Drops tablets and, once no running query reads them, their files. */
    void dropTablets(List<Long> tabletIds);

    /**
     * Turns the persistent primary index of PRIMARY/UNIQUE tablets on or off ({@code "enable_persistent_index"},
     * ALTER TABLE SET); other tablets and unknown ids are skipped.
     */
    void setPersistentIndex(List<Long> tabletIds, boolean enabled);

    /**
     * The consistency check of tablets (ADMIN CHECK): files, checksums, delete vectors and the primary index
     * against the data; one entry per problem, none when every tablet is consistent. Unknown ids are skipped.
     */
    List<PkCheckProblem> checkTablets(List<Long> tabletIds);

    /**
     * Starts executing a fragment and returns at once. For a result sink the handle streams result batches; for a
     * table sink the rows are written as pending rowsets of {@code sink.txn_id} and the handle's
     * {@link FragmentHandle#sinkResult()} reports what was written.
     */
    FragmentHandle execute(PlanFragment fragment, FrontendCallbacks callbacks);

    /** Makes the pending rowsets of a committed transaction visible at the given tablet versions (idempotent). */
    void publish(PublishRequest request);

    /** Discards the pending rowsets of an aborted transaction (idempotent). */
    void abort(long txnId);

    /**
     * After an FE restart: every pending rowset whose transaction is not in {@code keepTxnIds} is discarded.
     * Returns the versions currently visible per tablet so the FE can re-publish committed transactions.
     */
    java.util.Map<Long, Long> recover(java.util.Set<Long> keepTxnIds);

    /** Storage state of tablets (SHOW TABLET, SHOW PROC), one per id in order; unknown ids have {@code found} false. */
    default List<io.starling.rpc.proto.CompactionTabletStat> tabletStats(List<Long> tabletIds)
    {
        throw new UnsupportedOperationException("this backend does not report tablet state");
    }

    /**
     * Compacts tablets now (ALTER TABLE ... COMPACT) and returns when done: {@code kind} is "BASE" (everything),
     * "CUMULATIVE" (what the background policy would pick) or "" (BASE). Tablets of models without a compaction
     * row source are skipped.
     */
    default void compact(List<Long> tabletIds, String kind)
    {
        throw new UnsupportedOperationException("this backend does not compact on request");
    }
}

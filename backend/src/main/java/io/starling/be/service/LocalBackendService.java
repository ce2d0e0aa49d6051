package io.starling.be.service;

import io.starling.be.expr.ProtoTypes;
import io.starling.be.fragment.FragmentExecutor;
import io.starling.rpc.proto.CreateTabletRequest;
import io.starling.rpc.proto.PlanFragment;
import io.starling.rpc.proto.PublishRequest;
import io.starling.rpc.proto.TableColumnDesc;
import io.starling.rpc.proto.TabletVersion;
import io.starling.rpc.service.BackendService;
import io.starling.rpc.service.FragmentHandle;
import io.starling.rpc.service.FrontendCallbacks;
import io.starling.sched.worker.WorkerPool;
import io.starling.storage.tablet.TabletStore;
import io.starling.storage.types.DataType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The backend in process: tablets in a {@link TabletStore} under {@code <dataDir>/be}, fragments run by a
 * {@link FragmentExecutor} on the given {@link WorkerPool} (owned by the caller). Thread-safe: the store
 * synchronises per tablet and every fragment has its own state.
 */
public final class LocalBackendService implements BackendService, AutoCloseable
{
    private final TabletStore store;
    private final FragmentExecutor executor;
    /** Background compaction and version garbage collection (io.starling.be.compaction). */
    private final io.starling.be.compaction.CompactionScheduler compaction;

    public LocalBackendService(Path dataDir, WorkerPool pool)
    {
        try {
            this.store = new TabletStore(dataDir.resolve("be"));
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot open the tablet store under " + dataDir.resolve("be"), e);
        }
        this.executor = new FragmentExecutor(store, pool);
        this.compaction = new io.starling.be.compaction.CompactionScheduler(store,
                io.starling.be.compaction.CompactionConfig.load(), io.starling.storage.memory.MemoryContext.process());
    }

    /** The compaction scheduler (for tests). */
    public io.starling.be.compaction.CompactionScheduler compaction()
    {
        return compaction;
    }

    @Override
    public List<io.starling.rpc.proto.CompactionTabletStat> tabletStats(List<Long> tabletIds)
    {
        List<io.starling.rpc.proto.CompactionTabletStat> out = new ArrayList<>(tabletIds.size());
        for (long id : tabletIds) {
            out.add(compaction.stat(id));
        }
        return out;
    }

    @Override
    public void compact(List<Long> tabletIds, String kind)
    {
        try {
            compaction.compactNow(tabletIds, kind);
        }
        catch (IOException e) {
            throw new UncheckedIOException("compaction failed", e);
        }
    }

    /** The tablet store (for tests and the BE HTTP endpoints). */
    public TabletStore store()
    {
        return store;
    }

    @Override
    public void createTablets(List<CreateTabletRequest> requests)
    {
        for (CreateTabletRequest r : requests) {
            List<DataType> schema = new ArrayList<>();
            List<String> names = new ArrayList<>();
            int keys = 0;
            List<io.starling.storage.merge.AggType> aggs = new ArrayList<>();
            Integer[] sortKey = new Integer[r.getColumnsCount()];
            int sortKeyLength = 0;
            for (TableColumnDesc c : r.getColumnsList()) {
                schema.add(ProtoTypes.toDataType(c.getType()));
                names.add(c.getName());
                keys += c.getIsKey() ? 1 : 0;
                aggs.add(io.starling.storage.merge.AggType.ofCode(c.getAggregation()));
                if (c.getSortKeyPosition() > 0) {
                    sortKey[c.getSortKeyPosition() - 1] = names.size() - 1;
                    sortKeyLength = Math.max(sortKeyLength, c.getSortKeyPosition());
                }
            }
            io.starling.storage.tablet.KeysModel model = io.starling.storage.tablet.KeysModel.ofCode(r.getKeysType());
            try {
                store.createTablet(r.getTabletId(), schema, names, model, model == io.starling.storage.tablet.KeysModel.DUPLICATE ? 0 : keys,
                        aggs.stream().allMatch(a -> a == io.starling.storage.merge.AggType.NONE) ? List.of() : aggs,
                        java.util.Arrays.asList(sortKey).subList(0, sortKeyLength));
                if (r.getEnablePersistentIndex()) {
                    store.setPersistentIndex(r.getTabletId(), true);
                }
            }
            catch (IOException e) {
                throw new UncheckedIOException("cannot create tablet " + r.getTabletId(), e);
            }
        }
    }

    @Override
    public void dropTablets(List<Long> tabletIds)
    {
        for (long id : tabletIds) {
            try {
                store.dropTablet(id);
            }
            catch (IOException e) {
                throw new UncheckedIOException("cannot drop tablet " + id, e);
            }
        }
    }

    @Override
    public void setPersistentIndex(List<Long> tabletIds, boolean enabled)
    {
        for (long id : tabletIds) {
            if (!store.hasTablet(id)) {
                continue;
            }
            try {
                store.setPersistentIndex(id, enabled);
            }
            catch (IOException e) {
                throw new UncheckedIOException("cannot change the primary index of tablet " + id, e);
            }
        }
    }

    @Override
    public List<io.starling.rpc.proto.PkCheckProblem> checkTablets(List<Long> tabletIds)
    {
        List<io.starling.rpc.proto.PkCheckProblem> out = new ArrayList<>();
        for (long id : tabletIds) {
            if (!store.hasTablet(id)) {
                continue;
            }
            try {
                for (io.starling.storage.check.Problem p : io.starling.storage.check.TabletChecker.check(store, id)) {
                    out.add(io.starling.rpc.proto.PkCheckProblem.newBuilder().setTabletId(p.tabletId()).setKind(p.kind().name())
                            .setFile(p.file()).setDetail(p.detail()).build());
                }
            }
            catch (IOException e) {
                throw new UncheckedIOException("consistency check of tablet " + id + " failed", e);
            }
            catch (IllegalStateException e) {
                // dropped meanwhile: nothing to check
            }
        }
        return out;
    }

    @Override
    public FragmentHandle execute(PlanFragment fragment, FrontendCallbacks callbacks)
    {
        return executor.execute(fragment, callbacks);
    }

    @Override
    public void publish(PublishRequest request)
    {
        for (TabletVersion tv : request.getTabletsList()) {
            try {
                store.publish(tv.getTabletId(), request.getTxnId(), tv.getVersion());
            }
            catch (IOException e) {
                throw new UncheckedIOException("cannot publish txn " + request.getTxnId() + " on tablet " + tv.getTabletId(), e);
            }
        }
    }

    @Override
    public void abort(long txnId)
    {
        for (long tabletId : store.listTablets()) {
            if (store.pendingTxns(tabletId).contains(txnId)) {
                try {
                    store.abortPending(tabletId, txnId);
                }
                catch (IOException e) {
                    throw new UncheckedIOException("cannot abort txn " + txnId + " on tablet " + tabletId, e);
                }
            }
        }
    }

    @Override
    public Map<Long, Long> recover(Set<Long> keepTxnIds)
    {
        try {
            store.abortPendingExcept(keepTxnIds);
        }
        catch (IOException e) {
            throw new UncheckedIOException("recovery of pending rowsets failed", e);
        }
        Map<Long, Long> versions = new LinkedHashMap<>();
        for (long id : store.listTablets()) {
            versions.put(id, store.visibleVersion(id));
        }
        return versions;
    }

    /** Closes the tablet store; running fragments must have ended. */
    @Override
    public void close()
    {
        compaction.close();
        store.close();
    }
}

package io.starling.fe.testing;

import io.starling.rpc.proto.CreateTabletRequest;
import io.starling.rpc.proto.PlanFragment;
import io.starling.rpc.proto.PublishRequest;
import io.starling.rpc.proto.SinkResult;
import io.starling.rpc.proto.TabletVersion;
import io.starling.rpc.service.BackendService;
import io.starling.rpc.service.FragmentException;
import io.starling.rpc.service.FragmentHandle;
import io.starling.rpc.service.FrontendCallbacks;
import io.starling.storage.batch.ColumnBatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/** An in-memory BE for FE tests: records tablets, publishes and aborts; fragments are scripted. */
public final class FakeBackend implements BackendService
{
    public final Set<Long> tablets = new HashSet<>();
    public final Map<Long, Long> versions = new HashMap<>();
    public final List<Long> published = new ArrayList<>();
    public final List<Long> aborted = new ArrayList<>();
    public final List<PlanFragment> executed = new ArrayList<>();
    public Set<Long> lastRecoverKeep;
    public boolean failPublish;
    /** What a table-sink fragment returns; default: nothing written. */
    public Function<PlanFragment, SinkResult> sinkBehaviour = f -> SinkResult.getDefaultInstance();
    /** When set, result fragments block until cancelled. */
    public boolean blockQueries;

    @Override
    public synchronized void createTablets(List<CreateTabletRequest> requests)
    {
        for (CreateTabletRequest r : requests) {
            tablets.add(r.getTabletId());
            versions.putIfAbsent(r.getTabletId(), 1L);
        }
    }

    @Override
    public synchronized void dropTablets(List<Long> tabletIds)
    {
        tabletIds.forEach(tablets::remove);
    }

    /** Tablets whose persistent primary index was turned on by setPersistentIndex. */
    public final Set<Long> persistentIndex = new HashSet<>();

    @Override
    public synchronized void setPersistentIndex(List<Long> tabletIds, boolean enabled)
    {
        if (enabled) {
            persistentIndex.addAll(tabletIds);
        }
        else {
            tabletIds.forEach(persistentIndex::remove);
        }
    }

    /** The fake stores no data: its tablets are always consistent. */
    @Override
    public List<io.starling.rpc.proto.PkCheckProblem> checkTablets(List<Long> tabletIds)
    {
        return List.of();
    }

    @Override
    public synchronized FragmentHandle execute(PlanFragment fragment, FrontendCallbacks callbacks)
    {
        executed.add(fragment);
        CountDownLatch cancelled = new CountDownLatch(1);
        return new FragmentHandle()
        {
            private volatile String reason;

            @Override
            public ColumnBatch next() throws FragmentException, InterruptedException
            {
                if (blockQueries) {
                    cancelled.await();
                    throw new FragmentException(FragmentException.Kind.CANCELLED, reason);
                }
                return null;
            }

            @Override
            public SinkResult sinkResult() throws FragmentException
            {
                try {
                    return sinkBehaviour.apply(fragment);
                }
                catch (RuntimeException e) {
                    throw new FragmentException(FragmentException.Kind.DATA_QUALITY, e.getMessage());
                }
            }

            @Override
            public void cancel(String why)
            {
                reason = why;
                cancelled.countDown();
            }

            @Override
            public String profile()
            {
                return "";
            }

            @Override
            public void close()
            {
                cancelled.countDown();
            }
        };
    }

    @Override
    public synchronized void publish(PublishRequest request)
    {
        if (failPublish) {
            throw new IllegalStateException("publish failed (test)");
        }
        published.add(request.getTxnId());
        for (TabletVersion tv : request.getTabletsList()) {
            versions.merge(tv.getTabletId(), tv.getVersion(), Math::max);
        }
    }

    @Override
    public synchronized void abort(long txnId)
    {
        aborted.add(txnId);
    }

    @Override
    public synchronized Map<Long, Long> recover(Set<Long> keepTxnIds)
    {
        lastRecoverKeep = Set.copyOf(keepTxnIds);
        return Map.copyOf(versions);
    }
}

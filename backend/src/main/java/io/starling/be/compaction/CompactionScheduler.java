package io.starling.be.compaction;

import io.starling.rpc.proto.CompactionTabletStat;
import io.starling.storage.compaction.CompactionPolicy;
import io.starling.storage.compaction.CompactionResult;
import io.starling.storage.compaction.TabletCompactor;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.tablet.TabletStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Background compaction and garbage collection of a BE's tablets. Every {@code checkIntervalSeconds} one thread
 * scores all tablets ({@link CompactionPolicy#score}), hands the highest-scoring ones (at least {@code minScore})
 * to a pool of {@code maxCompactionConcurrency} threads, and garbage-collects old versions of every tablet.
 * {@link #compactNow} is the synchronous path of {@code ALTER TABLE ... COMPACT}.
 */
public final class CompactionScheduler implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(CompactionScheduler.class);

    private final TabletStore store;
    private final CompactionConfig config;
    private final MemoryContext memory;
    private final ScheduledExecutorService ticker;
    private final ExecutorService workers;
    private final AtomicLong compactions = new AtomicLong();

    public CompactionScheduler(TabletStore store, CompactionConfig config, MemoryContext memory)
    {
        this.store = store;
        this.config = config;
        this.memory = memory;
        store.setMaxVersions(config.tabletMaxVersions());
        store.setStaleGraceSeconds(config.staleSweepSeconds());
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "compaction-scheduler"));
        int threads = Math.max(1, config.maxCompactionConcurrency());
        this.workers = Executors.newFixedThreadPool(threads, r -> daemon(r, "compaction-worker"));
        long period = Math.max(1, config.checkIntervalSeconds());
        ticker.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.SECONDS);
    }

    private static Thread daemon(Runnable r, String name)
    {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Compactions committed since start (background and requested). */
    public long compactions()
    {
        return compactions.get();
    }

    /** One scheduling round: compact the top-scoring tablets (waiting for them), then collect garbage. */
    void tick()
    {
        try {
            if (config.maxCompactionConcurrency() > 0) {
                record Scored(long tablet, double score)
                {
                }
                List<Scored> due = new ArrayList<>();
                for (long id : store.listTablets()) {
                    try {
                        double s = TabletCompactor.score(store, id);
                        if (s >= config.minScore()) {
                            due.add(new Scored(id, s));
                        }
                    }
                    catch (IllegalArgumentException dropped) {
                        // dropped since listed
                    }
                }
                due.sort(Comparator.comparingDouble(Scored::score).reversed());
                List<java.util.concurrent.Future<?>> running = new ArrayList<>();
                for (Scored s : due.subList(0, Math.min(due.size(), config.maxCompactionConcurrency()))) {
                    running.add(workers.submit(() -> compactQuietly(s.tablet(), false)));
                }
                for (java.util.concurrent.Future<?> f : running) {
                    f.get();
                }
            }
            store.collectGarbage();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catch (Exception e) {
            LOG.warn("compaction round failed", e);
        }
    }

    private void compactQuietly(long tabletId, boolean manual)
    {
        try {
            compact(tabletId, manual);
        }
        catch (IOException | RuntimeException e) {
            LOG.warn("compaction of tablet {} failed", tabletId, e);
        }
    }

    private CompactionResult compact(long tabletId, boolean manual) throws IOException
    {
        if (!store.hasTablet(tabletId)) {
            return null;
        }
        CompactionResult r = TabletCompactor.compact(store, tabletId, manual, memory);
        if (r != null) {
            compactions.incrementAndGet();
        }
        return r;
    }

    /**
     * Compacts the given tablets now, on the caller's thread (ALTER TABLE ... COMPACT), then collects their
     * garbage. {@code kind} "CUMULATIVE" runs the background policy, anything else compacts everything.
     */
    public void compactNow(List<Long> tabletIds, String kind) throws IOException
    {
        boolean manual = !"CUMULATIVE".equalsIgnoreCase(kind);
        for (long id : tabletIds) {
            compact(id, manual);
            if (store.hasTablet(id)) {
                store.collectGarbage(id);
            }
        }
    }

    /** The storage state of a tablet for SHOW TABLET / SHOW PROC. */
    public CompactionTabletStat stat(long tabletId)
    {
        CompactionTabletStat.Builder b = CompactionTabletStat.newBuilder().setTabletId(tabletId);
        if (!store.hasTablet(tabletId)) {
            return b.setFound(false).build();
        }
        try {
            List<TabletStore.RowsetStats> rowsets = store.liveRowsets(tabletId);
            long rows = 0;
            long bytes = 0;
            int segments = 0;
            for (TabletStore.RowsetStats r : rowsets) {
                rows += r.rowset().numRows() - r.deletedRows();
                bytes += r.rowset().totalBytes();
                segments += r.rowset().segmentFiles().size();
            }
            return b.setFound(true)
                    .setVisibleVersion(store.visibleVersion(tabletId))
                    .setVersionCount(store.versionCount(tabletId))
                    .setRowCount(rows)
                    .setDataSize(bytes)
                    .setCompactionScore(CompactionPolicy.score(store.keysModel(tabletId), rowsets))
                    .setRowsetCount(rowsets.size())
                    .setSegmentCount(segments)
                    .setMetaVersions(store.metaEntries(tabletId))
                    .build();
        }
        catch (IllegalArgumentException dropped) {
            return b.setFound(false).build();
        }
    }

    @Override
    public void close()
    {
        ticker.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

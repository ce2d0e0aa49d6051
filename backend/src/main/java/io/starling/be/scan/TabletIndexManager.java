package io.starling.be.scan;

import io.starling.rpc.proto.TableIndexSpec;
import io.starling.storage.index.bitmap.BitmapIndex;
import io.starling.storage.index.bitmap.BitmapIndexFile;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.segment.SegmentIndexSpec;
import io.starling.storage.segment.SegmentReader;
import io.starling.storage.tablet.TabletStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps each tablet's {@link SegmentIndexSpec} in line with the table's index definitions and maintains the bitmap
 * index side files. The FE sends the table's indexes with every scan and load ({@code TableIndexSpec} in the plan);
 * when they differ from what the tablet stored, the new spec is stored (new segments then get the new short key and
 * bloom indexes), side files of dropped bitmap indexes are deleted and missing ones are built in the background, one
 * segment column at a time, each published atomically. Until a side file exists the scan simply does not use it, so
 * a build never blocks or changes a query's answer.
 *
 * <p>Process-wide (the BE has one {@link TabletStore}); the bitmap indexes read by scans are cached here too.
 */
public final class TabletIndexManager
{
    private static final Logger LOG = LoggerFactory.getLogger(TabletIndexManager.class);
    /** Cached side files; cleared wholesale past this many entries (each is a small low-cardinality index). */
    static final int MAX_CACHED = 10_000;

    private static final Map<Path, SegmentIndexSpec> APPLIED = new ConcurrentHashMap<>();
    private static final Map<Path, Optional<BitmapIndex>> CACHE = new ConcurrentHashMap<>();
    private static final Set<Path> BUILDING = ConcurrentHashMap.newKeySet();
    private static final AtomicLong BUILT = new AtomicLong();
    private static final AtomicLong FAILED = new AtomicLong();
    /** One builder thread: index builds are background work and must not compete with queries for both cores. */
    private static final ExecutorService BUILDER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bitmap-index-builder");
        t.setDaemon(true);
        return t;
    });

    private TabletIndexManager()
    {
    }

    /** The storage spec of a plan's index description. */
    public static SegmentIndexSpec toSpec(TableIndexSpec p)
    {
        return new SegmentIndexSpec(p.getSortKeyColumns(), p.getBloomFilterColumnsList(),
                p.getBloomFilterFpp() > 0 ? p.getBloomFilterFpp() : SegmentIndexSpec.DEFAULT_FPP, p.getBitmapIndexColumnsList());
    }

    /** {@code <root>/tablets/<id>/index}: next to the tablet's data directory (TabletStore's layout). */
    static Path indexDir(TabletStore store, long tabletId)
    {
        return store.root().resolve("tablets").resolve(Long.toString(tabletId)).resolve(SegmentIndexSpec.INDEX_DIR);
    }

    /**
     * Stores the spec for the tablet if it changed (before a load opens its rowset, so its segments use it).
     * Returns the spec that was stored before, or null if nothing changed.
     */
    public static SegmentIndexSpec apply(TabletStore store, long tabletId, SegmentIndexSpec spec)
    {
        Path dir = indexDir(store, tabletId);
        SegmentIndexSpec known = APPLIED.get(dir);
        if (spec.equals(known)) {
            return null;
        }
        if (!java.nio.file.Files.isDirectory(dir.getParent())) {
            // not (or no longer) a tablet of this store: never create directories for it
            return null;
        }
        synchronized (TabletIndexManager.class) {
            try {
                SegmentIndexSpec stored = SegmentIndexSpec.load(dir);
                if (!spec.equals(stored)) {
                    spec.store(dir);
                }
                APPLIED.put(dir, spec);
                return spec.equals(stored) ? null : (stored == null ? SegmentIndexSpec.NONE : stored);
            }
            catch (NoSuchFileException e) {
                // the tablet was dropped meanwhile
                return null;
            }
            catch (IOException | IllegalArgumentException e) {
                LOG.warn("tablet {}: cannot store index spec in {}: {}", tabletId, dir, e.toString());
                return null;
            }
        }
    }

    /**
     * Called by a scan for each tablet: stores a changed spec, deletes side files of bitmap indexes no longer in it,
     * and queues builds of missing side files for the snapshot's segments.
     */
    public static void onScan(TabletStore store, long tabletId, SegmentIndexSpec spec, List<SegmentReader> segments)
    {
        SegmentIndexSpec before = apply(store, tabletId, spec);
        if (before != null) {
            for (int c : before.bitmapColumns()) {
                if (!spec.bitmapColumns().contains(c)) {
                    for (SegmentReader s : segments) {
                        dropSideFile(s.path(), c);
                    }
                }
            }
        }
        for (int c : spec.bitmapColumns()) {
            for (SegmentReader s : segments) {
                if (c < s.columnCount() && bitmap(s, c) == null) {
                    scheduleBuild(s.path(), c);
                }
            }
        }
    }

    private static void dropSideFile(Path segment, int column)
    {
        try {
            BitmapIndexFile.delete(segment, column);
        }
        catch (IOException e) {
            LOG.warn("cannot delete bitmap index of {} column {}: {}", segment, column, e.toString());
        }
        CACHE.remove(BitmapIndexFile.pathFor(segment, column));
    }

    private static void scheduleBuild(Path segment, int column)
    {
        Path target = BitmapIndexFile.pathFor(segment, column);
        if (!BUILDING.add(target)) {
            return;
        }
        BUILDER.execute(() -> {
            try (SegmentReader r = SegmentReader.open(segment);
                    MemoryContext ctx = MemoryContext.process().newChild("bitmap-index-build")) {
                BitmapIndexFile.build(r, column, ctx);
                BUILT.incrementAndGet();
            }
            catch (NoSuchFileException e) {
                // the segment was compacted or dropped meanwhile
            }
            catch (IOException | RuntimeException e) {
                FAILED.incrementAndGet();
                LOG.warn("building the bitmap index of {} column {} failed: {}", segment, column, e.toString());
            }
            finally {
                CACHE.remove(target);
                BUILDING.remove(target);
            }
        });
    }

    /**
     * The bitmap index of a segment column, or null if its side file does not exist (yet).
     *
     * @throws io.starling.storage.segment.CorruptSegmentException if the side file is corrupt
     */
    public static BitmapIndex bitmap(SegmentReader s, int column)
    {
        Path p = BitmapIndexFile.pathFor(s.path(), column);
        Optional<BitmapIndex> cached = CACHE.get(p);
        if (cached != null) {
            return cached.orElse(null);
        }
        BitmapIndex idx;
        try {
            idx = BitmapIndexFile.read(s.path(), column, s.columnType(column), s.numRows());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (CACHE.size() >= MAX_CACHED) {
            CACHE.clear();
        }
        if (!BUILDING.contains(p)) {
            CACHE.put(p, Optional.ofNullable(idx));
        }
        return idx;
    }

    /** Blocks until queued builds are done (tests, and SHOW of build state); false on timeout. */
    public static boolean awaitBuilds(long timeoutMillis) throws InterruptedException
    {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!BUILDING.isEmpty()) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** Side files built / failed since start, and builds queued or running now. */
    public static long[] buildCounters()
    {
        return new long[] {BUILT.get(), FAILED.get(), BUILDING.size()};
    }

    /** Forgets the specs applied in this process (a new TabletStore over other data, e.g. in tests). */
    public static void reset()
    {
        APPLIED.clear();
        CACHE.clear();
    }
}

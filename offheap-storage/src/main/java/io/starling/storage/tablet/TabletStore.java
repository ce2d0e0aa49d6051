package io.starling.storage.tablet;

import io.starling.storage.delvec.DelVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.meta.MetaStore;
import io.starling.storage.pk.PrimaryIndex;
import io.starling.storage.segment.CorruptSegmentException;
import io.starling.storage.segment.SegmentReader;
import io.starling.storage.types.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tablets of one backend on local disk: versioned, transactional and crash-safe.
 *
 * <pre>
 * root/meta/                                        tablet meta store ({@link MetaStore}, RocksDB):
 *     m/&lt;tabletId&gt;                                    tablet meta ({@link TabletMeta}): schema, model, versions
 *     p/&lt;tabletId&gt;/&lt;txnId&gt;                            rowset written by txnId, waiting for publish
 *     d/&lt;tabletId&gt;/&lt;version&gt;/&lt;segment&gt;                 delete vector of a segment as of a version (PRIMARY)
 * root/tablets/&lt;tabletId&gt;/data/&lt;rowsetId&gt;_&lt;n&gt;.seg     segment files (.del: keys deleted by a PRIMARY load)
 * root/trash/&lt;tabletId&gt;.&lt;nanos&gt;/                 dropped tablets, deleted when no snapshot uses them
 * </pre>
 *
 * <p>Write protocol (StarRocks' two-phase load): {@link #openRowset} → {@link RowsetWriter#append} →
 * {@link RowsetWriter#finish()} writes and fsyncs the segments and then records them as pending for the
 * transaction; {@link #publish} writes, in one atomic and synced meta store batch, the new meta version listing the
 * rowset, the delete vectors it produced (PRIMARY tablets) and the removal of the pending record. After a crash at
 * any point the store reopens to the last completed state: segment files referenced by neither a meta version nor a
 * pending record are deleted, pending records of already published transactions are removed, and pending records
 * whose segments are missing or corrupt are dropped.
 *
 * <p>Data directories of the previous format (a checksummed {@code meta} file and {@code pending/*.pending} files
 * per tablet) are migrated on open: imported into the meta store in one batch, then the files are deleted.
 *
 * <p>PRIMARY tablets keep a {@link PrimaryIndex} (encoded key → live row), built from the data on the first publish
 * that needs it, accounted in a per-tablet memory context and released after {@code starling.pk_index_idle_seconds}
 * (default {@value #DEFAULT_INDEX_IDLE_SECONDS}) without use; see {@link PrimaryKeyPublisher}.
 *
 * <p>Concurrency: operations on one tablet serialise on its state object; different tablets proceed in
 * parallel. Readers are opened once per segment file and shared by all snapshots of the tablet.
 */
public final class TabletStore implements AutoCloseable
{
    /** Roll to a new segment after this many rows (~1M): big enough for good zone maps, small enough to parallelise scans. */
    public static final long DEFAULT_ROWS_PER_SEGMENT = 1L << 20;
    /** A primary index unused this long is dropped (rebuilt from data on next use): StarRocks' default is 5 minutes too. */
    static final long DEFAULT_INDEX_IDLE_SECONDS = 300;
    /** StarRocks BE's {@code tablet_max_versions} default. */
    public static final int DEFAULT_MAX_VERSIONS = 1000;
    /**
     * StarRocks BE's {@code tablet_rowset_stale_sweep_time_sec} default (30 minutes): a query planned at an older
     * version opens its snapshot after the FE chose the version, so retired rowsets must outlive that gap.
     */
    public static final long DEFAULT_STALE_SWEEP_SECONDS = 1800;
    static final String SEGMENT_SUFFIX = ".seg";
    static final String DELETE_SUFFIX = ".del";
    static final String PENDING_SUFFIX = ".pending";
    private static final Logger LOG = LoggerFactory.getLogger(TabletStore.class);
    /**
     * Stores open in this JVM by real root path. RocksDB allows one open handle per directory and process, so a store
     * opened on the root of one that was abandoned without close (the in-process kill -9 imitation of tests) closes
     * the abandoned one's meta store first: every meta write was synced at commit, so this loses nothing a real crash
     * would keep, and the abandoned store's later calls fail instead of writing.
     */
    private static final ConcurrentHashMap<Path, TabletStore> OPEN = new ConcurrentHashMap<>();

    private final Path root;
    private final Path tabletsDir;
    private final Path trashDir;
    private final long rowsPerSegment;
    private final MemoryContext memory;
    private final MemoryContext indexMemory;
    private final MetaStore metaStore;
    private final ConcurrentHashMap<Long, TabletState> tablets = new ConcurrentHashMap<>();
    private final AtomicLong nextRowsetId = new AtomicLong(1);
    /** Counters of {@link #primaryIndexBuilds()} and {@link #primaryIndexReopens()}, bumped by PrimaryKeyPublisher. */
    final AtomicLong pkIndexBuilds = new AtomicLong();
    final AtomicLong pkIndexReopens = new AtomicLong();
    private final long indexIdleNanos;
    private final ScheduledExecutorService janitor;
    /** StarRocks BE {@code tablet_max_versions}: loads into a tablet with more rowsets than this fail. */
    private volatile int maxVersions = DEFAULT_MAX_VERSIONS;
    /** Retired rowsets stay readable this long (StarRocks' {@code tablet_rowset_stale_sweep_time_sec}). */
    private volatile long staleGraceNanos = TimeUnit.SECONDS.toNanos(DEFAULT_STALE_SWEEP_SECONDS);

    /** Opens (creating if needed) the store at {@code root}, recovering from any crash. */
    public TabletStore(Path root) throws IOException
    {
        this(root, DEFAULT_ROWS_PER_SEGMENT, MemoryContext.process());
    }

    /**
     * @param rowsPerSegment rows after which a rowset writer starts a new segment file
     * @param memory parent memory context of rowset writers' staging buffers and primary indexes
     */
    public TabletStore(Path root, long rowsPerSegment, MemoryContext memory) throws IOException
    {
        this.root = root;
        this.tabletsDir = root.resolve("tablets");
        this.trashDir = root.resolve("trash");
        this.rowsPerSegment = rowsPerSegment;
        this.memory = memory;
        this.indexMemory = memory.newChild("primary-indexes");
        this.indexIdleNanos = TimeUnit.SECONDS.toNanos(Long.getLong("starling.pk_index_idle_seconds", DEFAULT_INDEX_IDLE_SECONDS));
        Files.createDirectories(tabletsDir);
        Files.createDirectories(trashDir);
        Path key = root.toRealPath();
        TabletStore abandoned = OPEN.remove(key);
        if (abandoned != null) {
            LOG.warn("tablet store at {} reopened while an earlier instance was not closed; abandoning it", root);
            abandoned.abandon();
        }
        this.metaStore = MetaStore.open(root.resolve("meta"));
        try {
            recover();
        }
        catch (IOException | RuntimeException e) {
            metaStore.close();
            throw e;
        }
        this.janitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tablet-store-janitor");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(indexIdleNanos) / 2);
        janitor.scheduleWithFixedDelay(() -> releaseIdleIndexes(indexIdleNanos), period, period, TimeUnit.SECONDS);
        OPEN.put(key, this);
    }

    /** Detaches an instance that was never closed: releases its meta store handle only (see {@link #OPEN}). */
    private void abandon()
    {
        janitor.shutdownNow();
        metaStore.close();
    }

    public Path root()
    {
        return root;
    }

    /** Mutable in-memory state of one tablet; guarded by its own monitor. */
    static final class TabletState
    {
        final long id;
        final Path dir;
        TabletMeta meta;
        final Map<Long, RowsetMeta> pending = new HashMap<>();
        final Map<String, SegmentReader> readers = new HashMap<>();
        /** Delete vectors per segment file, by the version that wrote them. */
        final Map<String, TreeMap<Long, DelVector>> delvecs = new HashMap<>();
        /** The loaded primary index (in memory, or the persistent one's cache), or null. */
        io.starling.storage.pk.PkIndex index;
        /** {@code "enable_persistent_index"}: the index lives in the meta store ({@code o/<tablet>} records it). */
        boolean persistentIndex;
        /** Rowset ids of writers not finished yet: their files are not stray (consistency check). */
        final Set<Long> writing = ConcurrentHashMap.newKeySet();
        /** Update modes (partial update, merge condition) of pending PRIMARY rowsets, by txn; see PrimaryKeyPublisher. */
        final Map<Long, io.starling.storage.pk.UpdateMode> pendingModes = new HashMap<>();
        /** The publish in progress' rowset with partial-update segments rewritten as full rows, or null. */
        RowsetMeta rewrittenRowset;
        /** Segment files of the primary index's locations, by ordinal. */
        final List<String> indexSegments = new ArrayList<>();
        final Map<String, Integer> indexOrdinals = new HashMap<>();
        long indexLastUsed;
        int activeSnapshots;
        boolean dropped;
        Path trashPath;
        /** Open snapshots per segment file: a file whose rowset was collected is deleted when its count is zero. */
        final Map<String, Integer> pinnedFiles = new HashMap<>();
        /** Open snapshots per read version: garbage collection keeps every version from the lowest one on. */
        final TreeMap<Long, Integer> pinnedVersions = new TreeMap<>();
        /** Files of collected rowsets still used by an open snapshot. */
        final Set<String> obsoleteFiles = new HashSet<>();
        /** When each rowset retired by a compaction in this process retired (System.nanoTime), for the grace period. */
        final Map<Long, Long> retiredNanos = new HashMap<>();
        /** Highest version whose entry garbage collection removed: a publish at or below it was already applied. */
        long collectedThrough;
        /** Lowest version a snapshot can read: older versions' rowsets were replaced by compaction and collected. */
        long oldestReadable;
        /** A compaction of this tablet is running (one at a time per tablet). */
        boolean compacting;

        TabletState(long id, Path dir, TabletMeta meta)
        {
            this.id = id;
            this.dir = dir;
            this.meta = meta;
        }

        Path dataDir()
        {
            return dir.resolve("data");
        }

        Path pendingDir()
        {
            return dir.resolve("pending");
        }

        Path legacyMetaFile()
        {
            return dir.resolve("meta");
        }

        /** The delete vector of {@code segment} as of {@code version}, or null when no row of it is deleted. */
        DelVector delvecAt(String segment, long version)
        {
            TreeMap<Long, DelVector> byVersion = delvecs.get(segment);
            if (byVersion == null) {
                return null;
            }
            Map.Entry<Long, DelVector> e = byVersion.floorEntry(version);
            return e == null ? null : e.getValue();
        }

        void dropIndex()
        {
            if (index != null) {
                index.close();
                index = null;
            }
            indexSegments.clear();
            indexOrdinals.clear();
        }

        String segmentName(int ordinal)
        {
            return indexSegments.get(ordinal);
        }

        int ordinal(String segment)
        {
            Integer o = indexOrdinals.get(segment);
            if (o == null) {
                o = indexSegments.size();
                indexSegments.add(segment);
                indexOrdinals.put(segment, o);
            }
            return o;
        }
    }

    static String metaKey(long tabletId)
    {
        return "m/" + tabletId;
    }

    static String pendingPrefix(long tabletId)
    {
        return "p/" + tabletId + "/";
    }

    static String pendingKey(long tabletId, long txnId)
    {
        return pendingPrefix(tabletId) + txnId;
    }

    /** Tablet options record (present = persistent primary index enabled). */
    static String optionsKey(long tabletId)
    {
        return "o/" + tabletId;
    }

    static String delvecPrefix(long tabletId)
    {
        return "d/" + tabletId + "/";
    }

    static String delvecKey(long tabletId, long version, String segment)
    {
        return delvecPrefix(tabletId) + version + "/" + segment;
    }

    // ---------------------------------------------------------------- tablets

    /** Creates an empty DUPLICATE tablet; see {@link #createTablet(long, List, List, KeysModel, int)}. */
    public void createTablet(long tabletId, List<DataType> schema, List<String> columnNames) throws IOException
    {
        createTablet(tabletId, schema, columnNames, KeysModel.DUPLICATE, 0);
    }

    /**
     * Creates an empty tablet at version {@link TabletMeta#INITIAL_VERSION}. Idempotent: creating an existing
     * tablet with the same schema is a no-op; with a different schema it fails.
     *
     * @param numKeyColumns the key columns, a prefix of the schema (StarRocks requires keys first)
     */
    public void createTablet(long tabletId, List<DataType> schema, List<String> columnNames, KeysModel model, int numKeyColumns)
            throws IOException
    {
        createTablet(tabletId, schema, columnNames, model, numKeyColumns, List.of(), List.of());
    }

    /**
     * As {@link #createTablet(long, List, List, KeysModel, int)}, with the value columns' aggregation types (empty:
     * none) and the sort key's schema positions (empty: the key columns; see TabletMeta#sortKeyColumns), both
     * persisted in the tablet meta.
     */
    public void createTablet(long tabletId, List<DataType> schema, List<String> columnNames, KeysModel model, int numKeyColumns,
            List<io.starling.storage.merge.AggType> aggTypes, List<Integer> sortKey) throws IOException
    {
        if (schema.size() != columnNames.size()) {
            throw new IllegalArgumentException(schema.size() + " column types but " + columnNames.size() + " column names");
        }
        if (numKeyColumns < 0 || numKeyColumns > schema.size() || (model != KeysModel.DUPLICATE && numKeyColumns == 0)) {
            throw new IllegalArgumentException("a " + model + " tablet needs 1.." + schema.size() + " key columns, got " + numKeyColumns);
        }
        synchronized (tablets) {
            TabletState existing = tablets.get(tabletId);
            if (existing != null) {
                synchronized (existing) {
                    if (!existing.meta.schema().equals(schema) || !existing.meta.columnNames().equals(columnNames)
                            || existing.meta.keysModel() != model) {
                        throw new IllegalStateException("tablet " + tabletId + " already exists with schema " + existing.meta.schema()
                                + " " + existing.meta.columnNames() + " " + existing.meta.keysModel() + ", requested " + schema + " "
                                + columnNames + " " + model);
                    }
                }
                return;
            }
            Path dir = tabletsDir.resolve(Long.toString(tabletId));
            if (Files.exists(dir)) {
                throw new IllegalStateException("directory " + dir + " exists but holds no loaded tablet (corrupt meta?); move it away first");
            }
            Files.createDirectories(dir.resolve("data"));
            Files.createDirectories(dir.resolve("pending"));
            DurableFiles.fsyncDirectory(tabletsDir);
            TabletMeta meta = new TabletMeta(tabletId, schema, columnNames, model, numKeyColumns, TabletMeta.INITIAL_VERSION, List.of(),
                    aggTypes, sortKey);
            TabletState state = new TabletState(tabletId, dir, meta);
            // the directory exists before the meta: a crash in between leaves a directory without meta, removed on open
            try (MetaStore.Batch b = metaStore.batch()) {
                b.put(metaKey(tabletId), meta.serialize()).commit();
            }
            tablets.put(tabletId, state);
        }
    }

    /** Ids of all live tablets, ascending. */
    public List<Long> listTablets()
    {
        List<Long> ids = new ArrayList<>(tablets.keySet());
        ids.sort(null);
        return ids;
    }

    public boolean hasTablet(long tabletId)
    {
        return tablets.containsKey(tabletId);
    }

    public long visibleVersion(long tabletId)
    {
        TabletState s = state(tabletId);
        synchronized (s) {
            return s.meta.visibleVersion();
        }
    }

    public List<DataType> schema(long tabletId)
    {
        TabletState s = state(tabletId);
        synchronized (s) {
            return s.meta.schema();
        }
    }

    public List<String> columnNames(long tabletId)
    {
        TabletState s = state(tabletId);
        synchronized (s) {
            return s.meta.columnNames();
        }
    }

    public KeysModel keysModel(long tabletId)
    {
        TabletState s = state(tabletId);
        synchronized (s) {
            return s.meta.keysModel();
        }
    }

    public int numKeyColumns(long tabletId)
    {
        TabletState s = state(tabletId);
        synchronized (s) {
            return s.meta.numKeyColumns();
        }
    }

    /** Transactions with a pending (finished, unpublished) rowset in this tablet. */
    public Set<Long> pendingTxns(long tabletId)
    {
        TabletState s = state(tabletId);
        synchronized (s) {
            return Set.copyOf(s.pending.keySet());
        }
    }

    /**
     * Drops a tablet: it disappears at once (and stays gone after a restart); its files are deleted when the
     * last open snapshot closes. Dropping an unknown tablet is a no-op.
     */
    public void dropTablet(long tabletId) throws IOException
    {
        TabletState s;
        synchronized (tablets) {
            s = tablets.remove(tabletId);
            if (s == null) {
                return;
            }
            synchronized (s) {
                s.dropped = true;
                s.pending.clear();
                s.dropIndex();
                // meta first: a crash before the move leaves a directory without meta, which the next open removes
                try (MetaStore.Batch b = metaStore.batch()) {
                    b.delete(metaKey(tabletId)).deletePrefix(pendingPrefix(tabletId)).deletePrefix(delvecPrefix(tabletId));
                    b.delete(optionsKey(tabletId));
                    io.starling.storage.pk.PersistentPrimaryIndex.deleteAll(b, tabletId).commit();
                }
                s.trashPath = trashDir.resolve(tabletId + "." + System.nanoTime());
                Files.move(s.dir, s.trashPath, StandardCopyOption.ATOMIC_MOVE);
                DurableFiles.fsyncDirectory(tabletsDir);
            }
        }
        deleteIfUnused(s);
    }

    // ---------------------------------------------------------------- writes

    /** Starts writing the rowset of {@code txnId} for a tablet. */
    public RowsetWriter openRowset(long tabletId, long txnId)
    {
        TabletState s = state(tabletId);
        TabletMeta meta;
        synchronized (s) {
            checkNotPublished(s, txnId);
            int count = versionCount(s);
            if (count > maxVersions) {
                throw new TooManyVersionsException(tabletId, count, maxVersions);
            }
            meta = s.meta;
        }
        MemoryContext ctx = memory.newChild("rowset-writer:" + tabletId + ":" + txnId);
        long rowsetId = nextRowsetId.getAndIncrement();
        s.writing.add(rowsetId);
        return new RowsetWriter(this, s, txnId, rowsetId, meta.schema(), rowsPerSegment, ctx,
                meta.keysModel(), meta.numKeyColumns());
    }

    private static void checkNotPublished(TabletState s, long txnId)
    {
        if (s.dropped) {
            throw new IllegalStateException("tablet " + s.id + " was dropped");
        }
        TabletMeta.VersionEntry e = s.meta.entryOf(txnId);
        if (e != null) {
            throw new IllegalStateException("txn " + txnId + " is already published in tablet " + s.id + " at version " + e.version());
        }
    }

    /** Called by {@link RowsetWriter#setUpdateMode}: the mode is recorded with the pending rowset and used at publish. */
    void setUpdateMode(TabletState s, long txnId, io.starling.storage.pk.UpdateMode mode)
    {
        synchronized (s) {
            if (mode == null || mode.isPlain()) {
                s.pendingModes.remove(txnId);
            }
            else {
                if (!s.meta.keysModel().replacesByKey()) {
                    throw new IllegalStateException("partial update and merge condition need a PRIMARY KEY tablet, tablet "
                            + s.id + " is " + s.meta.keysModel());
                }
                s.pendingModes.put(txnId, mode);
            }
        }
    }

    /** Called by {@link RowsetWriter#finish()}: durably records the rowset as pending for its transaction. */
    void recordPending(TabletState s, RowsetMeta rowset) throws IOException
    {
        if (rowset.txnId() < 0) {
            // a compaction output (see openCompactionOutput): referenced only once commitCompaction commits it
            return;
        }
        synchronized (s) {
            checkNotPublished(s, rowset.txnId());
            if (s.pending.containsKey(rowset.txnId())) {
                throw new IllegalStateException("txn " + rowset.txnId() + " already has a pending rowset in tablet " + s.id);
            }
            try (MetaStore.Batch b = metaStore.batch()) {
                b.put(pendingKey(s.id, rowset.txnId()), TabletMeta.serializePending(s.id, rowset,
                        s.pendingModes.get(rowset.txnId()))).commit();
            }
            s.pending.put(rowset.txnId(), rowset);
        }
    }

    /**
     * Makes transaction {@code txnId} visible at {@code version}: its pending rowset (if it wrote rows to this
     * tablet; a transaction without rows still advances the version) joins the visible rowsets; in a PRIMARY tablet
     * its upserts and deletes update the primary index and the delete vectors of the rows they replace. Atomic and
     * durable when it returns. Idempotent: publishing an already published transaction does nothing.
     *
     * @throws IllegalStateException if {@code version} is not above the visible version
     */
    public void publish(long tabletId, long txnId, long version) throws IOException
    {
        TabletState s = state(tabletId);
        synchronized (s) {
            if (s.dropped) {
                throw new IllegalStateException("tablet " + tabletId + " was dropped");
            }
            if (s.meta.entryOf(txnId) != null) {
                return;
            }
            if (version <= s.collectedThrough && !s.pending.containsKey(txnId)) {
                // its entry was garbage-collected: this is a repeated publish of an applied transaction
                return;
            }
            if (version <= s.meta.visibleVersion()) {
                throw new IllegalStateException("cannot publish txn " + txnId + " at version " + version + " in tablet " + tabletId
                        + ": visible version is already " + s.meta.visibleVersion());
            }
            RowsetMeta rowset = s.pending.get(txnId);
            boolean hasRows = rowset != null && !rowset.isEmpty();
            Map<String, DelVector> delvecs = Map.of();
            if (hasRows && s.meta.keysModel().replacesByKey()) {
                try {
                    delvecs = PrimaryKeyPublisher.apply(this, s, rowset);
                }
                catch (IOException | RuntimeException e) {
                    // the index may hold part of this rowset: rebuild it from the data next time
                    s.dropIndex();
                    throw e;
                }
            }
            RowsetMeta original = rowset;
            if (hasRows) {
                rowset = PrimaryKeyPublisher.publishedRowset(s, rowset);
            }
            TabletMeta next = s.meta.withPublished(version, txnId, hasRows ? rowset : null, List.copyOf(delvecs.keySet()));
            try (MetaStore.Batch b = metaStore.batch()) {
                b.put(metaKey(tabletId), next.serialize());
                for (Map.Entry<String, DelVector> e : delvecs.entrySet()) {
                    b.put(delvecKey(tabletId, version, e.getKey()), e.getValue().serialize());
                }
                b.delete(pendingKey(tabletId, txnId));
                if (hasRows && s.index != null) {
                    // a persistent index's changes commit with the version that makes them true
                    s.index.stage(b, version);
                }
                b.commit();
            }
            catch (IOException | RuntimeException e) {
                s.dropIndex();
                if (original != null) {
                    PrimaryKeyPublisher.afterPublish(s, original, false);
                }
                throw e;
            }
            if (hasRows && s.index != null) {
                s.index.commitStaged();
            }
            if (original != null) {
                PrimaryKeyPublisher.afterPublish(s, original, true);
            }
            s.meta = next;
            s.pending.remove(txnId);
            for (Map.Entry<String, DelVector> e : delvecs.entrySet()) {
                s.delvecs.computeIfAbsent(e.getKey(), k -> new TreeMap<>()).put(version, e.getValue());
            }
            if (rowset != null && !hasRows) {
                deleteFiles(s, rowset);
            }
        }
    }

    // ---------------------------------------------------------------- compaction and garbage collection

    /** Sets StarRocks' {@code tablet_max_versions}: a load into a tablet with more rowsets fails. */
    public void setMaxVersions(int maxVersions)
    {
        if (maxVersions < 1) {
            throw new IllegalArgumentException("tablet_max_versions must be at least 1, got " + maxVersions);
        }
        this.maxVersions = maxVersions;
    }

    public int maxVersions()
    {
        return maxVersions;
    }

    /** Sets how long rowsets replaced by a compaction stay readable by new snapshots of older versions. */
    public void setStaleGraceSeconds(long seconds)
    {
        this.staleGraceNanos = TimeUnit.SECONDS.toNanos(Math.max(0, seconds));
    }

    /** The tablet's version count as the too-many-versions guard sees it: live rowsets plus pending ones. */
    public int versionCount(long tabletId)
    {
        TabletState s = state(tabletId);
        synchronized (s) {
            return versionCount(s);
        }
    }

    private static int versionCount(TabletState s)
    {
        return s.meta.liveEntries().size() + s.pending.size();
    }

    /**
     * The rowsets no compaction has replaced, in version order, with their deleted rows (delete vectors at the
     * visible version): the input of compaction policies and of SHOW TABLET.
     */
    public List<RowsetStats> liveRowsets(long tabletId)
    {
        TabletState s = state(tabletId);
        synchronized (s) {
            long visible = s.meta.visibleVersion();
            List<RowsetStats> out = new ArrayList<>();
            for (TabletMeta.VersionEntry e : s.meta.liveEntries()) {
                long deleted = 0;
                for (String f : e.rowset().segmentFiles()) {
                    DelVector dv = s.delvecAt(f, visible);
                    deleted += dv == null ? 0 : dv.cardinality();
                }
                out.add(new RowsetStats(e.rowset(), e.version(), e.isCompactionOutput(), deleted));
            }
            return out;
        }
    }

    /**
     * A live rowset and its state.
     *
     * @param version its place in the version order (a compaction output: its inputs' highest version)
     * @param compacted whether a compaction wrote it
     * @param deletedRows rows of its segments deleted as of the visible version (PRIMARY tablets)
     */
    public record RowsetStats(RowsetMeta rowset, long version, boolean compacted, long deletedRows)
    {
    }

    /** Versions of the tablet meta that are kept (published transactions and compaction outputs not yet collected). */
    public int metaEntries(long tabletId)
    {
        TabletState s = state(tabletId);
        synchronized (s) {
            return s.meta.versions().size();
        }
    }

    /** Marks the tablet as being compacted; false if a compaction of it already runs. Pair with {@link #endCompaction}. */
    public boolean tryBeginCompaction(long tabletId)
    {
        TabletState s = state(tabletId);
        synchronized (s) {
            if (s.compacting || s.dropped) {
                return false;
            }
            s.compacting = true;
            return true;
        }
    }

    public void endCompaction(long tabletId)
    {
        TabletState s = tablets.get(tabletId);
        if (s != null) {
            synchronized (s) {
                s.compacting = false;
            }
        }
    }

    /**
     * Starts writing a compaction output for a tablet: a rowset writer whose {@link RowsetWriter#finish()} makes the
     * files durable but records nothing; the files become part of the tablet only through {@link #commitCompaction}
     * (a crash before leaves them unreferenced, deleted at the next open).
     */
    public RowsetWriter openCompactionOutput(long tabletId)
    {
        TabletState s = state(tabletId);
        TabletMeta meta;
        synchronized (s) {
            if (s.dropped) {
                throw new IllegalStateException("tablet " + tabletId + " was dropped");
            }
            meta = s.meta;
        }
        long rowsetId = nextRowsetId.getAndIncrement();
        s.writing.add(rowsetId);
        MemoryContext ctx = memory.newChild("compaction-writer:" + tabletId + ":" + rowsetId);
        return new RowsetWriter(this, s, -rowsetId, rowsetId, meta.schema(), rowsPerSegment, ctx, meta.keysModel(), meta.numKeyColumns());
    }

    /**
     * Commits a compaction: the input rowsets are replaced by {@code output} in a new meta version (one atomic,
     * synced meta store batch). Readers at the visible version and later see the output; snapshots already open
     * keep their inputs (MVCC), and new snapshots of older versions see the inputs until garbage collection.
     *
     * <p>PRIMARY/UNIQUE tablets ({@link KeysModel#replacesByKey()}): {@code origins} gives, for every output row in
     * order, its input row as {@code inputSegmentIndex << 32 | row} (index into the inputs' segment files in the
     * order of {@code inputRowsetIds}); the output must hold only rows live when the compaction read them. Under the
     * tablet lock each output row whose input row was replaced or deleted by a publish since the read is marked in the
     * output's delete vector (the rowset-id race check: the primary index no longer points at the input row); the
     * others' index entries are repointed to the output.
     *
     * @param output the finished output (from {@link #openCompactionOutput}), or null when the inputs hold no live row
     * @throws CompactionConflictException if an input is no longer live (another compaction replaced it); the
     *         caller deletes the output with {@link #discardCompactionOutput}
     */
    public CompactionCommit commitCompaction(long tabletId, List<Long> inputRowsetIds, RowsetMeta output, long[] origins)
            throws IOException
    {
        TabletState s = state(tabletId);
        try {
            return commitCompaction(s, tabletId, inputRowsetIds, output, origins);
        }
        finally {
            if (output != null) {
                s.writing.remove(output.rowsetId());
            }
        }
    }

    private CompactionCommit commitCompaction(TabletState s, long tabletId, List<Long> inputRowsetIds, RowsetMeta output, long[] origins)
            throws IOException
    {
        synchronized (s) {
            if (s.dropped) {
                throw new CompactionConflictException("tablet " + tabletId + " was dropped");
            }
            Map<Long, TabletMeta.VersionEntry> live = new HashMap<>();
            for (TabletMeta.VersionEntry e : s.meta.liveEntries()) {
                live.put(e.rowset().rowsetId(), e);
            }
            List<String> inputSegments = new ArrayList<>();
            long maxVersion = 0;
            for (long id : inputRowsetIds) {
                TabletMeta.VersionEntry e = live.get(id);
                if (e == null) {
                    throw new CompactionConflictException("rowset " + id + " of tablet " + tabletId + " is no longer live");
                }
                inputSegments.addAll(e.rowset().segmentFiles());
                maxVersion = Math.max(maxVersion, e.version());
            }
            long visible = s.meta.visibleVersion();
            boolean pk = s.meta.keysModel().replacesByKey();
            boolean hasOutput = output != null && output.numRows() > 0;
            Map<String, DelVector> outDelvecs = Map.of();
            long raced = 0;
            if (pk && hasOutput) {
                if (origins == null || origins.length != output.numRows()) {
                    throw new IllegalArgumentException("a PRIMARY compaction output of " + output.numRows() + " rows needs as many origins");
                }
                try {
                    if (s.persistentIndex) {
                        // a stored index not loaded now would keep pointing at the inputs: load it and move it too
                        PrimaryKeyPublisher.ensureIndex(this, s);
                    }
                    outDelvecs = CompactionIndexUpdate.apply(this, s, inputSegments, output, origins);
                }
                catch (IOException | RuntimeException e) {
                    s.dropIndex();
                    throw e;
                }
                for (DelVector dv : outDelvecs.values()) {
                    raced += dv.cardinality();
                }
            }
            TabletMeta.VersionEntry outEntry = hasOutput
                    ? new TabletMeta.VersionEntry(maxVersion, output.txnId(), output, List.copyOf(outDelvecs.keySet()), visible,
                            TabletMeta.NOT_RETIRED)
                    : null;
            TabletMeta next = s.meta.withCompaction(Set.copyOf(inputRowsetIds), outEntry);
            try (MetaStore.Batch b = metaStore.batch()) {
                b.put(metaKey(tabletId), next.serialize());
                for (Map.Entry<String, DelVector> e : outDelvecs.entrySet()) {
                    b.put(delvecKey(tabletId, visible, e.getKey()), e.getValue().serialize());
                }
                if (pk && hasOutput && s.index != null) {
                    // a persistent index's repointed entries commit with the meta that references the output
                    s.index.stage(b, visible);
                }
                b.commit();
            }
            catch (IOException | RuntimeException e) {
                if (pk) {
                    s.dropIndex();
                }
                throw e;
            }
            if (pk && hasOutput && s.index != null) {
                s.index.commitStaged();
            }
            s.meta = next;
            for (Map.Entry<String, DelVector> e : outDelvecs.entrySet()) {
                s.delvecs.computeIfAbsent(e.getKey(), k -> new TreeMap<>()).put(visible, e.getValue());
            }
            long now = System.nanoTime();
            for (long id : inputRowsetIds) {
                s.retiredNanos.put(id, now);
            }
            if (output != null && !hasOutput) {
                deleteFiles(s, output);
            }
            return new CompactionCommit(visible, hasOutput ? output : null, raced);
        }
    }

    /**
     * The result of {@link #commitCompaction}.
     *
     * @param version the visible version at which readers switched to the output
     * @param output the committed output, null when the inputs were simply dropped
     * @param racedRows output rows marked deleted because a publish replaced them while the compaction ran
     */
    public record CompactionCommit(long version, RowsetMeta output, long racedRows)
    {
    }

    /** Deletes the files of a compaction output that was not committed. */
    public void discardCompactionOutput(long tabletId, RowsetMeta output)
    {
        TabletState s = tablets.get(tabletId);
        if (s == null || output == null) {
            return;
        }
        synchronized (s) {
            for (String f : output.allFiles()) {
                deleteDataFile(s, f);
            }
            s.writing.remove(output.rowsetId());
        }
    }

    /** Deletes a data file of a tablet, closing its shared reader first; caller holds the tablet lock. */
    private static void deleteDataFile(TabletState s, String f)
    {
        SegmentReader r = s.readers.remove(f);
        if (r != null) {
            r.close();
        }
        try {
            Files.deleteIfExists(s.dataDir().resolve(f));
        }
        catch (IOException e) {
            // unreferenced: the next open deletes it
            LOG.warn("tablet {}: could not delete {}: {}", s.id, f, e.toString());
        }
    }

    /** {@link #collectGarbage(long)} for every tablet; returns the number of files deleted or queued for deletion. */
    public int collectGarbage() throws IOException
    {
        int n = 0;
        for (long id : listTablets()) {
            if (tablets.containsKey(id)) {
                n += collectGarbage(id);
            }
        }
        return n;
    }

    /**
     * MVCC garbage collection of one tablet. The horizon is the lowest version an open snapshot reads (the visible
     * version when none is open): no new snapshot may ask for a version below it once the grace period passed.
     * Removed, in one synced batch: entries of rowsets retired at or below the horizon for longer than the grace
     * period, their delete vectors, entries of transactions without rows below the horizon, and delete vectors of
     * live segments that a newer vector at or below the horizon supersedes. The removed rowsets' files are deleted
     * now, or when the last open snapshot using them closes.
     *
     * @return the number of files deleted or queued for deletion
     */
    public int collectGarbage(long tabletId) throws IOException
    {
        TabletState s = state(tabletId);
        synchronized (s) {
            if (s.dropped) {
                return 0;
            }
            long visible = s.meta.visibleVersion();
            long horizon = s.pinnedVersions.isEmpty() ? visible : Math.min(visible, s.pinnedVersions.firstKey());
            long now = System.nanoTime();
            List<TabletMeta.VersionEntry> kept = new ArrayList<>();
            List<RowsetMeta> removed = new ArrayList<>();
            long collected = s.collectedThrough;
            TabletMeta.VersionEntry newest = null;
            for (TabletMeta.VersionEntry e : s.meta.versions()) {
                if (e.txnId() > 0 && (newest == null || e.version() > newest.version())) {
                    newest = e;
                }
            }
            long readable = s.oldestReadable;
            for (TabletMeta.VersionEntry e : s.meta.versions()) {
                boolean drop;
                if (e.rowset() == null) {
                    drop = e.version() < horizon && e != newest;
                }
                else if (e.retired()) {
                    Long at = s.retiredNanos.get(e.rowset().rowsetId());
                    drop = e.retiredAt() <= horizon && (at == null || now - at >= staleGraceNanos);
                }
                else {
                    drop = false;
                }
                if (drop) {
                    if (e.rowset() != null) {
                        removed.add(e.rowset());
                        if (e.retired()) {
                            readable = Math.max(readable, e.retiredAt());
                        }
                    }
                    if (e.txnId() > 0) {
                        collected = Math.max(collected, e.version());
                    }
                }
                else {
                    kept.add(e);
                }
            }
            // delete vectors: those of removed segments, and per live segment every one older than the newest at the horizon
            List<String> dvKeys = new ArrayList<>();
            Map<String, List<Long>> dvDrops = new HashMap<>();
            Set<String> removedSegments = new HashSet<>();
            for (RowsetMeta r : removed) {
                removedSegments.addAll(r.segmentFiles());
            }
            for (Map.Entry<String, TreeMap<Long, DelVector>> e : s.delvecs.entrySet()) {
                TreeMap<Long, DelVector> byVersion = e.getValue();
                Iterable<Long> drops = removedSegments.contains(e.getKey()) ? byVersion.keySet()
                        : byVersion.floorKey(horizon) == null ? List.of() : byVersion.headMap(byVersion.floorKey(horizon), false).keySet();
                for (long v : drops) {
                    dvKeys.add(delvecKey(s.id, v, e.getKey()));
                    dvDrops.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(v);
                }
            }
            if (kept.size() == s.meta.versions().size() && dvKeys.isEmpty()) {
                return 0;
            }
            TabletMeta next = s.meta.withVersions(kept);
            try (MetaStore.Batch b = metaStore.batch()) {
                b.put(metaKey(s.id), next.serialize());
                for (String k : dvKeys) {
                    b.delete(k);
                }
                b.commit();
            }
            s.meta = next;
            s.collectedThrough = collected;
            s.oldestReadable = readable;
            for (Map.Entry<String, List<Long>> e : dvDrops.entrySet()) {
                TreeMap<Long, DelVector> byVersion = s.delvecs.get(e.getKey());
                e.getValue().forEach(byVersion::remove);
                if (byVersion.isEmpty()) {
                    s.delvecs.remove(e.getKey());
                }
            }
            int files = 0;
            for (RowsetMeta r : removed) {
                s.retiredNanos.remove(r.rowsetId());
                for (String f : r.allFiles()) {
                    files++;
                    if (s.pinnedFiles.containsKey(f)) {
                        s.obsoleteFiles.add(f);
                    }
                    else {
                        deleteDataFile(s, f);
                    }
                }
            }
            if (!removed.isEmpty()) {
                DurableFiles.fsyncDirectory(s.dataDir());
            }
            return files;
        }
    }

    /** Per-segment access for {@link CompactionIndexUpdate}. */
    SegmentReader readerFor(TabletState s, String file) throws IOException
    {
        return reader(s, file);
    }

    /** Opens (or reuses) the shared reader of a segment file of the tablet; caller holds the tablet lock. */
    SegmentReader reader(TabletState s, String file) throws IOException
    {
        SegmentReader reader = s.readers.get(file);
        if (reader == null) {
            reader = SegmentReader.open(s.dataDir().resolve(file));
            s.readers.put(file, reader);
        }
        return reader;
    }

    MemoryContext indexMemory(long tabletId)
    {
        return indexMemory.newChild("pk-index:" + tabletId);
    }

    MemoryContext scratchMemory()
    {
        return memory;
    }

    /**
     * Drops the primary indexes not used for {@code idleNanos} (they are rebuilt from the data when needed);
     * returns how many were dropped. Runs periodically; callable directly (tests, memory pressure).
     */
    public int releaseIdleIndexes(long idleNanos)
    {
        int n = 0;
        long now = System.nanoTime();
        for (TabletState s : tablets.values()) {
            synchronized (s) {
                if (s.index != null && now - s.indexLastUsed >= idleNanos) {
                    s.dropIndex();
                    n++;
                }
            }
        }
        return n;
    }

    /** Estimated heap bytes of the tablet's primary index, 0 when it is not loaded. */
    public long primaryIndexMemory(long tabletId)
    {
        TabletState s = state(tabletId);
        synchronized (s) {
            return s.index == null ? 0 : s.index.memoryBytes();
        }
    }

    /**
     * Turns the persistent primary index of a PRIMARY/UNIQUE tablet on or off ({@code "enable_persistent_index"}):
     * durably recorded; the loaded index is dropped and the next publish opens (or builds) the new kind. Turning it
     * off deletes the stored entries. A no-op for other tablet models and when nothing changes.
     */
    public void setPersistentIndex(long tabletId, boolean enabled) throws IOException
    {
        TabletState s = state(tabletId);
        synchronized (s) {
            if (!s.meta.keysModel().replacesByKey() || s.persistentIndex == enabled) {
                return;
            }
            try (MetaStore.Batch b = metaStore.batch()) {
                if (enabled) {
                    b.put(optionsKey(tabletId), new byte[] {1});
                }
                else {
                    io.starling.storage.pk.PersistentPrimaryIndex.deleteAll(b.delete(optionsKey(tabletId)), tabletId);
                }
                b.commit();
            }
            s.dropIndex();
            s.persistentIndex = enabled;
        }
    }

    public boolean persistentIndex(long tabletId)
    {
        TabletState s = state(tabletId);
        synchronized (s) {
            return s.persistentIndex;
        }
    }

    /** Primary indexes built from the data since this store opened (a persistent one reopened is not built). */
    public long primaryIndexBuilds()
    {
        return pkIndexBuilds.get();
    }

    /** Persistent primary indexes opened from the meta store without a rebuild since this store opened. */
    public long primaryIndexReopens()
    {
        return pkIndexReopens.get();
    }

    /** Work done on a {@link TabletInspection} under the tablet's lock. */
    @FunctionalInterface
    public interface Inspector<T>
    {
        T inspect(TabletInspection tablet) throws IOException;
    }

    /**
     * Runs {@code inspector} on a view of one tablet while holding its lock (the consistency check,
     * {@code io.starling.storage.check}): publishes to the tablet wait until it returns.
     */
    public <T> T inspect(long tabletId, Inspector<T> inspector) throws IOException
    {
        return TabletInspection.of(this, state(tabletId), inspector);
    }

    MetaStore metaStore()
    {
        return metaStore;
    }

    /** Bytes of all loaded primary indexes of this store. */
    public long primaryIndexMemory()
    {
        return indexMemory.used();
    }

    /**
     * Restart recovery: drops every pending rowset whose transaction is not in {@code txnIdsToKeep} (the
     * transactions the frontend still considers open), deleting its files.
     */
    public void abortPendingExcept(Set<Long> txnIdsToKeep) throws IOException
    {
        for (TabletState s : tablets.values()) {
            synchronized (s) {
                for (RowsetMeta r : List.copyOf(s.pending.values())) {
                    if (!txnIdsToKeep.contains(r.txnId())) {
                        dropPending(s, r);
                    }
                }
            }
        }
    }

    /** Drops the pending rowset of one transaction in one tablet (a rolled-back load). No-op if there is none. */
    public void abortPending(long tabletId, long txnId) throws IOException
    {
        TabletState s = state(tabletId);
        synchronized (s) {
            RowsetMeta r = s.pending.get(txnId);
            if (r != null) {
                dropPending(s, r);
            }
        }
    }

    private void dropPending(TabletState s, RowsetMeta r) throws IOException
    {
        try (MetaStore.Batch b = metaStore.batch()) {
            b.delete(pendingKey(s.id, r.txnId())).commit();
        }
        s.pending.remove(r.txnId());
        deleteFiles(s, r);
    }

    private static void deleteFiles(TabletState s, RowsetMeta r) throws IOException
    {
        for (String f : r.allFiles()) {
            Files.deleteIfExists(s.dataDir().resolve(f));
        }
    }

    // ---------------------------------------------------------------- reads

    /**
     * The rowsets visible at {@code version} (published at a version ≤ {@code version}) with their segments
     * open and, for PRIMARY tablets, the delete vector of each segment at that version. The caller must close the
     * snapshot.
     *
     * @throws IllegalStateException if {@code version} is above the visible version
     */
    public TabletSnapshot snapshot(long tabletId, long version) throws IOException
    {
        TabletState s = state(tabletId);
        synchronized (s) {
            if (s.dropped) {
                throw new IllegalStateException("tablet " + tabletId + " was dropped");
            }
            if (version > s.meta.visibleVersion()) {
                throw new IllegalStateException("version " + version + " of tablet " + tabletId + " is not visible yet (visible: "
                        + s.meta.visibleVersion() + ")");
            }
            if (version < s.oldestReadable) {
                throw new IllegalStateException("version " + version + " of tablet " + tabletId + " was compacted and collected (oldest "
                        + "readable version: " + s.oldestReadable + "); retry the query");
            }
            List<RowsetMeta> rowsets = s.meta.rowsetsAt(version);
            List<SegmentReader> segments = new ArrayList<>();
            List<DelVector> deletes = new ArrayList<>();
            for (RowsetMeta r : rowsets) {
                for (String f : r.segmentFiles()) {
                    segments.add(reader(s, f));
                    DelVector dv = s.delvecAt(f, version);
                    deletes.add(dv == null || dv.cardinality() == 0 ? null : dv);
                }
            }
            s.activeSnapshots++;
            List<String> files = new ArrayList<>();
            for (RowsetMeta r : rowsets) {
                files.addAll(r.segmentFiles());
            }
            for (String f : files) {
                s.pinnedFiles.merge(f, 1, Integer::sum);
            }
            s.pinnedVersions.merge(version, 1, Integer::sum);
            return new TabletSnapshot(this, s, version, s.meta.schema(), s.meta.columnNames(), rowsets, segments, deletes,
                    s.meta.keysModel(), s.meta.numKeyColumns(), files);
        }
    }

    /** Called when a snapshot closes: unpins its version and files, deleting files of collected rowsets it was the last user of. */
    void release(TabletState s, long version, List<String> files)
    {
        synchronized (s) {
            s.activeSnapshots--;
            s.pinnedVersions.computeIfPresent(version, (k, n) -> n == 1 ? null : n - 1);
            for (String f : files) {
                Integer n = s.pinnedFiles.computeIfPresent(f, (k, c) -> c == 1 ? null : c - 1);
                if (n == null && s.obsoleteFiles.remove(f) && !s.dropped) {
                    deleteDataFile(s, f);
                }
            }
        }
        try {
            deleteIfUnused(s);
        }
        catch (IOException e) {
            LOG.warn("could not delete dropped tablet {} at {}; it is removed at the next start", s.id, s.trashPath, e);
        }
    }

    private static void deleteIfUnused(TabletState s) throws IOException
    {
        synchronized (s) {
            if (!s.dropped || s.activeSnapshots > 0 || s.trashPath == null) {
                return;
            }
            for (SegmentReader r : s.readers.values()) {
                r.close();
            }
            s.readers.clear();
            Path p = s.trashPath;
            s.trashPath = null;
            DurableFiles.deleteRecursively(p);
        }
    }

    /** Closes every open segment reader (snapshots must be closed first). The store must not be used afterwards. */
    @Override
    public void close()
    {
        try {
            OPEN.remove(root.toRealPath(), this);
        }
        catch (IOException e) {
            OPEN.values().remove(this);
        }
        janitor.shutdownNow();
        for (TabletState s : tablets.values()) {
            synchronized (s) {
                for (SegmentReader r : s.readers.values()) {
                    r.close();
                }
                s.readers.clear();
                s.dropIndex();
            }
        }
        indexMemory.close();
        metaStore.close();
    }

    private TabletState state(long tabletId)
    {
        TabletState s = tablets.get(tabletId);
        if (s == null) {
            throw new IllegalArgumentException("tablet " + tabletId + " does not exist");
        }
        return s;
    }

    // ---------------------------------------------------------------- recovery

    private void recover() throws IOException
    {
        DurableFiles.deleteRecursively(trashDir);
        Files.createDirectories(trashDir);
        Set<Long> withDir = new HashSet<>();
        long maxRowsetId = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tabletsDir)) {
            for (Path dir : dirs) {
                long id;
                try {
                    id = Long.parseLong(dir.getFileName().toString());
                }
                catch (NumberFormatException e) {
                    LOG.warn("ignoring unexpected entry {} in {}", dir.getFileName(), tabletsDir);
                    continue;
                }
                withDir.add(id);
                TabletState s = recoverTablet(id, dir);
                if (s != null) {
                    tablets.put(id, s);
                    maxRowsetId = Math.max(maxRowsetId, maxRowsetId(s));
                }
            }
        }
        // meta without directory: the directory was lost outside our control (a drop deletes the meta first)
        for (MetaStore.Entry e : metaStore.scan("m/")) {
            long id = Long.parseLong(e.key().substring(2));
            if (!withDir.contains(id)) {
                LOG.error("tablet {}: meta without data directory; dropping its meta", id);
                try (MetaStore.Batch b = metaStore.batch()) {
                    b.delete(metaKey(id)).deletePrefix(pendingPrefix(id)).deletePrefix(delvecPrefix(id)).delete(optionsKey(id));
                    io.starling.storage.pk.PersistentPrimaryIndex.deleteAll(b, id).commit();
                }
            }
        }
        DurableFiles.fsyncDirectory(tabletsDir);
        nextRowsetId.set(maxRowsetId + 1);
    }

    private TabletState recoverTablet(long id, Path dir) throws IOException
    {
        Files.deleteIfExists(dir.resolve("meta" + DurableFiles.TMP_SUFFIX));
        byte[] stored = metaStore.get(metaKey(id));
        Path legacy = dir.resolve("meta");
        boolean migrate = stored == null && Files.exists(legacy);
        if (stored == null && !migrate) {
            // createTablet never completed: nothing in it can be referenced.
            LOG.info("removing tablet directory {} without meta (interrupted create)", dir);
            DurableFiles.deleteRecursively(dir);
            return null;
        }
        TabletMeta meta;
        try {
            meta = TabletMeta.parse(migrate ? Files.readAllBytes(legacy) : stored);
            if (meta.tabletId() != id) {
                throw new IllegalArgumentException("meta of tablet " + meta.tabletId() + " in directory of tablet " + id);
            }
        }
        catch (IllegalArgumentException e) {
            LOG.error("tablet {}: corrupt meta ({}); tablet not loaded, files kept for inspection", id, e.getMessage());
            return null;
        }
        TabletState s = new TabletState(id, dir, meta);
        s.persistentIndex = metaStore.get(optionsKey(id)) != null;
        Files.createDirectories(s.dataDir());
        Files.createDirectories(s.pendingDir());
        if (migrate) {
            migrateLegacy(s, legacy);
        }
        else {
            // leftovers of a migration interrupted after its batch committed: the store already holds them
            Files.deleteIfExists(legacy);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(s.pendingDir())) {
                for (Path f : files) {
                    Files.deleteIfExists(f);
                }
            }
        }

        s.oldestReadable = oldestReadable(meta);
        Set<String> referenced = new HashSet<>();
        Set<Long> versions = new HashSet<>();
        Set<String> liveSegments = new HashSet<>();
        for (TabletMeta.VersionEntry e : meta.versions()) {
            versions.add(e.version());
            if (e.rowset() != null) {
                referenced.addAll(e.rowset().allFiles());
                liveSegments.addAll(e.rowset().segmentFiles());
            }
        }
        for (MetaStore.Entry e : metaStore.scan(pendingPrefix(id))) {
            RowsetMeta r;
            try {
                r = TabletMeta.parsePending(e.value(), id);
            }
            catch (IllegalArgumentException ex) {
                LOG.warn("tablet {}: dropping corrupt pending record {}: {}", id, e.key(), ex.getMessage());
                deleteKey(e.key());
                continue;
            }
            if (meta.entryOf(r.txnId()) != null) {
                // cannot happen with atomic publishes; a leftover of a migrated legacy directory
                deleteKey(e.key());
                continue;
            }
            if (!segmentsIntact(s, r)) {
                LOG.warn("tablet {}: dropping pending rowset of txn {}: segment files missing or corrupt", id, r.txnId());
                deleteKey(e.key());
                continue;
            }
            s.pending.put(r.txnId(), r);
            io.starling.storage.pk.UpdateMode mode = TabletMeta.parsePendingMode(e.value());
            if (mode != null) {
                s.pendingModes.put(r.txnId(), mode);
            }
            referenced.addAll(r.allFiles());
        }
        String dvPrefix = delvecPrefix(id);
        for (MetaStore.Entry e : metaStore.scan(dvPrefix)) {
            String rest = e.key().substring(dvPrefix.length());
            int slash = rest.indexOf('/');
            long version = Long.parseLong(rest.substring(0, slash));
            String segment = rest.substring(slash + 1);
            if (!liveSegments.contains(segment)) {
                // a collected rowset's vector (garbage collection deletes them in its batch; older stores kept them)
                deleteKey(e.key());
                continue;
            }
            DelVector dv;
            try {
                dv = DelVector.parse(e.value(), "of tablet " + id + " segment " + segment + " version " + version);
            }
            catch (IllegalArgumentException ex) {
                LOG.error("tablet {}: {}; tablet not loaded", id, ex.getMessage());
                return null;
            }
            s.delvecs.computeIfAbsent(segment, k -> new TreeMap<>()).put(version, dv);
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(s.dataDir())) {
            for (Path f : files) {
                if (!referenced.contains(f.getFileName().toString())) {
                    LOG.info("tablet {}: deleting unreferenced file {}", id, f.getFileName());
                    Files.deleteIfExists(f);
                }
            }
        }
        DurableFiles.fsyncDirectory(s.dataDir());
        return s;
    }

    /**
     * Imports a tablet directory of the previous format (meta file + pending files) into the meta store in one
     * batch, then deletes the files. A crash in between is harmless: the next open finds the meta in the store and
     * deletes the leftover files.
     */
    private void migrateLegacy(TabletState s, Path legacyMeta) throws IOException
    {
        List<Path> pendingFiles = new ArrayList<>();
        try (MetaStore.Batch b = metaStore.batch()) {
            b.put(metaKey(s.id), s.meta.serialize());
            try (DirectoryStream<Path> files = Files.newDirectoryStream(s.pendingDir())) {
                for (Path f : files) {
                    pendingFiles.add(f);
                    String name = f.getFileName().toString();
                    if (!name.endsWith(PENDING_SUFFIX)) {
                        continue;
                    }
                    try {
                        RowsetMeta r = TabletMeta.parsePending(Files.readAllBytes(f), s.id);
                        b.put(pendingKey(s.id, r.txnId()), TabletMeta.serializePending(s.id, r));
                    }
                    catch (IllegalArgumentException e) {
                        LOG.warn("tablet {}: dropping corrupt pending record {}: {}", s.id, name, e.getMessage());
                    }
                }
            }
            b.commit();
        }
        for (Path f : pendingFiles) {
            Files.deleteIfExists(f);
        }
        Files.deleteIfExists(legacyMeta);
        DurableFiles.fsyncDirectory(s.pendingDir());
        DurableFiles.fsyncDirectory(s.dir);
        LOG.info("tablet {}: migrated meta file to the meta store", s.id);
    }

    private void deleteKey(String key) throws IOException
    {
        try (MetaStore.Batch b = metaStore.batch()) {
            b.delete(key).commit();
        }
    }

    private static boolean segmentsIntact(TabletState s, RowsetMeta r) throws IOException
    {
        long rows = 0;
        for (String f : r.segmentFiles()) {
            try (SegmentReader reader = SegmentReader.open(s.dataDir().resolve(f))) {
                rows += reader.numRows();
            }
            catch (NoSuchFileException | CorruptSegmentException e) {
                return false;
            }
        }
        for (RowsetMeta.DeleteFile d : r.deletes()) {
            try (SegmentReader reader = SegmentReader.open(s.dataDir().resolve(d.file()))) {
                if (reader.numRows() != d.numRows()) {
                    return false;
                }
            }
            catch (NoSuchFileException | CorruptSegmentException e) {
                return false;
            }
        }
        return rows == r.numRows();
    }

    /**
     * The lowest version a reopened tablet can serve: a compaction output visible from V whose inputs are no longer
     * in the meta (collected) means versions below V lost their rowsets.
     */
    private static long oldestReadable(TabletMeta meta)
    {
        Set<Long> retiredAt = new HashSet<>();
        for (TabletMeta.VersionEntry e : meta.versions()) {
            if (e.retired()) {
                retiredAt.add(e.retiredAt());
            }
        }
        long oldest = 0;
        for (TabletMeta.VersionEntry e : meta.versions()) {
            if (e.isCompactionOutput() && !retiredAt.contains(e.visibleFrom())) {
                oldest = Math.max(oldest, e.visibleFrom());
            }
        }
        return oldest;
    }

    private static long maxRowsetId(TabletState s)
    {
        long max = 0;
        for (TabletMeta.VersionEntry e : s.meta.versions()) {
            if (e.rowset() != null) {
                max = Math.max(max, e.rowset().rowsetId());
            }
        }
        for (RowsetMeta r : s.pending.values()) {
            max = Math.max(max, r.rowsetId());
        }
        return max;
    }
}

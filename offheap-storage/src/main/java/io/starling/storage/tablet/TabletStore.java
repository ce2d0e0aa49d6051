package io.starling.storage.tablet;

import io.starling.storage.memory.MemoryContext;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tablets of one backend on local disk: versioned, transactional and crash-safe.
 *
 * <pre>
 * root/tablets/&lt;tabletId&gt;/meta                      tablet meta ({@link TabletMeta}): schema, visible version, published rowsets
 * root/tablets/&lt;tabletId&gt;/pending/&lt;txnId&gt;.pending   rowset written by txnId, waiting for publish
 * root/tablets/&lt;tabletId&gt;/data/&lt;rowsetId&gt;_&lt;n&gt;.seg     segment files
 * root/trash/&lt;tabletId&gt;.&lt;nanos&gt;/                 dropped tablets, deleted when no snapshot uses them
 * </pre>
 *
 * <p>Write protocol (StarRocks' two-phase load): {@link #openRowset} → {@link RowsetWriter#append} →
 * {@link RowsetWriter#finish()} writes and fsyncs the segments and then atomically records them as pending for
 * the transaction; {@link #publish} atomically replaces the meta file with one that lists the rowset at the
 * given version, and only then removes the pending record. Every metadata change is write-temp, fsync,
 * rename, fsync-directory ({@link DurableFiles}), so after a crash at any point the store reopens to the last
 * completed state: {@code *.tmp} files and segment files referenced by neither the meta nor a pending record
 * are deleted, pending records of already published transactions are removed, and pending records whose
 * segments are missing or corrupt are dropped.
 *
 * <p>Concurrency: operations on one tablet serialise on its state object; different tablets proceed in
 * parallel. Readers are opened once per segment file and shared by all snapshots of the tablet.
 */
public final class TabletStore
{
    /** Roll to a new segment after this many rows (~1M): big enough for good zone maps, small enough to parallelise scans. */
    public static final long DEFAULT_ROWS_PER_SEGMENT = 1L << 20;
    static final String SEGMENT_SUFFIX = ".seg";
    static final String PENDING_SUFFIX = ".pending";
    private static final Logger LOG = LoggerFactory.getLogger(TabletStore.class);

    private final Path root;
    private final Path tabletsDir;
    private final Path trashDir;
    private final long rowsPerSegment;
    private final MemoryContext memory;
    private final ConcurrentHashMap<Long, TabletState> tablets = new ConcurrentHashMap<>();
    private final AtomicLong nextRowsetId = new AtomicLong(1);

    /** Opens (creating if needed) the store at {@code root}, recovering from any crash. */
    public TabletStore(Path root) throws IOException
    {
        this(root, DEFAULT_ROWS_PER_SEGMENT, MemoryContext.process());
    }

    /**
     * @param rowsPerSegment rows after which a rowset writer starts a new segment file
     * @param memory parent memory context of rowset writers' staging buffers
     */
    public TabletStore(Path root, long rowsPerSegment, MemoryContext memory) throws IOException
    {
        this.root = root;
        this.tabletsDir = root.resolve("tablets");
        this.trashDir = root.resolve("trash");
        this.rowsPerSegment = rowsPerSegment;
        this.memory = memory;
        Files.createDirectories(tabletsDir);
        Files.createDirectories(trashDir);
        recover();
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
        int activeSnapshots;
        boolean dropped;
        Path trashPath;

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

        Path metaFile()
        {
            return dir.resolve("meta");
        }
    }

    // ---------------------------------------------------------------- tablets

    /**
     * Creates an empty tablet at version {@link TabletMeta#INITIAL_VERSION}. Idempotent: creating an existing
     * tablet with the same schema is a no-op; with a different schema it fails.
     */
    public void createTablet(long tabletId, List<DataType> schema, List<String> columnNames) throws IOException
    {
        if (schema.size() != columnNames.size()) {
            throw new IllegalArgumentException(schema.size() + " column types but " + columnNames.size() + " column names");
        }
        synchronized (tablets) {
            TabletState existing = tablets.get(tabletId);
            if (existing != null) {
                synchronized (existing) {
                    if (!existing.meta.schema().equals(schema) || !existing.meta.columnNames().equals(columnNames)) {
                        throw new IllegalStateException("tablet " + tabletId + " already exists with schema " + existing.meta.schema()
                                + " " + existing.meta.columnNames() + ", requested " + schema + " " + columnNames);
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
            TabletMeta meta = new TabletMeta(tabletId, schema, columnNames, TabletMeta.INITIAL_VERSION, List.of());
            TabletState state = new TabletState(tabletId, dir, meta);
            writeMeta(state, meta);
            DurableFiles.fsyncDirectory(tabletsDir);
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
        List<DataType> schema;
        synchronized (s) {
            checkNotPublished(s, txnId);
            schema = s.meta.schema();
        }
        MemoryContext ctx = memory.newChild("rowset-writer:" + tabletId + ":" + txnId);
        return new RowsetWriter(this, s, txnId, nextRowsetId.getAndIncrement(), schema, rowsPerSegment, ctx);
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

    /** Called by {@link RowsetWriter#finish()}: durably records the rowset as pending for its transaction. */
    void recordPending(TabletState s, RowsetMeta rowset) throws IOException
    {
        synchronized (s) {
            checkNotPublished(s, rowset.txnId());
            if (s.pending.containsKey(rowset.txnId())) {
                throw new IllegalStateException("txn " + rowset.txnId() + " already has a pending rowset in tablet " + s.id);
            }
            byte[] bytes = TabletMeta.serializePending(s.id, rowset);
            DurableFiles.writeAtomically(pendingFile(s, rowset.txnId()), bytes, bytes.length);
            s.pending.put(rowset.txnId(), rowset);
        }
    }

    private static Path pendingFile(TabletState s, long txnId)
    {
        return s.pendingDir().resolve(txnId + PENDING_SUFFIX);
    }

    /**
     * Makes transaction {@code txnId} visible at {@code version}: its pending rowset (if it wrote rows to this
     * tablet; a transaction without rows still advances the version) joins the visible rowsets. Atomic and
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
            if (version <= s.meta.visibleVersion()) {
                throw new IllegalStateException("cannot publish txn " + txnId + " at version " + version + " in tablet " + tabletId
                        + ": visible version is already " + s.meta.visibleVersion());
            }
            RowsetMeta rowset = s.pending.get(txnId);
            TabletMeta next = s.meta.withPublished(version, txnId, rowset != null && rowset.numRows() > 0 ? rowset : null);
            writeMeta(s, next);
            s.meta = next;
            s.pending.remove(txnId);
            // The meta is durable now; a pending file that survives a crash here is removed by recovery.
            Files.deleteIfExists(pendingFile(s, txnId));
            if (rowset != null && rowset.numRows() == 0) {
                deleteSegments(s, rowset);
            }
        }
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
        Files.deleteIfExists(pendingFile(s, r.txnId()));
        s.pending.remove(r.txnId());
        deleteSegments(s, r);
    }

    private static void deleteSegments(TabletState s, RowsetMeta r) throws IOException
    {
        for (String f : r.segmentFiles()) {
            Files.deleteIfExists(s.dataDir().resolve(f));
        }
    }

    private static void writeMeta(TabletState s, TabletMeta meta) throws IOException
    {
        byte[] bytes = meta.serialize();
        DurableFiles.writeAtomically(s.metaFile(), bytes, bytes.length);
    }

    // ---------------------------------------------------------------- reads

    /**
     * The rowsets visible at {@code version} (published at a version ≤ {@code version}) with their segments
     * open. The caller must close the snapshot.
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
            List<RowsetMeta> rowsets = s.meta.rowsetsAt(version);
            List<SegmentReader> segments = new ArrayList<>();
            for (RowsetMeta r : rowsets) {
                for (String f : r.segmentFiles()) {
                    SegmentReader reader = s.readers.get(f);
                    if (reader == null) {
                        reader = SegmentReader.open(s.dataDir().resolve(f));
                        s.readers.put(f, reader);
                    }
                    segments.add(reader);
                }
            }
            s.activeSnapshots++;
            return new TabletSnapshot(this, s, version, s.meta.schema(), s.meta.columnNames(), rowsets, segments);
        }
    }

    /** Called when a snapshot closes. */
    void release(TabletState s)
    {
        synchronized (s) {
            s.activeSnapshots--;
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
    public void close()
    {
        for (TabletState s : tablets.values()) {
            synchronized (s) {
                for (SegmentReader r : s.readers.values()) {
                    r.close();
                }
                s.readers.clear();
            }
        }
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
                TabletState s = recoverTablet(id, dir);
                if (s != null) {
                    tablets.put(id, s);
                    maxRowsetId = Math.max(maxRowsetId, maxRowsetId(s));
                }
            }
        }
        DurableFiles.fsyncDirectory(tabletsDir);
        nextRowsetId.set(maxRowsetId + 1);
    }

    private TabletState recoverTablet(long id, Path dir) throws IOException
    {
        Files.deleteIfExists(dir.resolve("meta" + DurableFiles.TMP_SUFFIX));
        Path metaFile = dir.resolve("meta");
        if (!Files.exists(metaFile)) {
            // createTablet never completed: nothing in it can be referenced.
            LOG.info("removing tablet directory {} without meta (interrupted create)", dir);
            DurableFiles.deleteRecursively(dir);
            return null;
        }
        TabletMeta meta;
        try {
            meta = TabletMeta.parse(Files.readAllBytes(metaFile));
            if (meta.tabletId() != id) {
                throw new IllegalArgumentException("meta of tablet " + meta.tabletId() + " in directory of tablet " + id);
            }
        }
        catch (IllegalArgumentException e) {
            LOG.error("tablet {}: corrupt meta file {} ({}); tablet not loaded, files kept for inspection", id, metaFile, e.getMessage());
            return null;
        }
        TabletState s = new TabletState(id, dir, meta);
        Files.createDirectories(s.dataDir());
        Files.createDirectories(s.pendingDir());

        Set<String> referenced = new HashSet<>();
        for (TabletMeta.VersionEntry e : meta.versions()) {
            if (e.rowset() != null) {
                referenced.addAll(e.rowset().segmentFiles());
            }
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(s.pendingDir())) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!name.endsWith(PENDING_SUFFIX)) {
                    Files.deleteIfExists(f);
                    continue;
                }
                RowsetMeta r;
                try {
                    r = TabletMeta.parsePending(Files.readAllBytes(f), id);
                }
                catch (IllegalArgumentException e) {
                    LOG.warn("tablet {}: dropping corrupt pending record {}: {}", id, name, e.getMessage());
                    Files.deleteIfExists(f);
                    continue;
                }
                if (meta.entryOf(r.txnId()) != null) {
                    // published before the crash; only the pending file's removal was lost
                    Files.deleteIfExists(f);
                    continue;
                }
                if (!segmentsIntact(s, r)) {
                    LOG.warn("tablet {}: dropping pending rowset of txn {}: segment files missing or corrupt", id, r.txnId());
                    Files.deleteIfExists(f);
                    continue;
                }
                s.pending.put(r.txnId(), r);
                referenced.addAll(r.segmentFiles());
            }
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(s.dataDir())) {
            for (Path f : files) {
                if (!referenced.contains(f.getFileName().toString())) {
                    LOG.info("tablet {}: deleting unreferenced file {}", id, f.getFileName());
                    Files.deleteIfExists(f);
                }
            }
        }
        DurableFiles.fsyncDirectory(s.pendingDir());
        DurableFiles.fsyncDirectory(s.dataDir());
        return s;
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
        return rows == r.numRows();
    }

    private static long maxRowsetId(TabletState s) throws IOException
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

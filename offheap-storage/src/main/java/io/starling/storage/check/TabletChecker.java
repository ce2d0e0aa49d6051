package io.starling.storage.check;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.delvec.DelVector;
import io.starling.storage.index.bitmap.BitmapIndexFile;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.pk.PersistentPrimaryIndex;
import io.starling.storage.pk.SegmentKeys;
import io.starling.storage.segment.CorruptSegmentException;
import io.starling.storage.segment.SegmentIndexSpec;
import io.starling.storage.segment.SegmentReader;
import io.starling.storage.tablet.RowsetMeta;
import io.starling.storage.tablet.TabletInspection;
import io.starling.storage.tablet.TabletStore;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The consistency check of a tablet ({@code ADMIN CHECK TABLE} / {@code ADMIN CHECK TABLET}): returns one
 * {@link Problem} per inconsistency, none when the tablet is consistent. Runs under the tablet's lock (loads of the
 * tablet wait), reading every file in full:
 *
 * <ul>
 *   <li>every file a version or pending rowset references exists, and every page and index block of it verifies
 *       its checksum and decodes (segments, {@code .del} files, bitmap index side files);
 *   <li>no file in {@code data/}, {@code pending/} or {@code index/} that nothing references (files of writers still
 *       running are not stray; transient {@code .tmp} files of the index builder are skipped);
 *   <li>each visible segment's delete vector exists in the meta store, verifies, and marks only rows below the
 *       segment's row count;
 *   <li>for PRIMARY/UNIQUE tablets: no key has two live rows, and the primary index (the persistent one when it is
 *       current, else the in-memory one when loaded) maps each live row's key to exactly that row, holds no other
 *       key and has as many entries as there are live rows.
 * </ul>
 */
public final class TabletChecker
{
    /** Problems listed per tablet at most; a broken index could otherwise produce one per key. */
    public static final int MAX_PROBLEMS = 1000;

    private final TabletInspection t;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Long> segmentRows = new HashMap<>();
    private final MemoryContext memory;

    private TabletChecker(TabletInspection t, MemoryContext memory)
    {
        this.t = t;
        this.memory = memory;
    }

    /** Checks one tablet. */
    public static List<Problem> check(TabletStore store, long tabletId) throws IOException
    {
        try (MemoryContext ctx = MemoryContext.process().newChild("tablet-check:" + tabletId)) {
            return store.inspect(tabletId, t -> new TabletChecker(t, ctx).run());
        }
    }

    /** Checks every tablet of the store, ascending by id. */
    public static List<Problem> checkAll(TabletStore store) throws IOException
    {
        List<Problem> out = new ArrayList<>();
        for (long id : store.listTablets()) {
            try {
                out.addAll(check(store, id));
            }
            catch (IllegalStateException e) {
                // dropped while we were checking others: nothing left to check
            }
        }
        return out;
    }

    private List<Problem> run() throws IOException
    {
        Set<String> referenced = t.referencedFiles();
        for (String f : referenced) {
            verifyDataFile(f);
        }
        findStrays(referenced);
        Map<String, DelVector> delvecs = checkDelVectors();
        if (t.keysModel().replacesByKey()) {
            checkPrimaryIndex(delvecs);
        }
        return problems;
    }

    private void report(Problem.Kind kind, String file, String detail)
    {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(new Problem(t.tabletId(), kind, file, detail));
        }
    }

    // ------------------------------------------------------------------ files

    /** Opens a segment or delete file fresh (not the shared reader) and decodes every page and index block. */
    private void verifyDataFile(String f) throws IOException
    {
        Path p = t.dataDir().resolve(f);
        try (SegmentReader r = SegmentReader.open(p)) {
            for (int c = 0; c < r.columnCount(); c++) {
                decodeColumn(r, c);
                if (r.hasBloomFilter(c)) {
                    for (int page = 0; page < r.pageCount(c); page++) {
                        r.pageBloomFilter(c, page);
                    }
                }
            }
            r.shortKeyIndex();
            segmentRows.put(f, r.numRows());
        }
        catch (NoSuchFileException e) {
            report(Problem.Kind.MISSING_FILE, f, "referenced by the tablet meta but missing from " + t.dataDir());
        }
        catch (CorruptSegmentException e) {
            report(Problem.Kind.CORRUPT_FILE, f, e.getMessage());
        }
        catch (IOException | RuntimeException e) {
            report(Problem.Kind.CORRUPT_FILE, f, "cannot be read: " + e);
        }
    }

    private void decodeColumn(SegmentReader r, int c) throws IOException
    {
        try (ColumnVector v = new ColumnVector(r.columnType(c), ColumnBatch.MAX_ROWS, memory)) {
            for (long first = 0; first < r.numRows(); first += ColumnBatch.MAX_ROWS) {
                int n = (int) Math.min(ColumnBatch.MAX_ROWS, r.numRows() - first);
                if (v.physical() == PhysicalType.VARLEN) {
                    v.resetVarlen();
                }
                r.readColumn(c, first, n, v, 0);
            }
        }
    }

    private void findStrays(Set<String> referenced) throws IOException
    {
        Set<Long> writing = t.writingRowsets();
        for (Path f : list(t.dataDir())) {
            String name = f.getFileName().toString();
            if (!referenced.contains(name) && !writing.contains(rowsetIdOf(name))) {
                report(Problem.Kind.STRAY_FILE, name, "in " + t.dataDir() + " but referenced by no version or pending rowset");
            }
        }
        for (Path f : list(t.tabletDir().resolve("pending"))) {
            report(Problem.Kind.STRAY_FILE, "pending/" + f.getFileName(), "pending records live in the meta store; this file is a leftover");
        }
        Path indexDir = t.tabletDir().resolve(SegmentIndexSpec.INDEX_DIR);
        for (Path f : list(indexDir)) {
            String name = f.getFileName().toString();
            if (name.equals(SegmentIndexSpec.SPEC_FILE) || name.endsWith(".tmp")) {
                continue;
            }
            String shown = SegmentIndexSpec.INDEX_DIR + "/" + name;
            int dot = name.lastIndexOf(".c");
            if (!name.endsWith(BitmapIndexFile.SUFFIX) || dot < 0) {
                report(Problem.Kind.STRAY_FILE, shown, "not an index file of this tablet");
                continue;
            }
            String segment = name.substring(0, dot);
            if (!referenced.contains(segment)) {
                report(Problem.Kind.STRAY_FILE, shown, "bitmap index of segment " + segment + ", which no version references");
                continue;
            }
            Long rows = segmentRows.get(segment);
            if (rows == null) {
                continue; // the segment itself is reported missing or corrupt
            }
            try {
                int col = Integer.parseInt(name.substring(dot + 2, name.length() - BitmapIndexFile.SUFFIX.length()));
                DataType type = t.schema().get(col);
                BitmapIndexFile.read(t.dataDir().resolve(segment), col, type, rows);
            }
            catch (CorruptSegmentException e) {
                report(Problem.Kind.CORRUPT_FILE, shown, e.getMessage());
            }
            catch (RuntimeException e) {
                report(Problem.Kind.CORRUPT_FILE, shown, "cannot be read: " + e);
            }
        }
    }

    private static long rowsetIdOf(String file)
    {
        int u = file.indexOf('_');
        try {
            return Long.parseLong(u < 0 ? file : file.substring(0, u));
        }
        catch (NumberFormatException e) {
            return -1;
        }
    }

    private static List<Path> list(Path dir) throws IOException
    {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    // ------------------------------------------------------------------ delete vectors

    private Map<String, DelVector> checkDelVectors() throws IOException
    {
        Map<String, DelVector> out = new HashMap<>();
        for (Map.Entry<String, TabletInspection.StoredDelVector> e : t.visibleDelVectors().entrySet()) {
            String segment = e.getKey();
            TabletInspection.StoredDelVector stored = e.getValue();
            if (stored.value() == null) {
                report(Problem.Kind.MISSING_DELVEC, stored.key(), "delete vector of " + segment + " is referenced by the meta but missing");
                continue;
            }
            DelVector dv;
            try {
                dv = stored.parse();
            }
            catch (IllegalArgumentException ex) {
                report(Problem.Kind.CORRUPT_DELVEC, stored.key(), ex.getMessage());
                continue;
            }
            Long rows = segmentRows.get(segment);
            if (rows != null && !dv.rows().isEmpty() && Integer.toUnsignedLong(dv.rows().last()) >= rows) {
                report(Problem.Kind.DELVEC_OUT_OF_RANGE, stored.key(), "marks row " + Integer.toUnsignedLong(dv.rows().last())
                        + " but segment " + segment + " has " + rows + " rows");
            }
            out.put(segment, dv);
        }
        return out;
    }

    // ------------------------------------------------------------------ primary index

    /** A live row's place. */
    private record Loc(String segment, int row)
    {
        @Override
        public String toString()
        {
            return segment + " row " + row;
        }
    }

    private void checkPrimaryIndex(Map<String, DelVector> delvecs) throws IOException
    {
        Map<ByteBuffer, Loc> live = new HashMap<>();
        for (RowsetMeta r : t.visibleRowsets()) {
            for (String f : r.segmentFiles()) {
                if (!segmentRows.containsKey(f)) {
                    return; // missing or corrupt data is already reported; comparing keys would only add noise
                }
                DelVector dv = delvecs.get(f);
                forEachKey(f, (key, row) -> {
                    if (dv != null && dv.isDeleted(row)) {
                        return;
                    }
                    Loc before = live.put(ByteBuffer.wrap(key), new Loc(f, row));
                    if (before != null) {
                        report(Problem.Kind.DUPLICATE_KEY, f, "key " + hex(key) + " is live at " + before + " and at " + f + " row " + row);
                    }
                });
            }
        }
        String source;
        long[] seen = new long[1];
        Set<ByteBuffer> found = new HashSet<>();
        PersistentPrimaryIndex.StoredEntryConsumer compare = (key, row, segment) -> {
            seen[0]++;
            if (segment == null) {
                report(Problem.Kind.CORRUPT_INDEX, PersistentPrimaryIndex.entryPrefix(t.tabletId()) + hex(key), "malformed index entry");
                return;
            }
            ByteBuffer k = ByteBuffer.wrap(key);
            found.add(k);
            Loc expected = live.get(k);
            Loc actual = new Loc(segment, row);
            if (expected == null) {
                report(Problem.Kind.INDEX_STALE_KEY, segment, "index maps key " + hex(key) + " to " + actual + ", which is not a live row");
            }
            else if (!expected.equals(actual)) {
                report(Problem.Kind.INDEX_WRONG_LOCATION, segment, "index maps key " + hex(key) + " to " + actual + ", its live row is "
                        + expected);
            }
        };
        if (t.persistentIndex()) {
            PersistentPrimaryIndex.Marker marker;
            try {
                marker = t.persistentIndexMarker();
            }
            catch (IOException e) {
                report(Problem.Kind.CORRUPT_INDEX, PersistentPrimaryIndex.markerKey(t.tabletId()), e.getMessage());
                return;
            }
            if (!t.persistentIndexCurrent(marker)) {
                return; // not built yet or behind: the next publish rebuilds it from the data, nothing to compare
            }
            source = "persistent index";
            t.scanPersistentIndex(compare);
            if (marker.entries() != live.size()) {
                report(Problem.Kind.INDEX_SIZE, PersistentPrimaryIndex.markerKey(t.tabletId()), "index marker counts " + marker.entries()
                        + " keys, the tablet has " + live.size() + " live rows");
            }
        }
        else if (t.memoryIndexLoaded()) {
            source = "in-memory index";
            t.scanMemoryIndex(compare);
        }
        else {
            return;
        }
        if (seen[0] != live.size()) {
            report(Problem.Kind.INDEX_SIZE, "", "the " + source + " holds " + seen[0] + " keys, the tablet has " + live.size() + " live rows");
        }
        for (Map.Entry<ByteBuffer, Loc> e : live.entrySet()) {
            if (!found.contains(e.getKey())) {
                report(Problem.Kind.INDEX_MISSING_KEY, e.getValue().segment(), "live row " + e.getValue() + " with key "
                        + hex(e.getKey().array()) + " is not in the " + source);
            }
        }
    }

    private void forEachKey(String segment, SegmentKeys.Consumer consumer) throws IOException
    {
        int nk = t.numKeyColumns();
        try (SegmentReader r = SegmentReader.open(t.dataDir().resolve(segment))) {
            SegmentKeys.forEach(r, t.schema().subList(0, nk), memory, consumer);
        }
    }

    private static String hex(byte[] key)
    {
        String h = HexFormat.of().formatHex(key);
        return h.length() > 64 ? h.substring(0, 64) + "…" : h;
    }
}

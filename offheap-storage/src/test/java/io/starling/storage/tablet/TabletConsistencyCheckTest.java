package io.starling.storage.tablet;

import io.starling.storage.check.Problem;
import io.starling.storage.check.TabletChecker;
import io.starling.storage.delvec.DelVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.meta.MetaStore;
import io.starling.storage.pk.PersistentPrimaryIndex;
import io.starling.storage.pk.PkIndex;
import io.starling.storage.pk.PrimaryIndex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static io.starling.storage.tablet.PkLoads.NAMES;
import static io.starling.storage.tablet.PkLoads.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;

/** ADMIN CHECK's engine: each kind of damage, made on purpose, is reported; an undamaged tablet reports nothing. */
class TabletConsistencyCheckTest
{
    private static final long PK = 1;
    private static final long PK_PERSISTENT = 2;

    @TempDir
    Path root;

    private final MemoryContext ctx = MemoryContext.process().newChild("check-test");
    private TabletStore store;

    @BeforeEach
    void load() throws IOException
    {
        store = new TabletStore(root, 500, ctx);
        store.createTablet(PK, SCHEMA, NAMES, KeysModel.PRIMARY, 1);
        store.createTablet(PK_PERSISTENT, SCHEMA, NAMES, KeysModel.PRIMARY, 1);
        store.setPersistentIndex(PK_PERSISTENT, true);
        Random rnd = new Random(11);
        Map<Long, String> model = new TreeMap<>();
        for (int i = 0; i < 3; i++) {
            List<PkLoads.Op> ops = PkLoads.randomOps(rnd, 1200, 800, "l" + i, model);
            for (long t : List.of(PK, PK_PERSISTENT)) {
                PkLoads.load(store, ctx, t, 10 + i, ops, 400);
                store.publish(t, 10 + i, 2 + i);
            }
        }
        assertThat(TabletChecker.checkAll(store)).as("freshly loaded").isEmpty();
    }

    @AfterEach
    void close()
    {
        store.close();
        assertThat(ctx.used()).isZero();
        ctx.close();
    }

    private static List<Problem.Kind> kinds(List<Problem> problems)
    {
        return problems.stream().map(Problem::kind).distinct().toList();
    }

    private String firstSegment(long tablet) throws IOException
    {
        return store.inspect(tablet, t -> t.visibleRowsets().getFirst().segmentFiles().getFirst());
    }

    @Test
    void strayFilesAreReported() throws IOException
    {
        Path dir = root.resolve("tablets").resolve(Long.toString(PK));
        Files.writeString(dir.resolve("data").resolve("999_0.seg"), "junk");
        Files.writeString(dir.resolve("pending").resolve("5.pending"), "junk");
        Files.createDirectories(dir.resolve("index"));
        Files.writeString(dir.resolve("index").resolve("998_0.seg.c1.bmi"), "junk");
        List<Problem> p = TabletChecker.check(store, PK);
        assertThat(p).extracting(Problem::kind).containsOnly(Problem.Kind.STRAY_FILE);
        assertThat(p).extracting(Problem::file).containsExactlyInAnyOrder("999_0.seg", "pending/5.pending", "index/998_0.seg.c1.bmi");
        assertThat(TabletChecker.check(store, PK_PERSISTENT)).isEmpty();
    }

    @Test
    void filesOfARunningWriterAreNotStray() throws IOException
    {
        try (RowsetWriter w = store.openRowset(PK, 99)) {
            Files.writeString(root.resolve("tablets/1/data").resolve(w.rowsetId() + "_0.seg"), "being written");
            assertThat(TabletChecker.check(store, PK)).isEmpty();
        }
    }

    @Test
    void missingAndCorruptSegmentsAreReportedByName() throws IOException
    {
        String seg = firstSegment(PK);
        Files.delete(root.resolve("tablets/1/data").resolve(seg));
        List<Problem> p = TabletChecker.check(store, PK);
        assertThat(kinds(p)).containsExactly(Problem.Kind.MISSING_FILE);
        assertThat(p.getFirst().file()).isEqualTo(seg);

        String seg2 = firstSegment(PK_PERSISTENT);
        Path f = root.resolve("tablets/2/data").resolve(seg2);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            long at = raf.length() / 3;
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 0x5A);
        }
        p = TabletChecker.check(store, PK_PERSISTENT);
        assertThat(kinds(p)).containsExactly(Problem.Kind.CORRUPT_FILE);
        assertThat(p.getFirst().file()).isEqualTo(seg2);
        assertThat(p.getFirst().detail()).contains(seg2);
    }

    @Test
    void damagedDeleteVectorsAreReported() throws IOException
    {
        Map<String, TabletInspection.StoredDelVector> dvs = store.inspect(PK, TabletInspection::visibleDelVectors);
        assertThat(dvs).hasSizeGreaterThanOrEqualTo(2);
        List<String> keys = new ArrayList<>();
        dvs.values().forEach(d -> keys.add(d.key()));
        MetaStore meta = store.metaStore();
        byte[] corrupt = meta.get(keys.get(0)).clone();
        corrupt[corrupt.length / 2] ^= 0x10;
        try (MetaStore.Batch b = meta.batch()) {
            b.put(keys.get(0), corrupt).put(keys.get(1), new DelVector(RoaringBitmap.bitmapOf(1_000_000)).serialize()).commit();
        }
        List<Problem> p = TabletChecker.check(store, PK);
        assertThat(kinds(p)).contains(Problem.Kind.CORRUPT_DELVEC, Problem.Kind.DELVEC_OUT_OF_RANGE);
        assertThat(p).filteredOn(x -> x.kind() == Problem.Kind.CORRUPT_DELVEC).extracting(Problem::file).containsExactly(keys.get(0));

        // a vector gone: its replaced rows come back to life, so keys are live twice
        String gone = store.inspect(PK_PERSISTENT, t -> t.visibleDelVectors().values().iterator().next().key());
        try (MetaStore.Batch b = meta.batch()) {
            b.delete(gone).commit();
        }
        p = TabletChecker.check(store, PK_PERSISTENT);
        assertThat(kinds(p)).contains(Problem.Kind.MISSING_DELVEC, Problem.Kind.DUPLICATE_KEY);
    }

    @Test
    void inMemoryIndexDisagreeingWithTheDataIsReported() throws IOException
    {
        List<Problem> p = store.inspect(PK, t -> {
            PkIndex idx = t.state().index;
            List<byte[]> keys = new ArrayList<>();
            idx.forEach((k, loc) -> {
                if (keys.size() < 2) {
                    keys.add(k);
                }
            });
            long loc = idx.get(keys.get(0));
            idx.put(keys.get(0), PrimaryIndex.location(PrimaryIndex.segmentOf(loc), PrimaryIndex.rowOf(loc) + 1));
            idx.remove(keys.get(1));
            idx.put("no-such-key".getBytes(StandardCharsets.UTF_8), loc);
            return List.of();
        });
        assertThat(p).isEmpty();
        p = TabletChecker.check(store, PK);
        assertThat(kinds(p)).containsExactlyInAnyOrder(Problem.Kind.INDEX_WRONG_LOCATION, Problem.Kind.INDEX_MISSING_KEY,
                Problem.Kind.INDEX_STALE_KEY);
        store.releaseIdleIndexes(0);
        assertThat(TabletChecker.check(store, PK)).as("an unloaded in-memory index is rebuilt from the data").isEmpty();
    }

    @Test
    void persistentIndexDisagreeingWithTheDataIsReported() throws IOException
    {
        MetaStore meta = store.metaStore();
        List<byte[]> keys = new ArrayList<>();
        PersistentPrimaryIndex.scanStored(meta, PK_PERSISTENT, (k, row, seg) -> {
            if (keys.size() < 2) {
                keys.add(k);
            }
        });
        byte[] prefix = PersistentPrimaryIndex.entryPrefix(PK_PERSISTENT).getBytes(StandardCharsets.UTF_8);
        try (MetaStore.Batch b = meta.batch()) {
            b.delete(concat(prefix, keys.get(0)));
            b.put(concat(prefix, keys.get(1)), new byte[] {1});
            b.commit();
        }
        List<Problem> p = TabletChecker.check(store, PK_PERSISTENT);
        assertThat(kinds(p)).containsExactlyInAnyOrder(Problem.Kind.INDEX_MISSING_KEY, Problem.Kind.CORRUPT_INDEX, Problem.Kind.INDEX_SIZE);

        try (MetaStore.Batch b = meta.batch()) {
            b.put(PersistentPrimaryIndex.markerKey(PK_PERSISTENT), new byte[24]).commit();
        }
        p = TabletChecker.check(store, PK_PERSISTENT);
        assertThat(kinds(p)).containsExactly(Problem.Kind.CORRUPT_INDEX);
        assertThat(p.getFirst().file()).isEqualTo(PersistentPrimaryIndex.markerKey(PK_PERSISTENT));
    }

    private static byte[] concat(byte[] a, byte[] b)
    {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

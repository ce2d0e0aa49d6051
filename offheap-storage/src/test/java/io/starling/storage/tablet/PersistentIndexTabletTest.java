package io.starling.storage.tablet;

import io.starling.storage.check.TabletChecker;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.pk.PersistentPrimaryIndex;
import io.starling.storage.pk.PkIndex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static io.starling.storage.tablet.PkLoads.NAMES;
import static io.starling.storage.tablet.PkLoads.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code "enable_persistent_index"}: the primary index lives in the meta store, is written with each publish and is
 * reopened, not rebuilt, after a restart (clean or not) and after an idle release; a twin in-memory tablet fed the
 * same loads gives the same rows.
 */
class PersistentIndexTabletTest
{
    private static final long PERSISTENT = 1;
    private static final long IN_MEMORY = 2;

    @TempDir
    Path root;

    private final MemoryContext ctx = MemoryContext.process().newChild("pk-persistent-test");

    @AfterEach
    void checkNoLeak()
    {
        assertThat(ctx.used()).isZero();
        ctx.close();
    }

    private TabletStore open() throws IOException
    {
        return new TabletStore(root, 700, ctx);
    }

    /** Loads the same random ops into both tablets as txn {@code txn}, publishing at {@code version}. */
    private void loadBoth(TabletStore store, Random rnd, long txn, long version, Map<Long, String> model) throws IOException
    {
        List<PkLoads.Op> ops = PkLoads.randomOps(rnd, 1 + rnd.nextInt(2000), 1500, "t" + txn, model);
        int flush = 200 + rnd.nextInt(1000);
        for (long tablet : List.of(PERSISTENT, IN_MEMORY)) {
            PkLoads.load(store, ctx, tablet, txn, ops, flush);
            store.publish(tablet, txn, version);
        }
    }

    private void assertBoth(TabletStore store, Map<Long, String> model) throws IOException
    {
        assertThat(PkLoads.read(store, ctx, PERSISTENT)).isEqualTo(model);
        assertThat(PkLoads.read(store, ctx, IN_MEMORY)).isEqualTo(model);
        assertThat(TabletChecker.checkAll(store)).isEmpty();
    }

    @Test
    void reopensAfterCleanRestartKillAndIdleReleaseWithoutRebuilding() throws IOException
    {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        System.out.println("PersistentIndexTabletTest seed " + seed);
        Random rnd = new Random(seed);
        TabletStore store = open();
        store.createTablet(PERSISTENT, SCHEMA, NAMES, KeysModel.PRIMARY, 1);
        store.createTablet(IN_MEMORY, SCHEMA, NAMES, KeysModel.PRIMARY, 1);
        store.setPersistentIndex(PERSISTENT, true);
        Map<Long, String> model = new TreeMap<>();
        long txn = 10;
        long version = 1;
        for (int i = 0; i < 3; i++) {
            loadBoth(store, rnd, ++txn, ++version, model);
        }
        assertBoth(store, model);
        assertThat(store.primaryIndexBuilds()).as("each tablet's index built once, from empty data").isEqualTo(2);
        assertThat(store.primaryIndexMemory(PERSISTENT)).isPositive();

        // clean restart: the persistent index is reopened, the in-memory one rebuilt
        store.close();
        store = open();
        assertThat(store.persistentIndex(PERSISTENT)).isTrue();
        loadBoth(store, rnd, ++txn, ++version, model);
        assertThat(store.primaryIndexBuilds()).as("only the in-memory index is rebuilt").isEqualTo(1);
        assertThat(store.primaryIndexReopens()).isEqualTo(1);
        assertBoth(store, model);

        // a publish without rows advances the version without touching the index: still current
        store.publish(PERSISTENT, ++txn, ++version);
        store.publish(IN_MEMORY, txn, version);

        // kill -9 imitation: the store is abandoned without close and reopened
        TabletStore killed = store;
        store = open();
        assertThat(killed).isNotSameAs(store);
        loadBoth(store, rnd, ++txn, ++version, model);
        assertThat(store.primaryIndexBuilds()).isEqualTo(1);
        assertThat(store.primaryIndexReopens()).isEqualTo(1);
        assertBoth(store, model);

        // memory pressure / idle release drops the cache only
        assertThat(store.releaseIdleIndexes(0)).isEqualTo(2);
        assertThat(store.primaryIndexMemory(PERSISTENT)).isZero();
        loadBoth(store, rnd, ++txn, ++version, model);
        assertThat(store.primaryIndexBuilds()).isEqualTo(2);
        assertThat(store.primaryIndexReopens()).isEqualTo(2);
        assertBoth(store, model);
        store.close();
        killed.close(); // releases what the abandoned instance still held (a real kill frees it with the process)
    }

    /**
     * Compaction moves a persistent index onto its output in the commit's batch: after compactions (with the index
     * loaded and after an idle release) and a restart the reopened index agrees with the data.
     */
    @Test
    void compactionKeepsThePersistentIndexCurrent() throws IOException
    {
        Random rnd = new Random(7);
        TabletStore store = open();
        store.createTablet(PERSISTENT, SCHEMA, NAMES, KeysModel.PRIMARY, 1);
        store.createTablet(IN_MEMORY, SCHEMA, NAMES, KeysModel.PRIMARY, 1);
        store.setPersistentIndex(PERSISTENT, true);
        Map<Long, String> model = new TreeMap<>();
        long txn = 10;
        long version = 1;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 4; i++) {
                loadBoth(store, rnd, ++txn, ++version, model);
            }
            if (round == 1) {
                store.releaseIdleIndexes(0);    // the stored index is not loaded when the compaction commits
            }
            for (long tablet : List.of(PERSISTENT, IN_MEMORY)) {
                assertThat(io.starling.storage.compaction.TabletCompactor.compact(store, tablet, true, ctx)).isNotNull();
                assertThat(store.liveRowsets(tablet)).hasSize(1);
            }
            assertBoth(store, model);
        }
        store.close();
        store = open();
        assertBoth(store, model);
        loadBoth(store, rnd, ++txn, ++version, model);
        assertThat(store.primaryIndexReopens()).as("reopened, not rebuilt, after compactions").isEqualTo(1);
        assertBoth(store, model);
        store.close();
    }

    @Test
    void enablingOnExistingDataBuildsOnceAndDisablingDeletesTheEntries() throws IOException
    {
        Random rnd = new Random(42);
        TabletStore store = open();
        store.createTablet(PERSISTENT, SCHEMA, NAMES, KeysModel.PRIMARY, 1);
        store.createTablet(IN_MEMORY, SCHEMA, NAMES, KeysModel.PRIMARY, 1);
        Map<Long, String> model = new TreeMap<>();
        loadBoth(store, rnd, 1, 2, model);
        store.setPersistentIndex(PERSISTENT, true);
        loadBoth(store, rnd, 2, 3, model);
        assertThat(store.primaryIndexBuilds()).as("2 in-memory builds, then the persistent one from the data").isEqualTo(3);
        PersistentPrimaryIndex.Marker m = PersistentPrimaryIndex.readMarker(store.metaStore(), PERSISTENT);
        assertThat(m.version()).isEqualTo(3);
        assertThat(m.entries()).isEqualTo(model.size());
        assertBoth(store, model);

        store.setPersistentIndex(PERSISTENT, false);
        assertThat(PersistentPrimaryIndex.readMarker(store.metaStore(), PERSISTENT)).isNull();
        assertThat(PersistentPrimaryIndex.scanStored(store.metaStore(), PERSISTENT, (k, r, s) -> {
        })).isZero();
        loadBoth(store, rnd, 3, 4, model);
        assertBoth(store, model);
        store.close();
        store = open();
        assertThat(store.persistentIndex(PERSISTENT)).isFalse();
        store.dropTablet(IN_MEMORY);
        store.close();
    }

    @Test
    void cacheIsBoundedAndPublishFailureLeavesTheStoredIndexIntact() throws IOException
    {
        System.setProperty("starling.pk_persistent_cache_entries", "32");
        try {
            Random rnd = new Random(7);
            TabletStore store = open();
            store.createTablet(PERSISTENT, SCHEMA, NAMES, KeysModel.PRIMARY, 1);
            store.createTablet(IN_MEMORY, SCHEMA, NAMES, KeysModel.PRIMARY, 1);
            store.setPersistentIndex(PERSISTENT, true);
            Map<Long, String> model = new TreeMap<>();
            loadBoth(store, rnd, 1, 2, model);
            store.close();
            store = open();
            loadBoth(store, rnd, 2, 3, model);
            long keys = model.size();
            assertThat(keys).isGreaterThan(100);
            long[] cached = new long[1];
            long memory = store.inspect(PERSISTENT, t -> {
                PkIndex idx = t.state().index;
                assertThat(idx.persistent()).isTrue();
                assertThat(idx.size()).isEqualTo(keys);
                cached[0] = ((PersistentPrimaryIndex) idx).cachedEntries();
                return idx.memoryBytes();
            });
            assertThat(cached[0]).isEqualTo(32);
            assertThat(memory).isEqualTo(store.primaryIndexMemory(PERSISTENT)).isLessThan(32 * 200L);
            assertBoth(store, model);

            // a publish whose batch never commits (the store's meta store is closed under it) changes nothing stored
            Map<Long, String> before = new TreeMap<>(model);
            PkLoads.load(store, ctx, PERSISTENT, 3, PkLoads.randomOps(rnd, 500, 1500, "lost", new TreeMap<>()), 1000);
            store.metaStore().close();
            TabletStore broken = store;
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> broken.publish(PERSISTENT, 3, 4)).isInstanceOf(IOException.class);
            store = open();
            assertThat(store.visibleVersion(PERSISTENT)).isEqualTo(3);
            store.abortPendingExcept(java.util.Set.of());
            assertThat(PkLoads.read(store, ctx, PERSISTENT)).isEqualTo(before);
            assertThat(TabletChecker.checkAll(store)).isEmpty();
            store.close();
            broken.close();
        }
        finally {
            System.clearProperty("starling.pk_persistent_cache_entries");
        }
    }
}

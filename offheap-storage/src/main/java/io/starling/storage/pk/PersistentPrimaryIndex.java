package io.starling.storage.pk;

import io.starling.storage.memory.MemoryContext;
import io.starling.storage.meta.MetaStore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;
import java.util.zip.CRC32C;

/**
 * The persistent primary index of one tablet ({@code "enable_persistent_index" = "true"}): its entries live in the
 * backend's meta store (RocksDB) so that a restart or a memory-pressure release does not rebuild it from the data.
 *
 * <pre>
 * i/&lt;tabletId&gt;/&lt;encoded key&gt;   → row (int32 LE) + segment file name (UTF-8)
 * I/&lt;tabletId&gt;                   → marker: magic "SLPI", version (int64), entries (int64), CRC32C of the 20 bytes
 * </pre>
 *
 * <p>Values name the segment file, not the in-memory ordinal, so they stay valid across restarts; the owner maps
 * names to the ordinals of {@link PrimaryIndex#location} ({@code segmentName} / {@code ordinalOf}). The marker says the
 * entries are complete as of {@code version}: a publish changing the index {@link #stage stages} its entry changes
 * and the new marker into the same atomic batch as the tablet meta version, so index and meta can never disagree
 * after a crash. An index without marker (never built, or a build interrupted) is rebuilt from the data.
 *
 * <p>Reads go through a bounded LRU cache of {@code cacheEntries} entries; a publish's changes sit in an overlay
 * until its batch commits ({@link #commitStaged()}) and are dropped with the index if it fails. Heap use (cache and
 * overlay, key bytes + {@link PrimaryIndex#ENTRY_OVERHEAD_BYTES} per entry) is accounted in the given context.
 * Not thread-safe: the tablet store uses it under the tablet's lock.
 */
public final class PersistentPrimaryIndex implements PkIndex
{
    /** Cache entries per tablet when {@code starling.pk_persistent_cache_entries} is not set: ~64k keys ≈ 8 MiB. */
    public static final int DEFAULT_CACHE_ENTRIES = 1 << 16;
    private static final int MARKER_MAGIC = 'S' | 'L' << 8 | 'P' << 16 | 'I' << 24;
    /** magic 4 + version 8 + entries 8 + crc 4. */
    private static final int MARKER_BYTES = 24;
    /** Overlay entries flushed per batch while building from the data (bounds the build's heap, ~8 MiB). */
    private static final int BUILD_FLUSH_ENTRIES = 1 << 16;
    /** Overlay value of a key removed by the staged changes. */
    private static final long TOMBSTONE = Long.MIN_VALUE;

    private final MetaStore store;
    private final long tabletId;
    private final byte[] prefix;
    private final MemoryContext memory;
    private final IntFunction<String> segmentName;
    private final ToIntFunction<String> ordinalOf;
    private final int cacheEntries;
    private final LinkedHashMap<Key, Long> cache;
    private final HashMap<Key, Long> overlay = new HashMap<>();
    private long committedSize;
    private long stagedSizeDelta;
    private long reserved;

    private PersistentPrimaryIndex(MetaStore store, long tabletId, MemoryContext memory, IntFunction<String> segmentName,
            ToIntFunction<String> ordinalOf, int cacheEntries, long committedSize)
    {
        this.store = store;
        this.tabletId = tabletId;
        this.prefix = entryPrefix(tabletId).getBytes(StandardCharsets.UTF_8);
        this.memory = memory;
        this.segmentName = segmentName;
        this.ordinalOf = ordinalOf;
        this.cacheEntries = Math.max(1, cacheEntries);
        this.committedSize = committedSize;
        this.cache = new LinkedHashMap<>(16, 0.75f, true)
        {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Long> eldest)
            {
                if (size() <= PersistentPrimaryIndex.this.cacheEntries) {
                    return false;
                }
                account(-entryBytes(eldest.getKey().bytes()));
                return true;
            }
        };
    }

    /** The marker of a persisted index: complete as of {@code version}, holding {@code entries} keys. */
    public record Marker(long version, long entries)
    {
    }

    public static String entryPrefix(long tabletId)
    {
        return "i/" + tabletId + "/";
    }

    public static String markerKey(long tabletId)
    {
        return "I/" + tabletId;
    }

    /** The cache size of new indexes: {@code -Dstarling.pk_persistent_cache_entries}, else {@link #DEFAULT_CACHE_ENTRIES}. */
    public static int configuredCacheEntries()
    {
        return Integer.getInteger("starling.pk_persistent_cache_entries", DEFAULT_CACHE_ENTRIES);
    }

    /**
     * The stored marker of a tablet's index, or null when there is none (never built, build interrupted, or
     * disabled).
     *
     * @throws IOException naming the key if the marker is corrupt
     */
    public static Marker readMarker(MetaStore store, long tabletId) throws IOException
    {
        byte[] v = store.get(markerKey(tabletId));
        if (v == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
        if (v.length != MARKER_BYTES || b.getInt(0) != MARKER_MAGIC || b.getInt(20) != crc(v, 20)) {
            throw new IOException("corrupt persistent primary index marker " + markerKey(tabletId) + " in the meta store");
        }
        return new Marker(b.getLong(4), b.getLong(12));
    }

    /** Opens the persisted index of a tablet whose marker is valid; no entry is read until asked for. */
    public static PersistentPrimaryIndex open(MetaStore store, long tabletId, Marker marker, MemoryContext memory,
            IntFunction<String> segmentName, ToIntFunction<String> ordinalOf, int cacheEntries)
    {
        return new PersistentPrimaryIndex(store, tabletId, memory, segmentName, ordinalOf, cacheEntries, marker.entries());
    }

    /**
     * Starts a rebuild: deletes the marker and every entry in one committed batch and returns an empty index. The
     * caller {@link #put}s every live row, calling {@link #flushBuild()} now and then, and finally stages the
     * marker with the publish or {@link #finishBuild}. A crash in between leaves no marker: rebuilt again.
     */
    public static PersistentPrimaryIndex startBuild(MetaStore store, long tabletId, MemoryContext memory,
            IntFunction<String> segmentName, ToIntFunction<String> ordinalOf, int cacheEntries) throws IOException
    {
        try (MetaStore.Batch b = store.batch()) {
            deleteAll(b, tabletId).commit();
        }
        return new PersistentPrimaryIndex(store, tabletId, memory, segmentName, ordinalOf, cacheEntries, 0);
    }

    /** Adds the deletion of a tablet's whole persistent index (entries and marker) to {@code batch}. */
    public static MetaStore.Batch deleteAll(MetaStore.Batch batch, long tabletId) throws IOException
    {
        return batch.delete(markerKey(tabletId)).deleteRange(entryPrefix(tabletId));
    }

    /** During a build: writes the overlay as entries (without marker) once it is large, to bound heap use. */
    public void flushBuild() throws IOException
    {
        if (overlay.size() < BUILD_FLUSH_ENTRIES) {
            return;
        }
        try (MetaStore.Batch b = store.batch()) {
            writeOverlay(b);
            b.commit();
        }
        commitStaged();
    }

    /** Ends a build: the remaining entries and the marker at {@code version}, committed. */
    public void finishBuild(long version) throws IOException
    {
        try (MetaStore.Batch b = store.batch()) {
            stage(b, version);
            b.commit();
        }
        commitStaged();
    }

    @Override
    public long get(byte[] key) throws IOException
    {
        Key k = new Key(key);
        Long v = overlay.get(k);
        if (v != null) {
            return v == TOMBSTONE ? NONE : v;
        }
        v = cache.get(k);
        if (v != null) {
            return v;
        }
        byte[] stored = store.get(entryKey(key));
        if (stored == null) {
            return NONE;
        }
        long loc = decode(stored, key);
        cache.put(k, loc);
        account(entryBytes(key));
        return loc;
    }

    @Override
    public long put(byte[] key, long location) throws IOException
    {
        long old = get(key);
        stageChange(key, location);
        if (old == NONE) {
            stagedSizeDelta++;
        }
        return old;
    }

    @Override
    public long remove(byte[] key) throws IOException
    {
        long old = get(key);
        if (old != NONE) {
            stageChange(key, TOMBSTONE);
            stagedSizeDelta--;
        }
        return old;
    }

    private void stageChange(byte[] key, long value)
    {
        if (overlay.put(new Key(key), value) == null) {
            account(entryBytes(key));
        }
    }

    @Override
    public long size()
    {
        return committedSize + stagedSizeDelta;
    }

    @Override
    public long memoryBytes()
    {
        return reserved;
    }

    @Override
    public boolean persistent()
    {
        return true;
    }

    /** Entries in the cache now (tests, memory reports). */
    public int cachedEntries()
    {
        return cache.size();
    }

    @Override
    public void forEach(EntryConsumer consumer) throws IOException
    {
        store.scan(prefix, (k, v) -> {
            byte[] key = Arrays.copyOfRange(k, prefix.length, k.length);
            if (!overlay.containsKey(new Key(key))) {
                consumer.accept(key, decode(v, key));
            }
        });
        for (Map.Entry<Key, Long> e : overlay.entrySet()) {
            if (e.getValue() != TOMBSTONE) {
                consumer.accept(e.getKey().bytes(), e.getValue());
            }
        }
    }

    /**
     * Raw stored entries (key, row, segment file name) of a tablet's persistent index, decoded without the
     * ordinal mapping: what the consistency check compares with the data.
     */
    public static long scanStored(MetaStore store, long tabletId, StoredEntryConsumer consumer) throws IOException
    {
        byte[] p = entryPrefix(tabletId).getBytes(StandardCharsets.UTF_8);
        return store.scan(p, (k, v) -> {
            byte[] key = Arrays.copyOfRange(k, p.length, k.length);
            if (v.length < 5) {
                consumer.accept(key, -1, null);
                return;
            }
            int row = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
            consumer.accept(key, row, new String(v, 4, v.length - 4, StandardCharsets.UTF_8));
        });
    }

    /** One stored entry; {@code segment} is null when the value is malformed. */
    @FunctionalInterface
    public interface StoredEntryConsumer
    {
        void accept(byte[] key, int row, String segment) throws IOException;
    }

    @Override
    public void stage(MetaStore.Batch batch, long version) throws IOException
    {
        writeOverlay(batch);
        byte[] m = new byte[MARKER_BYTES];
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, MARKER_MAGIC).putLong(4, version).putLong(12, size());
        b.putInt(20, crc(m, 20));
        batch.put(markerKey(tabletId), m);
    }

    private void writeOverlay(MetaStore.Batch batch) throws IOException
    {
        for (Map.Entry<Key, Long> e : overlay.entrySet()) {
            byte[] key = e.getKey().bytes();
            long loc = e.getValue();
            if (loc == TOMBSTONE) {
                batch.delete(entryKey(key));
            }
            else {
                byte[] name = segmentName.apply(PrimaryIndex.segmentOf(loc)).getBytes(StandardCharsets.UTF_8);
                byte[] v = new byte[4 + name.length];
                ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).putInt(0, PrimaryIndex.rowOf(loc));
                System.arraycopy(name, 0, v, 4, name.length);
                batch.put(entryKey(key), v);
            }
        }
    }

    @Override
    public void commitStaged()
    {
        for (Map.Entry<Key, Long> e : overlay.entrySet()) {
            Key k = e.getKey();
            long bytes = entryBytes(k.bytes());
            Long before = e.getValue() == TOMBSTONE ? cache.remove(k) : cache.put(k, e.getValue());
            // the overlay's reservation moves to the cache entry, or is released when the cache already had it
            if (before != null || e.getValue() == TOMBSTONE) {
                account(-bytes);
            }
            if (before != null && e.getValue() == TOMBSTONE) {
                account(-bytes);
            }
        }
        trimCache();
        overlay.clear();
        committedSize += stagedSizeDelta;
        stagedSizeDelta = 0;
    }

    private void trimCache()
    {
        var it = cache.entrySet().iterator();
        while (cache.size() > cacheEntries && it.hasNext()) {
            account(-entryBytes(it.next().getKey().bytes()));
            it.remove();
        }
    }

    @Override
    public void close()
    {
        cache.clear();
        overlay.clear();
        if (reserved > 0) {
            memory.release(reserved);
        }
        reserved = 0;
        memory.close();
    }

    private long decode(byte[] v, byte[] key) throws IOException
    {
        if (v.length < 5) {
            throw new IOException("corrupt persistent primary index entry of tablet " + tabletId + " (" + v.length + " bytes)");
        }
        int row = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        String name = new String(v, 4, v.length - 4, StandardCharsets.UTF_8);
        return PrimaryIndex.location(ordinalOf.applyAsInt(name), row);
    }

    private byte[] entryKey(byte[] key)
    {
        byte[] k = Arrays.copyOf(prefix, prefix.length + key.length);
        System.arraycopy(key, 0, k, prefix.length, key.length);
        return k;
    }

    private static long entryBytes(byte[] key)
    {
        return key.length + PrimaryIndex.ENTRY_OVERHEAD_BYTES;
    }

    private void account(long delta)
    {
        if (delta > 0) {
            memory.reserve(delta);
        }
        else if (delta < 0) {
            memory.release(-delta);
        }
        reserved += delta;
    }

    private static int crc(byte[] bytes, int length)
    {
        CRC32C c = new CRC32C();
        c.update(bytes, 0, length);
        return (int) c.getValue();
    }

    /** Byte-array key with value equality. */
    private record Key(byte[] bytes)
    {
        @Override
        public boolean equals(Object o)
        {
            return o instanceof Key k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode()
        {
            return Arrays.hashCode(bytes);
        }
    }
}

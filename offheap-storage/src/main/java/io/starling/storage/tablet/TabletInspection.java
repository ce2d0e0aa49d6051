package io.starling.storage.tablet;

import io.starling.storage.delvec.DelVector;
import io.starling.storage.meta.MetaStore;
import io.starling.storage.pk.PersistentPrimaryIndex;
import io.starling.storage.pk.PrimaryIndex;
import io.starling.storage.types.DataType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A read-only view of one tablet's durable state for the consistency check ({@code io.starling.storage.check}):
 * created and used under the tablet's lock ({@link TabletStore#inspect}), so no publish changes the state while
 * the checker compares it with the files. Values are re-read from the meta store (delete vectors, persistent index)
 * rather than taken from the in-memory copies, so a corrupt stored value is seen.
 */
public final class TabletInspection
{
    private final TabletStore store;
    private final TabletStore.TabletState s;

    private TabletInspection(TabletStore store, TabletStore.TabletState s)
    {
        this.store = store;
        this.s = s;
    }

    /** Runs {@code body} with a view of the tablet, holding its lock. */
    static <T> T of(TabletStore store, TabletStore.TabletState s, TabletStore.Inspector<T> body) throws IOException
    {
        synchronized (s) {
            if (s.dropped) {
                throw new IllegalStateException("tablet " + s.id + " was dropped");
            }
            return body.inspect(new TabletInspection(store, s));
        }
    }

    public long tabletId()
    {
        return s.id;
    }

    public KeysModel keysModel()
    {
        return s.meta.keysModel();
    }

    public int numKeyColumns()
    {
        return s.meta.numKeyColumns();
    }

    public List<DataType> schema()
    {
        return s.meta.schema();
    }

    public long visibleVersion()
    {
        return s.meta.visibleVersion();
    }

    /** {@code <tablet>/data}: segment and delete files. */
    public Path dataDir()
    {
        return s.dataDir();
    }

    /** {@code <tablet>}: holds data/, pending/ and index/. */
    public Path tabletDir()
    {
        return s.dir;
    }

    /** Every data file some version or pending rowset references (versions are kept until compaction folds them). */
    public Set<String> referencedFiles()
    {
        Set<String> out = new HashSet<>();
        for (TabletMeta.VersionEntry e : s.meta.versions()) {
            if (e.rowset() != null) {
                out.addAll(e.rowset().allFiles());
            }
        }
        for (RowsetMeta r : s.pending.values()) {
            out.addAll(r.allFiles());
        }
        return out;
    }

    /** Rowset ids of writers still writing (their files are not referenced yet, and not stray). */
    public Set<Long> writingRowsets()
    {
        return Set.copyOf(s.writing);
    }

    /** The rowsets visible at the visible version, in publish order. */
    public List<RowsetMeta> visibleRowsets()
    {
        return s.meta.rowsetsAt(s.meta.visibleVersion());
    }

    /** A stored delete vector: its meta-store key and raw value. */
    public record StoredDelVector(String key, byte[] value)
    {
        /** Parses (checksum verified). @throws IllegalArgumentException naming the key if corrupt */
        public DelVector parse()
        {
            return DelVector.parse(value, "stored under " + key);
        }
    }

    /**
     * The delete vectors of the visible segments, as stored in the meta store (the entry each segment uses at the
     * visible version), by segment file. A vector the meta references but the store lacks maps to a null value.
     */
    public Map<String, StoredDelVector> visibleDelVectors() throws IOException
    {
        long visible = s.meta.visibleVersion();
        Map<String, StoredDelVector> out = new LinkedHashMap<>();
        for (RowsetMeta r : visibleRowsets()) {
            for (String f : r.segmentFiles()) {
                Long version = null;
                for (TabletMeta.VersionEntry e : s.meta.versions()) {
                    if (e.version() <= visible && e.delvecSegments().contains(f) && (version == null || e.version() > version)) {
                        version = e.version();
                    }
                }
                TreeMap<Long, DelVector> loaded = s.delvecs.get(f);
                if (version == null && loaded != null && loaded.floorKey(visible) != null) {
                    version = loaded.floorKey(visible);
                }
                if (version != null) {
                    String key = TabletStore.delvecKey(s.id, version, f);
                    out.put(f, new StoredDelVector(key, store.metaStore().get(key)));
                }
            }
        }
        return out;
    }

    /** Whether the tablet keeps its primary index in the meta store. */
    public boolean persistentIndex()
    {
        return s.persistentIndex;
    }

    /**
     * The marker of the tablet's persistent index, null if there is none.
     *
     * @throws IOException if the marker is corrupt
     */
    public PersistentPrimaryIndex.Marker persistentIndexMarker() throws IOException
    {
        return PersistentPrimaryIndex.readMarker(store.metaStore(), s.id);
    }

    /** Whether the persistent index's marker says it is complete as of the visible version. */
    public boolean persistentIndexCurrent(PersistentPrimaryIndex.Marker marker)
    {
        return marker != null && PrimaryKeyPublisher.markerCurrent(s.meta, marker.version());
    }

    /** Streams the persistent index's stored entries (key, row, segment file; segment null if malformed). */
    public long scanPersistentIndex(PersistentPrimaryIndex.StoredEntryConsumer consumer) throws IOException
    {
        return PersistentPrimaryIndex.scanStored(store.metaStore(), s.id, consumer);
    }

    /** Whether an in-memory primary index is loaded (an unloaded one is rebuilt from the data: nothing to compare). */
    public boolean memoryIndexLoaded()
    {
        return s.index != null && !s.index.persistent();
    }

    /** Streams the loaded in-memory index's entries as (key, row, segment file). */
    public void scanMemoryIndex(PersistentPrimaryIndex.StoredEntryConsumer consumer) throws IOException
    {
        if (s.index == null || s.index.persistent()) {
            return;
        }
        List<String> names = new ArrayList<>(s.indexSegments);
        s.index.forEach((key, loc) -> {
            int ord = PrimaryIndex.segmentOf(loc);
            consumer.accept(key, PrimaryIndex.rowOf(loc), ord >= 0 && ord < names.size() ? names.get(ord) : null);
        });
    }

    /** The tablet's state (tests corrupt the in-memory index through it). */
    TabletStore.TabletState state()
    {
        return s;
    }

    /** The meta store (tests corrupt values through it). */
    MetaStore metaStore()
    {
        return store.metaStore();
    }
}

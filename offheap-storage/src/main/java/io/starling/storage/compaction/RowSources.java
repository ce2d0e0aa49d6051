package io.starling.storage.compaction;

import io.starling.storage.tablet.KeysModel;

import java.util.EnumMap;
import java.util.Map;

/**
 * Which {@link RowSource} compacts which table model. DUPLICATE tablets and key-replacing ones
 * ({@link KeysModel#replacesByKey()}: PRIMARY, and UNIQUE while it is stored delete-and-insert) use
 * {@link LiveRowSource}. AGGREGATE tablets use {@link MergeRowSource}, the sorted k-way merge of
 * {@code io.starling.storage.merge} (appending them would break the sorted runs the read-time merge relies on); other
 * merge-on-read sources can be added with {@link #register}.
 */
public final class RowSources
{
    private static final Map<KeysModel, RowSourceFactory> MERGING = new EnumMap<>(KeysModel.class);

    static {
        MERGING.put(KeysModel.AGGREGATE, MergeRowSource::new);
    }

    private RowSources()
    {
    }

    /** Registers the row source of a merge-on-read model (the plug point for the k-way merge). */
    public static synchronized void register(KeysModel model, RowSourceFactory factory)
    {
        if (model == KeysModel.DUPLICATE || model.replacesByKey()) {
            throw new IllegalArgumentException(model + " tablets are compacted by LiveRowSource");
        }
        MERGING.put(model, factory);
    }

    /** The factory for a model, or null when tablets of that model are not compacted. */
    public static synchronized RowSourceFactory forModel(KeysModel model)
    {
        if (model == KeysModel.DUPLICATE || model.replacesByKey()) {
            return LiveRowSource::new;
        }
        return MERGING.get(model);
    }
}

package io.starling.storage.pk;

import io.starling.storage.meta.MetaStore;

import java.io.IOException;

/**
 * The primary index of one Primary Key tablet as the publish path sees it: encoded key ({@link KeyEncoder}) →
 * location of the one live row with that key ({@link PrimaryIndex#location}: segment ordinal {@code << 32 | row}).
 * Two implementations: {@link PrimaryIndex} (a heap hash map, rebuilt from the data after a restart or an idle
 * release) and {@link PersistentPrimaryIndex} (entries in the backend's meta store, written in the publish's own
 * atomic batch, with a bounded cache), chosen per tablet by {@code "enable_persistent_index"}.
 *
 * <p>Changes made by one publish become durable only through {@link #stage} into that publish's meta-store batch
 * and {@link #commitStaged()} after the batch committed; a publish that fails closes the index instead (the owner
 * then rebuilds or reopens it). Not thread-safe: used under the tablet's lock.
 */
public interface PkIndex extends AutoCloseable
{
    /** No row for the key. */
    long NONE = -1;

    /** The location of {@code key}'s live row, or {@link #NONE}. */
    long get(byte[] key) throws IOException;

    /** Maps {@code key} to {@code location}; returns the previous location or {@link #NONE}. */
    long put(byte[] key, long location) throws IOException;

    /** Removes {@code key}; returns its location or {@link #NONE}. */
    long remove(byte[] key) throws IOException;

    /** Number of keys, including the changes not yet committed. */
    long size();

    /** Estimated heap bytes held (what is reserved in the tablet's index memory context). */
    long memoryBytes();

    /** True for the on-disk index. */
    boolean persistent();

    /** One entry of {@link #forEach}. */
    @FunctionalInterface
    interface EntryConsumer
    {
        void accept(byte[] key, long location) throws IOException;
    }

    /** Calls {@code consumer} with every entry (committed state plus staged changes; order unspecified). */
    void forEach(EntryConsumer consumer) throws IOException;

    /**
     * Adds this publish's changes to {@code batch}, the publish's atomic meta-store batch making {@code version}
     * visible. A no-op for the in-memory index.
     */
    default void stage(MetaStore.Batch batch, long version) throws IOException
    {
    }

    /** The batch given to {@link #stage} committed: the staged changes are now the committed state. */
    default void commitStaged()
    {
    }

    /** Releases the index's memory; it must not be used afterwards. Staged changes are discarded. */
    @Override
    void close();
}

package io.starling.storage.meta;

import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The backend's tablet meta store: one RocksDB under {@code <store root>/meta} (DESIGN.md §4, StarRocks keeps tablet
 * meta in RocksDB too). Keys are UTF-8 strings with a one-letter table prefix ({@code m/} tablet meta, {@code p/}
 * pending rowsets, {@code d/} delete vectors); values are the checksummed binary records of the tablet package, so
 * a corrupt value is still detected by its CRC and not only by RocksDB's block checksums.
 *
 * <p>Every write is a {@link Batch} applied atomically with {@code sync=true}: after {@link Batch#commit()} returns,
 * all of its puts and deletes survive a crash or none of them does. Thread-safe (RocksDB is); operations after
 * {@link #close()} fail with an {@link IOException} instead of touching the freed native handle (a read-write lock
 * orders them against close).
 */
public final class MetaStore implements AutoCloseable
{
    static {
        RocksDB.loadLibrary();
    }

    private final RocksDB db;
    private final Options options;
    private final WriteOptions syncWrites;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private MetaStore(RocksDB db, Options options)
    {
        this.db = db;
        this.options = options;
        this.syncWrites = new WriteOptions().setSync(true);
    }

    /** Opens (creating if needed) the store in {@code dir}. */
    public static MetaStore open(Path dir) throws IOException
    {
        Files.createDirectories(dir);
        Options options = new Options().setCreateIfMissing(true)
                // meta values are small and few per tablet: a small write buffer keeps the footprint low
                .setWriteBufferSize(4L << 20)
                .setMaxOpenFiles(256)
                .setParanoidChecks(true);
        try {
            return new MetaStore(RocksDB.open(options, dir.toString()), options);
        }
        catch (RocksDBException e) {
            options.close();
            throw new IOException("cannot open the tablet meta store at " + dir + ": " + e.getMessage(), e);
        }
    }

    public byte[] get(String key) throws IOException
    {
        lifecycle.readLock().lock();
        try {
            checkOpen();
            return db.get(bytes(key));
        }
        catch (RocksDBException e) {
            throw new IOException("meta store read of " + key + " failed: " + e.getMessage(), e);
        }
        finally {
            lifecycle.readLock().unlock();
        }
    }

    /** The value of a binary key (keys of the persistent primary index), or null. */
    public byte[] get(byte[] key) throws IOException
    {
        lifecycle.readLock().lock();
        try {
            checkOpen();
            return db.get(key);
        }
        catch (RocksDBException e) {
            throw new IOException("meta store read failed: " + e.getMessage(), e);
        }
        finally {
            lifecycle.readLock().unlock();
        }
    }

    /** A consumer of one binary key and its value in a streaming scan. */
    @FunctionalInterface
    public interface EntryConsumer
    {
        void accept(byte[] key, byte[] value) throws IOException;
    }

    /**
     * Streams every entry whose key starts with {@code prefix}, in key order, without collecting them (a tablet's
     * persistent primary index can hold millions). Returns the number of entries seen.
     */
    public long scan(byte[] prefix, EntryConsumer consumer) throws IOException
    {
        long n = 0;
        lifecycle.readLock().lock();
        try (RocksIterator it = openIterator()) {
            for (it.seek(prefix); it.isValid(); it.next()) {
                byte[] k = it.key();
                if (k.length < prefix.length || !Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
                    break;
                }
                consumer.accept(k, it.value());
                n++;
            }
        }
        finally {
            lifecycle.readLock().unlock();
        }
        return n;
    }

    private void checkOpen() throws IOException
    {
        if (closed) {
            throw new IOException("the tablet meta store is closed");
        }
    }

    /** One key and value of a prefix scan. */
    public record Entry(String key, byte[] value)
    {
    }

    /** All entries whose key starts with {@code prefix}, in key order. */
    public List<Entry> scan(String prefix) throws IOException
    {
        byte[] p = bytes(prefix);
        List<Entry> out = new ArrayList<>();
        lifecycle.readLock().lock();
        try (RocksIterator it = openIterator()) {
            for (it.seek(p); it.isValid(); it.next()) {
                byte[] k = it.key();
                if (k.length < p.length || !Arrays.equals(k, 0, p.length, p, 0, p.length)) {
                    break;
                }
                out.add(new Entry(new String(k, StandardCharsets.UTF_8), it.value()));
            }
        }
        finally {
            lifecycle.readLock().unlock();
        }
        return out;
    }

    private RocksIterator openIterator() throws IOException
    {
        checkOpen();
        return db.newIterator();
    }

    /** Starts an atomic write. */
    public Batch batch()
    {
        return new Batch();
    }

    /** An atomic, durable group of puts and deletes. Close it (committed or not) to free its native memory. */
    public final class Batch implements AutoCloseable
    {
        private final WriteBatch wb = new WriteBatch();

        public Batch put(String key, byte[] value) throws IOException
        {
            try {
                wb.put(bytes(key), value);
            }
            catch (RocksDBException e) {
                throw new IOException(e.getMessage(), e);
            }
            return this;
        }

        public Batch delete(String key) throws IOException
        {
            try {
                wb.delete(bytes(key));
            }
            catch (RocksDBException e) {
                throw new IOException(e.getMessage(), e);
            }
            return this;
        }

        /** Puts a binary key (keys of the persistent primary index). */
        public Batch put(byte[] key, byte[] value) throws IOException
        {
            try {
                wb.put(key, value);
            }
            catch (RocksDBException e) {
                throw new IOException(e.getMessage(), e);
            }
            return this;
        }

        /** Deletes a binary key. */
        public Batch delete(byte[] key) throws IOException
        {
            try {
                wb.delete(key);
            }
            catch (RocksDBException e) {
                throw new IOException(e.getMessage(), e);
            }
            return this;
        }

        /**
         * Deletes every key starting with the string {@code prefix}, including keys written later in no other batch
         * (one range tombstone, however many keys: a persistent index is dropped this way). The range ends at the
         * prefix with its last byte incremented, so {@code "i/1/"} never covers {@code "i/12/..."}.
         */
        public Batch deleteRange(String prefix) throws IOException
        {
            byte[] from = bytes(prefix);
            byte[] to = from.clone();
            to[to.length - 1]++;
            try {
                wb.deleteRange(from, to);
            }
            catch (RocksDBException e) {
                throw new IOException(e.getMessage(), e);
            }
            return this;
        }

        /** Deletes every key starting with {@code prefix} that exists now. */
        public Batch deletePrefix(String prefix) throws IOException
        {
            for (Entry e : scan(prefix)) {
                delete(e.key());
            }
            return this;
        }

        /** Applies the batch atomically and fsyncs the write-ahead log before returning. */
        public void commit() throws IOException
        {
            lifecycle.readLock().lock();
            try {
                checkOpen();
                db.write(syncWrites, wb);
            }
            catch (RocksDBException e) {
                throw new IOException("meta store write failed: " + e.getMessage(), e);
            }
            finally {
                lifecycle.readLock().unlock();
            }
        }

        @Override
        public void close()
        {
            wb.close();
        }
    }

    private static byte[] bytes(String key)
    {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** Closes the store (idempotent). Every write was synced when it committed, so closing flushes nothing needed. */
    @Override
    public void close()
    {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            syncWrites.close();
            db.close();
            options.close();
        }
        finally {
            lifecycle.writeLock().unlock();
        }
    }
}

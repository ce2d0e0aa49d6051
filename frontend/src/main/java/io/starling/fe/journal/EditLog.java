package io.starling.fe.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The single write path of FE metadata: {@link #log} makes an entry durable in the {@link Journal} and then applies
 * it to every registered {@link JournalComponent}; every {@link #checkpointInterval} entries it writes an image of
 * all components. Callers validate and build the entry under {@link #lock()} so that check, write and apply are
 * one atomic step (the lock is reentrant; readers never take it, they read copy-on-write snapshots).
 *
 * <p>Image format: a JSON object with one field per component section, e.g.
 * {@code {"catalog":{...},"transactions":{...},"users":{...}}}, framed like a journal record.
 */
public final class EditLog implements AutoCloseable
{
    /**
     * Entries between checkpoint images. An entry is a few hundred bytes to a few KiB of JSON, so 10,000 entries
     * replay in well under a second at start-up while images (whole catalog) stay rare; StarRocks'
     * edit_log_roll_num defaults to 50,000.
     */
    public static final int DEFAULT_CHECKPOINT_INTERVAL = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(EditLog.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final Journal journal;
    private final JournalCodec codec = new JournalCodec();
    private final int checkpointInterval;
    private final Map<String, JournalComponent> components = new LinkedHashMap<>();
    private long sinceCheckpoint;
    private boolean replayed;

    private EditLog(Journal journal, int checkpointInterval)
    {
        this.journal = journal;
        this.checkpointInterval = checkpointInterval;
    }

    /** Opens the journal under {@code metaDir}; register components, then call {@link #replay()}. */
    public static EditLog open(Path metaDir, int checkpointInterval) throws IOException
    {
        if (checkpointInterval < 1) {
            throw new IllegalArgumentException("checkpointInterval must be >= 1, got " + checkpointInterval);
        }
        return new EditLog(Journal.open(metaDir), checkpointInterval);
    }

    public void register(JournalComponent component)
    {
        if (replayed) {
            throw new IllegalStateException("register components before replay()");
        }
        components.put(component.imageSection(), component);
    }

    public JournalCodec codec()
    {
        return codec;
    }

    /** Loads the latest image and applies every later entry. Returns the number of entries replayed. */
    public int replay() throws IOException
    {
        lock.lock();
        try {
            Journal.Recovered r = journal.recovered();
            if (r.image() != null) {
                JsonNode root = codec.readTree(r.image());
                for (JournalComponent c : components.values()) {
                    c.loadImage(root.get(c.imageSection()), codec);
                }
            }
            for (byte[] payload : r.entries()) {
                JournalEntry e = codec.decode(payload);
                for (JournalComponent c : components.values()) {
                    c.apply(e, true);
                }
            }
            sinceCheckpoint = r.entries().size();
            replayed = true;
            LOG.info("metadata loaded: image at entry {}, {} entries replayed, last entry {}", r.imageSeq(),
                    r.entries().size(), journal.lastSeq());
            return r.entries().size();
        }
        finally {
            lock.unlock();
        }
    }

    /** The metadata write lock (reentrant). Hold it around validate + {@link #log} to make them atomic. */
    public ReentrantLock lock()
    {
        return lock;
    }

    /**
     * Writes the entry durably, then applies it. An I/O failure leaves the in-memory state unchanged and is
     * rethrown unchecked (the caller reports the statement as failed).
     */
    public void log(JournalEntry entry)
    {
        lock.lock();
        try {
            if (!replayed) {
                throw new IllegalStateException("replay() must run before new entries are logged");
            }
            journal.append(codec.encode(entry));
            for (JournalComponent c : components.values()) {
                c.apply(entry, false);
            }
            if (++sinceCheckpoint >= checkpointInterval) {
                checkpoint();
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot write metadata journal in " + journal.directory() + ": " + e.getMessage(), e);
        }
        finally {
            lock.unlock();
        }
    }

    /** Writes an image of every component now (also called on clean shutdown). */
    public void checkpoint() throws IOException
    {
        lock.lock();
        try {
            ObjectNode root = codec.mapper().createObjectNode();
            for (JournalComponent c : components.values()) {
                root.set(c.imageSection(), codec.mapper().valueToTree(c.image()));
            }
            journal.checkpoint(codec.write(root));
            sinceCheckpoint = 0;
        }
        finally {
            lock.unlock();
        }
    }

    /** Sequence number of the last durable entry. */
    public long lastSeq()
    {
        return journal.lastSeq();
    }

    /** Entries written since the last image (for tests and monitoring). */
    public long entriesSinceCheckpoint()
    {
        return sinceCheckpoint;
    }

    public List<String> sections()
    {
        return new ArrayList<>(components.keySet());
    }

    @Override
    public void close() throws IOException
    {
        lock.lock();
        try {
            journal.close();
        }
        finally {
            lock.unlock();
        }
    }
}

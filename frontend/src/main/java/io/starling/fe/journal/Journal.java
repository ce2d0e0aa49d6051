package io.starling.fe.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The metadata journal on local disk: append-only log files of framed records plus checkpoint images. It knows
 * nothing about what the payloads mean ({@link EditLog} encodes entries as JSON).
 *
 * <h2>Files in the journal directory</h2>
 * <pre>
 *   edits.&lt;first seq, 20 digits&gt;   a log segment: MAGIC, then records; record k has sequence number first + k
 *   image.&lt;seq, 20 digits&gt;         checkpoint: MAGIC, then one record holding the state after entry seq
 *   image.&lt;seq&gt;.tmp                 an image being written; deleted on start (it was never renamed)
 * </pre>
 * Sequence numbers start at 1. Zero-padded names make lexical order equal numeric order.
 *
 * <h2>Record frame</h2>
 * <pre>
 *   offset 0  u32 big-endian  payload length n (1 .. {@link #MAX_RECORD_BYTES})
 *   offset 4  u32 big-endian  CRC32C of the payload
 *   offset 8  n bytes         payload
 * </pre>
 *
 * <h2>Durability</h2>
 * {@link #append} writes the record and calls {@link FileChannel#force} before returning, so a mutation is
 * acknowledged only once its record is on disk. {@link #checkpoint} writes {@code image.N.tmp}, forces it, renames
 * it atomically to {@code image.N}, forces the directory, starts a new log segment at N + 1 and only then deletes
 * older segments and images.
 *
 * <h2>Recovery</h2>
 * On open the newest image is loaded and the records after it are returned for replay. A damaged <em>last</em>
 * record of the last segment (length running past the end of file, CRC mismatch on a record followed only by
 * zero bytes or nothing, or an all-zero tail) is what a crash in the middle of {@link #append} leaves: it was never acknowledged, so it is
 * truncated away. A damaged record with valid data after it, a damaged record in an older segment, a damaged
 * image or a gap in sequence numbers is real corruption: opening fails with {@link JournalCorruptedException}
 * naming the file and offset, and nothing is changed on disk.
 *
 * <p>Not thread-safe by itself: {@link EditLog} serialises every call under its lock.
 */
public final class Journal implements AutoCloseable
{
    /** Largest accepted payload: far above any catalog image we write, small enough to reject garbage lengths. */
    public static final int MAX_RECORD_BYTES = 256 << 20;
    /** "SJL1": Starling journal, format version 1. */
    static final int MAGIC = 0x534A4C31;
    static final int HEADER_BYTES = 8;
    private static final String LOG_PREFIX = "edits.";
    private static final String IMAGE_PREFIX = "image.";
    private static final String TMP_SUFFIX = ".tmp";

    /** What {@link #open} found: the newest image (or null) and the entries after it, in order. */
    public record Recovered(long imageSeq, byte[] image, List<byte[]> entries)
    {
    }

    private final Path dir;
    private FileChannel log;
    private long logFirstSeq;
    private long lastSeq;
    private Recovered recovered;

    private Journal(Path dir)
    {
        this.dir = dir;
    }

    /** Opens (creating if needed) the journal in {@code dir}, recovering from a torn tail as described above. */
    public static Journal open(Path dir) throws IOException
    {
        Files.createDirectories(dir);
        Journal j = new Journal(dir);
        j.recover();
        return j;
    }

    /** The image and entries found at open; call once, before the first append. */
    public Recovered recovered()
    {
        Recovered r = recovered;
        recovered = null;
        return r;
    }

    /** Sequence number of the last durable entry (0 for an empty journal). */
    public long lastSeq()
    {
        return lastSeq;
    }

    public Path directory()
    {
        return dir;
    }

    /** Appends one record and forces it to disk; returns its sequence number. */
    public long append(byte[] payload) throws IOException
    {
        checkLength(payload.length);
        ByteBuffer buf = frame(payload);
        long start = log.position();
        try {
            while (buf.hasRemaining()) {
                log.write(buf);
            }
            log.force(false);
        }
        catch (IOException e) {
            // Leave no half record behind for the next append to follow (best effort; recovery handles the rest).
            try {
                log.truncate(start);
                log.position(start);
            }
            catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return ++lastSeq;
    }

    /**
     * Writes {@code image} as the state after entry {@link #lastSeq()}, then rolls to a new log segment and removes
     * the segments and images it makes obsolete.
     */
    public void checkpoint(byte[] image) throws IOException
    {
        checkLength(image.length);
        long seq = lastSeq;
        Path tmp = dir.resolve(imageName(seq) + TMP_SUFFIX);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocate(4).putInt(0, MAGIC);
            ch.write(buf);
            ByteBuffer rec = frame(image);
            while (rec.hasRemaining()) {
                ch.write(rec);
            }
            ch.force(true);
        }
        Path target = dir.resolve(imageName(seq));
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory();
        // New segment first, deletions after: at every instant the directory holds a loadable image + log chain.
        if (logFirstSeq != seq + 1) {
            log.close();
            openNewSegment(seq + 1);
        }
        for (Path p : list(LOG_PREFIX)) {
            long first = parseSeq(p, LOG_PREFIX);
            if (first <= seq) {
                Files.deleteIfExists(p);
            }
        }
        for (Path p : list(IMAGE_PREFIX)) {
            if (!p.getFileName().toString().endsWith(TMP_SUFFIX) && parseSeq(p, IMAGE_PREFIX) < seq) {
                Files.deleteIfExists(p);
            }
        }
        forceDirectory();
    }

    @Override
    public void close() throws IOException
    {
        if (log != null && log.isOpen()) {
            log.force(true);
            log.close();
        }
    }

    // ---- recovery ----

    private void recover() throws IOException
    {
        for (Path p : list(IMAGE_PREFIX)) {
            if (p.getFileName().toString().endsWith(TMP_SUFFIX)) {
                Files.deleteIfExists(p);
            }
        }
        long imageSeq = 0;
        byte[] image = null;
        TreeMap<Long, Path> images = new TreeMap<>();
        for (Path p : list(IMAGE_PREFIX)) {
            images.put(parseSeq(p, IMAGE_PREFIX), p);
        }
        if (!images.isEmpty()) {
            imageSeq = images.lastKey();
            image = readImage(images.lastEntry().getValue());
        }
        TreeMap<Long, Path> logs = new TreeMap<>();
        for (Path p : list(LOG_PREFIX)) {
            logs.put(parseSeq(p, LOG_PREFIX), p);
        }
        List<byte[]> entries = new ArrayList<>();
        long seq = imageSeq;
        long expectedNext = -1;
        Path last = logs.isEmpty() ? null : logs.lastEntry().getValue();
        long lastGoodOffset = 0;
        for (var e : logs.entrySet()) {
            long first = e.getKey();
            Path file = e.getValue();
            if (expectedNext >= 0 && first != expectedNext) {
                throw new JournalCorruptedException("gap in journal: " + file + " starts at entry " + first
                        + " but the previous segment ends at " + (expectedNext - 1));
            }
            boolean isLast = file.equals(last);
            SegmentScan scan = scanSegment(file, isLast);
            long n = first;
            for (byte[] payload : scan.records) {
                if (n > imageSeq) {
                    if (n != seq + 1) {
                        throw new JournalCorruptedException("gap in journal: entry " + (seq + 1) + " is missing before "
                                + file + " (image covers up to " + imageSeq + ")");
                    }
                    entries.add(payload);
                    seq = n;
                }
                n++;
            }
            expectedNext = n;
            if (isLast) {
                lastGoodOffset = scan.goodEnd;
            }
        }
        lastSeq = seq;
        if (last != null && parseSeq(last, LOG_PREFIX) <= seq + 1) {
            log = FileChannel.open(last, StandardOpenOption.READ, StandardOpenOption.WRITE);
            logFirstSeq = parseSeq(last, LOG_PREFIX);
            if (log.size() > lastGoodOffset) {
                log.truncate(lastGoodOffset);
                log.force(true);
            }
            if (lastGoodOffset < 4) {
                // The crash hit before the magic was complete: rewrite the segment header.
                log.truncate(0);
                log.write(ByteBuffer.allocate(4).putInt(0, MAGIC), 0);
                log.force(true);
                lastGoodOffset = 4;
            }
            log.position(lastGoodOffset);
        }
        else {
            openNewSegment(seq + 1);
        }
        recovered = new Recovered(imageSeq, image, entries);
    }

    private record SegmentScan(List<byte[]> records, long goodEnd)
    {
    }

    private static SegmentScan scanSegment(Path file, boolean isLast) throws IOException
    {
        byte[] all = Files.readAllBytes(file);
        List<byte[]> records = new ArrayList<>();
        if (all.length < 4) {
            if (isLast) {
                return new SegmentScan(records, 0);
            }
            throw new JournalCorruptedException("journal segment " + file + " is truncated (" + all.length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(all);
        if (b.getInt(0) != MAGIC) {
            throw new JournalCorruptedException("journal segment " + file + " has a bad magic number");
        }
        int pos = 4;
        while (pos < all.length) {
            String problem = null;
            int len = 0;
            if (all.length - pos < HEADER_BYTES) {
                problem = "incomplete record header";
            }
            else {
                len = b.getInt(pos);
                if (len <= 0 || len > MAX_RECORD_BYTES) {
                    problem = "invalid record length " + len;
                }
                else if ((long) pos + HEADER_BYTES + len > all.length) {
                    problem = "record of " + len + " bytes runs past the end of the file";
                }
                else if (crc(all, pos + HEADER_BYTES, len) != b.getInt(pos + 4)) {
                    problem = "CRC32C mismatch";
                }
            }
            if (problem != null) {
                boolean tornTail = isLast && (problem.startsWith("incomplete") || problem.contains("past the end")
                        || allZero(all, pos) || (problem.startsWith("CRC") && allZero(all, pos + HEADER_BYTES + len)));
                if (tornTail) {
                    return new SegmentScan(records, pos);
                }
                throw new JournalCorruptedException("journal segment " + file + " is corrupt at offset " + pos + ": "
                        + problem + (isLast ? " (valid data follows, so this is not a torn write)" : "")
                        + "; refusing to start. Restore the meta directory from a backup or remove the damaged "
                        + "entries by hand.");
            }
            byte[] payload = new byte[len];
            System.arraycopy(all, pos + HEADER_BYTES, payload, 0, len);
            records.add(payload);
            pos += HEADER_BYTES + len;
        }
        return new SegmentScan(records, pos);
    }

    private static byte[] readImage(Path file) throws IOException
    {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(all);
        if (all.length < 4 + HEADER_BYTES || b.getInt(0) != MAGIC) {
            throw new JournalCorruptedException("checkpoint image " + file + " is truncated or has a bad magic number");
        }
        int len = b.getInt(4);
        if (len <= 0 || 4L + HEADER_BYTES + len != all.length || crc(all, 4 + HEADER_BYTES, len) != b.getInt(8)) {
            throw new JournalCorruptedException("checkpoint image " + file + " is corrupt (length or CRC32C mismatch)");
        }
        byte[] payload = new byte[len];
        System.arraycopy(all, 4 + HEADER_BYTES, payload, 0, len);
        return payload;
    }

    // ---- helpers ----

    private void openNewSegment(long firstSeq) throws IOException
    {
        Path p = dir.resolve(LOG_PREFIX + pad(firstSeq));
        log = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        log.write(ByteBuffer.allocate(4).putInt(0, MAGIC));
        log.force(true);
        forceDirectory();
        logFirstSeq = firstSeq;
    }

    private void forceDirectory()
    {
        // Makes renames and new files durable; not every platform allows opening a directory, hence best effort.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
        catch (IOException ignored) {
            // Windows and some file systems: metadata is made durable by the rename itself.
        }
    }

    private List<Path> list(String prefix) throws IOException
    {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, prefix + "*")) {
            for (Path p : ds) {
                out.add(p);
            }
        }
        out.sort(null);
        return out;
    }

    private static long parseSeq(Path p, String prefix)
    {
        String name = p.getFileName().toString().substring(prefix.length());
        if (name.endsWith(TMP_SUFFIX)) {
            name = name.substring(0, name.length() - TMP_SUFFIX.length());
        }
        try {
            return Long.parseLong(name);
        }
        catch (NumberFormatException e) {
            throw new JournalCorruptedException("unexpected file in journal directory: " + p);
        }
    }

    private static ByteBuffer frame(byte[] payload)
    {
        ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        buf.putInt(payload.length).putInt(crc(payload, 0, payload.length)).put(payload).flip();
        return buf;
    }

    static int crc(byte[] b, int off, int len)
    {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    private static boolean allZero(byte[] b, int from)
    {
        for (int i = from; i < b.length; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static void checkLength(int len)
    {
        if (len <= 0 || len > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("journal record must be 1.." + MAX_RECORD_BYTES + " bytes, got " + len);
        }
    }

    private static String imageName(long seq)
    {
        return IMAGE_PREFIX + pad(seq);
    }

    private static String pad(long seq)
    {
        return String.format("%020d", seq);
    }
}

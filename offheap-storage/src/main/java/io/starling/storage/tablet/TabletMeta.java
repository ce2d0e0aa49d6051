package io.starling.storage.tablet;

import io.starling.storage.io.ByteSink;
import io.starling.storage.io.ByteSource;
import io.starling.storage.segment.SegmentFormat;
import io.starling.storage.types.DataType;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The durable state of one tablet, and the binary codec of tablet meta files and pending-rowset records.
 * Immutable: a publish builds a new instance and replaces the file atomically.
 *
 * <pre>
 * meta file    := u32 magic "SLTM" | u32 formatVersion | u64 tabletId | u64 visibleVersion
 *                 | u32 columnCount | (type (8 bytes, SegmentFormat.writeType) | string name)*
 *                 | u32 entryCount | (u64 version | u64 txnId | u8 hasRowset | rowset?)* | u32 crc32c
 * pending file := u32 magic "SLTP" | u32 formatVersion | u64 tabletId | rowset | u32 crc32c
 * rowset       := u64 rowsetId | u64 txnId | u64 numRows | u64 totalBytes | u32 segmentCount | string*
 * string       := u32 length | UTF-8 bytes
 * </pre>
 * All integers little-endian; the CRC32C covers every byte before it.
 *
 * @param versions published transactions in version order; an entry without rowset is a transaction that had
 *        no rows for this tablet (it still advanced the version)
 */
record TabletMeta(long tabletId, List<DataType> schema, List<String> columnNames, long visibleVersion, List<VersionEntry> versions)
{
    /** Version of a new, empty tablet; the first load publishes version 2 (StarRocks' partition versions start at 1 too). */
    static final long INITIAL_VERSION = 1;

    static final int META_MAGIC = 'S' | 'L' << 8 | 'T' << 16 | 'M' << 24;
    static final int PENDING_MAGIC = 'S' | 'L' << 8 | 'T' << 16 | 'P' << 24;
    static final int FORMAT_VERSION = 1;

    /** One published transaction. */
    record VersionEntry(long version, long txnId, RowsetMeta rowset)
    {
    }

    TabletMeta
    {
        schema = List.copyOf(schema);
        columnNames = List.copyOf(columnNames);
        versions = List.copyOf(versions);
    }

    VersionEntry entryOf(long txnId)
    {
        for (VersionEntry e : versions) {
            if (e.txnId() == txnId) {
                return e;
            }
        }
        return null;
    }

    TabletMeta withPublished(long version, long txnId, RowsetMeta rowset)
    {
        List<VersionEntry> v = new ArrayList<>(versions);
        v.add(new VersionEntry(version, txnId, rowset));
        return new TabletMeta(tabletId, schema, columnNames, version, v);
    }

    /** Rowsets visible at {@code version}, in version order. */
    List<RowsetMeta> rowsetsAt(long version)
    {
        List<RowsetMeta> out = new ArrayList<>();
        for (VersionEntry e : versions) {
            if (e.version() <= version && e.rowset() != null) {
                out.add(e.rowset());
            }
        }
        return out;
    }

    byte[] serialize()
    {
        ByteSink out = new ByteSink(256);
        out.writeInt(META_MAGIC);
        out.writeInt(FORMAT_VERSION);
        out.writeLong(tabletId);
        out.writeLong(visibleVersion);
        out.writeInt(schema.size());
        for (int i = 0; i < schema.size(); i++) {
            SegmentFormat.writeType(out, schema.get(i));
            writeString(out, columnNames.get(i));
        }
        out.writeInt(versions.size());
        for (VersionEntry e : versions) {
            out.writeLong(e.version());
            out.writeLong(e.txnId());
            out.writeByte(e.rowset() == null ? 0 : 1);
            if (e.rowset() != null) {
                writeRowset(out, e.rowset());
            }
        }
        return withCrc(out);
    }

    /** Parses a meta file; throws {@link IllegalArgumentException} if it is corrupt. */
    static TabletMeta parse(byte[] bytes)
    {
        ByteSource in = checkedSource(bytes, META_MAGIC, "tablet meta");
        try {
            long tabletId = in.readLong();
            long visible = in.readLong();
            int cols = in.readCount(1 << 16);
            List<DataType> schema = new ArrayList<>(cols);
            List<String> names = new ArrayList<>(cols);
            for (int i = 0; i < cols; i++) {
                schema.add(SegmentFormat.readType(in));
                names.add(readString(in));
            }
            int n = in.readCount(bytes.length);
            List<VersionEntry> versions = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long version = in.readLong();
                long txn = in.readLong();
                int has = in.readUnsignedByte();
                versions.add(new VersionEntry(version, txn, has == 0 ? null : readRowset(in)));
            }
            return new TabletMeta(tabletId, schema, names, visible, versions);
        }
        catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated tablet meta: " + e.getMessage(), e);
        }
    }

    static byte[] serializePending(long tabletId, RowsetMeta rowset)
    {
        ByteSink out = new ByteSink(128);
        out.writeInt(PENDING_MAGIC);
        out.writeInt(FORMAT_VERSION);
        out.writeLong(tabletId);
        writeRowset(out, rowset);
        return withCrc(out);
    }

    /** Parses a pending record; returns the rowset and checks the tablet id. */
    static RowsetMeta parsePending(byte[] bytes, long expectTabletId)
    {
        ByteSource in = checkedSource(bytes, PENDING_MAGIC, "pending rowset record");
        try {
            long tabletId = in.readLong();
            if (tabletId != expectTabletId) {
                throw new IllegalArgumentException("pending record of tablet " + tabletId + " in tablet " + expectTabletId);
            }
            return readRowset(in);
        }
        catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated pending record: " + e.getMessage(), e);
        }
    }

    private static byte[] withCrc(ByteSink out)
    {
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.size());
        out.writeInt((int) crc.getValue());
        return out.toByteArray();
    }

    private static ByteSource checkedSource(byte[] bytes, int magic, String what)
    {
        if (bytes.length < 12) {
            throw new IllegalArgumentException(what + " of " + bytes.length + " bytes is truncated");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteSource tail = new ByteSource(MemorySegment.ofArray(bytes));
        tail.position(bytes.length - 4);
        if ((int) crc.getValue() != tail.readInt()) {
            throw new IllegalArgumentException(what + " checksum mismatch");
        }
        ByteSource in = new ByteSource(MemorySegment.ofArray(bytes).asSlice(0, bytes.length - 4));
        if (in.readInt() != magic) {
            throw new IllegalArgumentException(what + " has a bad magic");
        }
        int version = in.readInt();
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException(what + " has unsupported version " + version);
        }
        return in;
    }

    private static void writeRowset(ByteSink out, RowsetMeta r)
    {
        out.writeLong(r.rowsetId());
        out.writeLong(r.txnId());
        out.writeLong(r.numRows());
        out.writeLong(r.totalBytes());
        out.writeInt(r.segmentFiles().size());
        for (String f : r.segmentFiles()) {
            writeString(out, f);
        }
    }

    private static RowsetMeta readRowset(ByteSource in)
    {
        long id = in.readLong();
        long txn = in.readLong();
        long rows = in.readLong();
        long bytes = in.readLong();
        int n = in.readCount(1 << 20);
        List<String> files = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            files.add(readString(in));
        }
        return new RowsetMeta(id, txn, rows, files, bytes);
    }

    private static void writeString(ByteSink out, String s)
    {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.writeBytes(b);
    }

    private static String readString(ByteSource in)
    {
        return new String(in.readBytes(in.readCount(1 << 20)), StandardCharsets.UTF_8);
    }
}

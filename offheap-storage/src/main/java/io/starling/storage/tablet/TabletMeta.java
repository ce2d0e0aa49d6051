package io.starling.storage.tablet;

import io.starling.storage.io.ByteSink;
import io.starling.storage.merge.AggType;
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
 *                 | [v2: u8 keysModel | u32 numKeyColumns]
 *                 | u32 columnCount | (type (8 bytes, SegmentFormat.writeType) | string name)*
 *                 | u32 entryCount | (u64 version | u64 txnId | u8 hasRowset | rowset? | [v2: u32 n | string delvecSegment*]
 *                                  | [v3: u64 visibleFrom | u64 retiredAt])*
 *                 | [v2, optional: u32 magic "SLTX" | u32 n | u8 aggType* | u32 k | u32 sortKeyColumn*]
 *                 | u32 crc32c
 * pending file := u32 magic "SLTP" | u32 formatVersion | u64 tabletId | rowset | u32 crc32c
 * rowset       := u64 rowsetId | u64 txnId | u64 numRows | u64 totalBytes | u32 segmentCount | string*
 *                 | [v2: u32 deleteCount | (string file | u32 beforeSegment | u64 numRows)*]
 * string       := u32 length | UTF-8 bytes
 * </pre>
 * All integers little-endian; the CRC32C covers every byte before it. Format version 1 (the checksummed meta files
 * of data directories written before the RocksDB meta store) is still read: it has no keys model (DUPLICATE), no
 * delete files and no delete vectors. Since version 2 the records are values in the {@link
 * io.starling.storage.meta.MetaStore}. Version 3 adds each entry's visibility interval (compaction retires
 * rowsets and adds outputs); older formats read as {@code visibleFrom = version}, never retired.
 *
 * @param versions published transactions in version order; an entry without rowset is a transaction that had
 *        no rows for this tablet (it still advanced the version)
 */
record TabletMeta(long tabletId, List<DataType> schema, List<String> columnNames, KeysModel keysModel, int numKeyColumns,
        long visibleVersion, List<VersionEntry> versions, List<AggType> aggTypes, List<Integer> sortKey)
{
    /** Version of a new, empty tablet; the first load publishes version 2 (StarRocks' partition versions start at 1 too). */
    static final long INITIAL_VERSION = 1;

    static final int META_MAGIC = 'S' | 'L' << 8 | 'T' << 16 | 'M' << 24;
    static final int PENDING_MAGIC = 'S' | 'L' << 8 | 'T' << 16 | 'P' << 24;
    static final int FORMAT_VERSION = 3;
    /** The first meta-store format: no visibility interval per entry. */
    static final int V2_FORMAT_VERSION = 2;
    static final int LEGACY_FORMAT_VERSION = 1;
    /** {@link VersionEntry#retiredAt()} of a rowset no compaction has replaced. */
    static final long NOT_RETIRED = Long.MAX_VALUE;

    /**
     * One published transaction, or the output of a compaction.
     *
     * @param version the publish version; for a compaction output the highest version of its inputs (its place in
     *        the version order of rowsets, which merge-on-read models need)
     * @param txnId the publishing transaction; negative for a compaction output ({@code -rowsetId})
     * @param delvecSegments segments whose delete vector this version replaced (stored in the meta store under
     *        this version); a reader at version V uses, per segment, the newest such vector at a version ≤ V
     * @param visibleFrom the first reader version that sees the rowset: {@code version} for a publish, the visible
     *        version at commit for a compaction output
     * @param retiredAt the first reader version that no longer sees the rowset (a compaction replaced it at that
     *        visible version), {@link #NOT_RETIRED} while it is live
     */
    record VersionEntry(long version, long txnId, RowsetMeta rowset, List<String> delvecSegments, long visibleFrom, long retiredAt)
    {
        VersionEntry
        {
            delvecSegments = List.copyOf(delvecSegments);
        }

        VersionEntry(long version, long txnId, RowsetMeta rowset, List<String> delvecSegments)
        {
            this(version, txnId, rowset, delvecSegments, version, NOT_RETIRED);
        }

        /** Whether a reader at {@code readVersion} sees this entry's rowset. */
        boolean visibleAt(long readVersion)
        {
            return rowset != null && visibleFrom <= readVersion && readVersion < retiredAt;
        }

        boolean retired()
        {
            return retiredAt != NOT_RETIRED;
        }

        boolean isCompactionOutput()
        {
            return txnId < 0;
        }
    }

    /** Magic of the optional trailing model block (aggregation types, sort key); metas without it read as before. */
    static final int MODEL_BLOCK_MAGIC = 'S' | 'L' << 8 | 'T' << 16 | 'X' << 24;

    TabletMeta
    {
        schema = List.copyOf(schema);
        columnNames = List.copyOf(columnNames);
        versions = List.copyOf(versions);
        aggTypes = List.copyOf(aggTypes);
        sortKey = List.copyOf(sortKey);
        if (!aggTypes.isEmpty() && aggTypes.size() != schema.size()) {
            throw new IllegalArgumentException(schema.size() + " columns but " + aggTypes.size() + " aggregation types");
        }
    }

    /** A meta without aggregation types and explicit sort key (every value column NONE, default sort key). */
    TabletMeta(long tabletId, List<DataType> schema, List<String> columnNames, KeysModel keysModel, int numKeyColumns,
            long visibleVersion, List<VersionEntry> versions)
    {
        this(tabletId, schema, columnNames, keysModel, numKeyColumns, visibleVersion, versions, List.of(), List.of());
    }

    /** Per column its aggregation type (NONE everywhere when none was recorded). */
    List<AggType> aggregationTypes()
    {
        if (!aggTypes.isEmpty()) {
            return aggTypes;
        }
        return java.util.Collections.nCopies(schema.size(), AggType.NONE);
    }

    /**
     * Schema positions of the sort key in sort order: the ORDER BY / DUPLICATE KEY columns recorded at creation,
     * else the key columns (AGGREGATE, UNIQUE, PRIMARY), else none (an old DUPLICATE tablet: arrival order).
     */
    int[] sortKeyColumns()
    {
        if (!sortKey.isEmpty()) {
            return sortKey.stream().mapToInt(Integer::intValue).toArray();
        }
        int[] k = new int[keysModel == KeysModel.DUPLICATE ? 0 : numKeyColumns];
        for (int i = 0; i < k.length; i++) {
            k[i] = i;
        }
        return k;
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

    TabletMeta withPublished(long version, long txnId, RowsetMeta rowset, List<String> delvecSegments)
    {
        List<VersionEntry> v = new ArrayList<>(versions);
        v.add(new VersionEntry(version, txnId, rowset, delvecSegments));
        return new TabletMeta(tabletId, schema, columnNames, keysModel, numKeyColumns, version, v, aggTypes, sortKey);
    }

    /** Rowsets visible at {@code version}, in version order (a compaction output at the place of its inputs). */
    List<RowsetMeta> rowsetsAt(long version)
    {
        List<VersionEntry> visible = new ArrayList<>();
        for (VersionEntry e : versions) {
            if (e.visibleAt(version)) {
                visible.add(e);
            }
        }
        visible.sort(java.util.Comparator.comparingLong(VersionEntry::version));
        List<RowsetMeta> out = new ArrayList<>(visible.size());
        for (VersionEntry e : visible) {
            out.add(e.rowset());
        }
        return out;
    }

    /** Entries of the rowsets no compaction has replaced, in version order. */
    List<VersionEntry> liveEntries()
    {
        List<VersionEntry> live = new ArrayList<>();
        for (VersionEntry e : versions) {
            if (e.rowset() != null && !e.retired()) {
                live.add(e);
            }
        }
        live.sort(java.util.Comparator.comparingLong(VersionEntry::version));
        return live;
    }

    /**
     * This meta after a compaction committed at the visible version: the input rowsets retire (readers at the
     * visible version and later no longer see them) and the output, if any, is visible from the visible version on.
     *
     * @param output the output entry, or null when the inputs held no live row
     */
    TabletMeta withCompaction(java.util.Set<Long> inputRowsetIds, VersionEntry output)
    {
        List<VersionEntry> v = new ArrayList<>(versions.size() + 1);
        for (VersionEntry e : versions) {
            if (e.rowset() != null && !e.retired() && inputRowsetIds.contains(e.rowset().rowsetId())) {
                v.add(new VersionEntry(e.version(), e.txnId(), e.rowset(), e.delvecSegments(), e.visibleFrom(), visibleVersion));
            }
            else {
                v.add(e);
            }
        }
        if (output != null) {
            v.add(output);
        }
        return new TabletMeta(tabletId, schema, columnNames, keysModel, numKeyColumns, visibleVersion, v);
    }

    /** This meta with the given entries only (garbage collection of old versions). */
    TabletMeta withVersions(List<VersionEntry> kept)
    {
        return new TabletMeta(tabletId, schema, columnNames, keysModel, numKeyColumns, visibleVersion, kept);
    }

    byte[] serialize()
    {
        return serialize(FORMAT_VERSION);
    }

    /** Serializes in {@code format}; {@link #LEGACY_FORMAT_VERSION} (for migration tests) drops the v2 fields. */
    byte[] serialize(int format)
    {
        boolean v2 = format >= V2_FORMAT_VERSION;
        boolean v3 = format >= FORMAT_VERSION;
        ByteSink out = new ByteSink(256);
        out.writeInt(META_MAGIC);
        out.writeInt(format);
        out.writeLong(tabletId);
        out.writeLong(visibleVersion);
        if (v2) {
            out.writeByte(keysModel.ordinal());
            out.writeInt(numKeyColumns);
        }
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
                writeRowset(out, e.rowset(), v2);
            }
            if (v2) {
                out.writeInt(e.delvecSegments().size());
                for (String f : e.delvecSegments()) {
                    writeString(out, f);
                }
            }
            if (v3) {
                out.writeLong(e.visibleFrom());
                out.writeLong(e.retiredAt());
            }
        }
        if (v2 && (!aggTypes.isEmpty() || !sortKey.isEmpty())) {
            out.writeInt(MODEL_BLOCK_MAGIC);
            out.writeInt(aggTypes.size());
            for (AggType a : aggTypes) {
                out.writeByte(a.ordinal());
            }
            out.writeInt(sortKey.size());
            for (int k : sortKey) {
                out.writeInt(k);
            }
        }
        return withCrc(out);
    }

    /** Parses a meta file; throws {@link IllegalArgumentException} if it is corrupt. */
    static TabletMeta parse(byte[] bytes)
    {
        ByteSource in = checkedSource(bytes, META_MAGIC, "tablet meta");
        boolean v2 = formatOf(bytes) >= V2_FORMAT_VERSION;
        boolean v3 = formatOf(bytes) >= FORMAT_VERSION;
        try {
            long tabletId = in.readLong();
            long visible = in.readLong();
            KeysModel model = v2 ? KeysModel.ofCode(in.readUnsignedByte()) : KeysModel.DUPLICATE;
            int numKeys = v2 ? in.readInt() : 0;
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
                RowsetMeta rowset = has == 0 ? null : readRowset(in, v2);
                List<String> delvecs = new ArrayList<>();
                if (v2) {
                    int d = in.readCount(1 << 20);
                    for (int j = 0; j < d; j++) {
                        delvecs.add(readString(in));
                    }
                }
                if (v3) {
                    long from = in.readLong();
                    long retired = in.readLong();
                    versions.add(new VersionEntry(version, txn, rowset, delvecs, from, retired));
                }
                else {
                    versions.add(new VersionEntry(version, txn, rowset, delvecs));
                }
            }
            List<AggType> aggs = new ArrayList<>();
            List<Integer> sortKey = new ArrayList<>();
            if (v2 && in.remaining() >= 4 && in.readInt() == MODEL_BLOCK_MAGIC) {
                int a = in.readCount(1 << 16);
                for (int i = 0; i < a; i++) {
                    aggs.add(AggType.ofCode(in.readUnsignedByte()));
                }
                int k = in.readCount(1 << 16);
                for (int i = 0; i < k; i++) {
                    int col = in.readInt();
                    if (col < 0 || col >= cols) {
                        throw new IllegalArgumentException("sort key column " + col + " outside the schema of " + cols + " columns");
                    }
                    sortKey.add(col);
                }
            }
            return new TabletMeta(tabletId, schema, names, model, numKeys, visible, versions, aggs, sortKey);
        }
        catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated tablet meta: " + e.getMessage(), e);
        }
    }

    static byte[] serializePending(long tabletId, RowsetMeta rowset)
    {
        return serializePending(tabletId, rowset, null);
    }

    /**
     * As {@link #serializePending(long, RowsetMeta)}, with an optional trailer {@code u32 length | UpdateMode bytes}
     * after the rowset (records without it are plain loads).
     */
    static byte[] serializePending(long tabletId, RowsetMeta rowset, io.starling.storage.pk.UpdateMode mode)
    {
        ByteSink out = new ByteSink(128);
        out.writeInt(PENDING_MAGIC);
        out.writeInt(FORMAT_VERSION);
        out.writeLong(tabletId);
        writeRowset(out, rowset, true);
        if (mode != null) {
            byte[] m = mode.serialize();
            out.writeInt(m.length);
            out.writeBytes(m);
        }
        return withCrc(out);
    }

    /** The update mode trailer of a pending record, or null (checked record; throws IllegalArgumentException if bad). */
    static io.starling.storage.pk.UpdateMode parsePendingMode(byte[] bytes)
    {
        ByteSource in = checkedSource(bytes, PENDING_MAGIC, "pending rowset record");
        try {
            in.readLong();
            readRowset(in, formatOf(bytes) >= V2_FORMAT_VERSION);
            if (in.remaining() < 4) {
                return null;
            }
            return io.starling.storage.pk.UpdateMode.parse(in.readBytes(in.readCount(1 << 20)));
        }
        catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated pending record: " + e.getMessage(), e);
        }
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
            return readRowset(in, formatOf(bytes) >= V2_FORMAT_VERSION);
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
        if (version < LEGACY_FORMAT_VERSION || version > FORMAT_VERSION) {
            throw new IllegalArgumentException(what + " has unsupported version " + version);
        }
        return in;
    }

    private static void writeRowset(ByteSink out, RowsetMeta r, boolean v2)
    {
        out.writeLong(r.rowsetId());
        out.writeLong(r.txnId());
        out.writeLong(r.numRows());
        out.writeLong(r.totalBytes());
        out.writeInt(r.segmentFiles().size());
        for (String f : r.segmentFiles()) {
            writeString(out, f);
        }
        if (!v2) {
            return;
        }
        out.writeInt(r.deletes().size());
        for (RowsetMeta.DeleteFile d : r.deletes()) {
            writeString(out, d.file());
            out.writeInt(d.beforeSegment());
            out.writeLong(d.numRows());
        }
    }

    /** The format version of a record whose magic and checksum were checked. */
    private static int formatOf(byte[] bytes)
    {
        return (bytes[4] & 0xFF) | (bytes[5] & 0xFF) << 8 | (bytes[6] & 0xFF) << 16 | (bytes[7] & 0xFF) << 24;
    }

    private static RowsetMeta readRowset(ByteSource in, boolean v2)
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
        List<RowsetMeta.DeleteFile> deletes = new ArrayList<>();
        if (v2) {
            int d = in.readCount(1 << 20);
            for (int i = 0; i < d; i++) {
                deletes.add(new RowsetMeta.DeleteFile(readString(in), in.readInt(), in.readLong()));
            }
        }
        return new RowsetMeta(id, txn, rows, files, bytes, deletes);
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

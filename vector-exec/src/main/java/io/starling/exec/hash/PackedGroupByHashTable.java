package io.starling.exec.hash;

import io.starling.exec.kernel.hash.ScalarHashKernels;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;

/**
 * Group-by table for several small keys packed into one {@code long}: the {@code GROUP BY l_returnflag,
 * l_linestatus} shape (TPC-H Q1), where {@link SerializedGroupByHashTable} spent most of the aggregation time
 * serializing and byte-hashing a few bytes per row. Eligible key columns are integers up to 4 bytes wide (all
 * TINYINT/SMALLINT/INT/DATE/BOOLEAN and DECIMAL stored in them) and CHAR/VARCHAR of declared length up to
 * {@link #MAX_STRING_BYTES}; see {@link #supports}.
 *
 * <p>Packed layout, per key column {@code c} from bit {@code shift[c]} upwards:
 * <pre>
 *   1 bit          1 = NULL (all other bits of the column 0)
 *   integer        width*8 bits, the value zero-extended (sign restored on output)
 *   string         lengthBits bits of byte length (lengthBits = bits to hold the declared length), then the
 *                  bytes, byte j at bits 8j
 * </pre>
 * Equal SQL keys pack to equal longs, so the table is {@link LongGroupByHashTable}'s open addressing on the packed
 * key. A declared length is a promise the data may break (a CHAR(n) value of more than n UTF-8 bytes): the first
 * key that does not pack moves every group, in id order so the ids stay the same, into a
 * {@link SerializedGroupByHashTable} that handles the rest of the input.
 */
public final class PackedGroupByHashTable
        implements GroupByHashTable
{
    /** Longest declared CHAR/VARCHAR length packed: 7 bytes + 3 length bits + 1 null bit = 60 bits fit one long. */
    public static final int MAX_STRING_BYTES = 7;
    private static final int INITIAL_CAPACITY = 256;

    private final List<DataType> keyTypes;
    private final MemoryAccount account;
    private final PhysicalType[] physical;
    /** Lowest bit of each column's field. */
    private final int[] shift;
    /** Declared byte length of string columns (0 for integers). */
    private final int[] maxLength;
    /** Bits of the length field of string columns (0 for integers). */
    private final int[] lengthBits;
    private final long[] packed = new long[ColumnBatch.MAX_ROWS];
    private final byte[] stringScratch = new byte[MAX_STRING_BYTES];
    private long[] slotKeys;
    private int[] slotIds;
    private int tableShift;
    private long[] groupKeys = new long[INITIAL_CAPACITY / 2];
    private int groups;
    /** Set once a key did not pack; from then on every call is delegated. */
    private SerializedGroupByHashTable fallback;

    public PackedGroupByHashTable(List<DataType> keyTypes, MemoryAccount account)
    {
        if (!supports(keyTypes)) {
            throw new IllegalArgumentException("keys do not pack into 64 bits: " + keyTypes);
        }
        this.keyTypes = List.copyOf(keyTypes);
        this.account = account;
        int n = keyTypes.size();
        physical = new PhysicalType[n];
        shift = new int[n];
        maxLength = new int[n];
        lengthBits = new int[n];
        int bit = 0;
        for (int c = 0; c < n; c++) {
            DataType t = keyTypes.get(c);
            physical[c] = t.physical();
            shift[c] = bit;
            if (physical[c] == PhysicalType.VARLEN) {
                maxLength[c] = t.length();
                lengthBits[c] = 32 - Integer.numberOfLeadingZeros(t.length());
            }
            bit += bits(t);
        }
        account.grow(INITIAL_CAPACITY * 12L + groupKeys.length * 8L + packed.length * 8L);
        slotKeys = new long[INITIAL_CAPACITY];
        slotIds = new int[INITIAL_CAPACITY];
        Arrays.fill(slotIds, -1);
        tableShift = 64 - Integer.numberOfTrailingZeros(INITIAL_CAPACITY);
    }

    /** True when every key column is packable and all of them fit 64 bits together. */
    public static boolean supports(List<DataType> keyTypes)
    {
        int total = 0;
        for (DataType t : keyTypes) {
            int b = bits(t);
            if (b < 0) {
                return false;
            }
            total += b;
        }
        return total <= 64;
    }

    /** Bits one key column takes, or -1 when the type cannot be packed. */
    private static int bits(DataType t)
    {
        return switch (t.physical()) {
            case BYTE, SHORT, INT -> 1 + 8 * t.physical().width();
            case VARLEN -> t.length() > 0 && t.length() <= MAX_STRING_BYTES
                    ? 1 + (32 - Integer.numberOfLeadingZeros(t.length())) + 8 * t.length() : -1;
            default -> -1;
        };
    }

    @Override
    public void findOrInsert(ColumnVector[] keys, ColumnBatch batch, int[] groupIds)
    {
        if (fallback != null) {
            fallback.findOrInsert(keys, batch, groupIds);
            return;
        }
        int n = batch.size();
        Arrays.fill(packed, 0, n, 0L);
        for (int c = 0; c < physical.length; c++) {
            if (!pack(c, keys[c], batch, n)) {
                migrate();
                fallback.findOrInsert(keys, batch, groupIds);
                return;
            }
        }
        for (int i = 0; i < n; i++) {
            long key = packed[i];
            groupIds[i] = findOrInsert(key, ScalarHashKernels.fmix64(key));
        }
    }

    /** ORs column {@code c} of the logical rows into {@link #packed}; false when a string is too long. */
    private boolean pack(int c, ColumnVector v, ColumnBatch batch, int n)
    {
        int s = shift[c];
        boolean nulls = v.hasNulls();
        MemorySegment data = v.data();
        switch (physical[c]) {
            case BYTE -> {
                for (int i = 0; i < n; i++) {
                    int p = batch.position(i);
                    packed[i] |= nulls && v.isNull(p) ? 1L << s : ((data.get(ValueLayout.JAVA_BYTE, p) & 0xFFL) << 1) << s;
                }
            }
            case SHORT -> {
                for (int i = 0; i < n; i++) {
                    int p = batch.position(i);
                    packed[i] |= nulls && v.isNull(p) ? 1L << s
                            : ((data.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, p) & 0xFFFFL) << 1) << s;
                }
            }
            case INT -> {
                for (int i = 0; i < n; i++) {
                    int p = batch.position(i);
                    packed[i] |= nulls && v.isNull(p) ? 1L << s
                            : ((data.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, p) & 0xFFFFFFFFL) << 1) << s;
                }
            }
            case VARLEN -> {
                int max = maxLength[c];
                int bytesShift = 1 + lengthBits[c];
                MemorySegment bytes = v.bytes();
                for (int i = 0; i < n; i++) {
                    int p = batch.position(i);
                    if (nulls && v.isNull(p)) {
                        packed[i] |= 1L << s;
                        continue;
                    }
                    int start = data.getAtIndex(ValueLayout.JAVA_INT, p);
                    int len = data.getAtIndex(ValueLayout.JAVA_INT, p + 1) - start;
                    if (len > max) {
                        return false;
                    }
                    long value = 0;
                    for (int j = 0; j < len; j++) {
                        value |= (bytes.get(ValueLayout.JAVA_BYTE, start + j) & 0xFFL) << (8 * j);
                    }
                    packed[i] |= (((long) len << 1) | (value << bytesShift)) << s;
                }
            }
            default -> throw new IllegalStateException("unpackable key " + physical[c]);
        }
        return true;
    }

    private int findOrInsert(long key, long hash)
    {
        int mask = slotIds.length - 1;
        int slot = (int) (hash >>> tableShift);
        while (true) {
            int id = slotIds[slot];
            if (id < 0) {
                break;
            }
            if (slotKeys[slot] == key) {
                return id;
            }
            slot = (slot + 1) & mask;
        }
        if (groups == groupKeys.length) {
            account.grow(groupKeys.length * 8L);
            groupKeys = Arrays.copyOf(groupKeys, groupKeys.length * 2);
        }
        int id = groups++;
        groupKeys[id] = key;
        slotIds[slot] = id;
        slotKeys[slot] = key;
        if ((long) groups * 2 > slotIds.length) {
            rehash();
        }
        return id;
    }

    private void rehash()
    {
        int capacity = slotIds.length * 2;
        account.grow(slotIds.length * 12L);
        long[] newKeys = new long[capacity];
        int[] newIds = new int[capacity];
        Arrays.fill(newIds, -1);
        int newShift = tableShift - 1;
        int mask = capacity - 1;
        for (int s = 0; s < slotIds.length; s++) {
            int id = slotIds[s];
            if (id >= 0) {
                long key = slotKeys[s];
                int slot = (int) (ScalarHashKernels.fmix64(key) >>> newShift);
                while (newIds[slot] >= 0) {
                    slot = (slot + 1) & mask;
                }
                newIds[slot] = id;
                newKeys[slot] = key;
            }
        }
        slotKeys = newKeys;
        slotIds = newIds;
        tableShift = newShift;
    }

    /** Moves every group, in id order, into a serialized table (re-encoding each packed key as KeyEncoder bytes). */
    private void migrate()
    {
        SerializedGroupByHashTable t = new SerializedGroupByHashTable(keyTypes, account);
        byte[] buf = new byte[16 * physical.length + 8 * physical.length];
        for (int g = 0; g < groups; g++) {
            int len = encode(groupKeys[g], buf);
            int id = t.insertEncoded(buf, len);
            if (id != g) {
                throw new IllegalStateException("group " + g + " became " + id + " while migrating");
            }
        }
        fallback = t;
        account.shrink(slotIds.length * 12L + groupKeys.length * 8L);
        slotKeys = new long[0];
        slotIds = new int[0];
        groupKeys = new long[0];
    }

    /** One packed key in {@link KeyEncoder}'s byte format; returns the length. */
    private int encode(long key, byte[] out)
    {
        int pos = 0;
        for (int c = 0; c < physical.length; c++) {
            long bits = key >>> shift[c];
            if ((bits & 1) != 0) {
                out[pos++] = 0;
                continue;
            }
            out[pos++] = 1;
            if (physical[c] == PhysicalType.VARLEN) {
                int len = (int) ((bits >>> 1) & ((1L << lengthBits[c]) - 1));
                long value = bits >>> (1 + lengthBits[c]);
                for (int b = 0; b < 4; b++) {
                    out[pos++] = (byte) (len >>> (8 * b));
                }
                for (int j = 0; j < len; j++) {
                    out[pos++] = (byte) (value >>> (8 * j));
                }
            }
            else {
                long v = bits >>> 1;
                for (int b = 0; b < physical[c].width(); b++) {
                    out[pos++] = (byte) (v >>> (8 * b));
                }
            }
        }
        return pos;
    }

    @Override
    public int groupCount()
    {
        return fallback != null ? fallback.groupCount() : groups;
    }

    @Override
    public void writeKeys(int firstGroup, int count, ColumnVector[] out)
    {
        if (fallback != null) {
            fallback.writeKeys(firstGroup, count, out);
            return;
        }
        for (int c = 0; c < physical.length; c++) {
            ColumnVector v = out[c];
            int s = shift[c];
            for (int r = 0; r < count; r++) {
                long bits = groupKeys[firstGroup + r] >>> s;
                if ((bits & 1) != 0) {
                    v.setNull(r, true);
                    continue;
                }
                if (v.hasNulls()) {
                    v.setNull(r, false);
                }
                switch (physical[c]) {
                    case BYTE -> v.setLongValue(r, (byte) (bits >>> 1));
                    case SHORT -> v.setLongValue(r, (short) (bits >>> 1));
                    case INT -> v.setLongValue(r, (int) (bits >>> 1));
                    case VARLEN -> {
                        int len = (int) ((bits >>> 1) & ((1L << lengthBits[c]) - 1));
                        long value = bits >>> (1 + lengthBits[c]);
                        for (int j = 0; j < len; j++) {
                            stringScratch[j] = (byte) (value >>> (8 * j));
                        }
                        v.setBytes(r, stringScratch, 0, len);
                    }
                    default -> throw new IllegalStateException("unpackable key " + physical[c]);
                }
            }
        }
    }

    @Override
    public void close()
    {
        if (fallback != null) {
            fallback.close();
        }
        slotKeys = new long[0];
        slotIds = new int[0];
        groupKeys = new long[0];
    }
}

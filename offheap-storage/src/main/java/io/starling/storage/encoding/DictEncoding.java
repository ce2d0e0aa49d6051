package io.starling.storage.encoding;

import io.starling.storage.batch.ColumnVector;
import io.starling.storage.io.ByteSink;
import io.starling.storage.types.PhysicalType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.starling.storage.io.ByteSource.INT_LE;

/**
 * DICT for VARLEN columns: a per-page dictionary of the distinct values plus one bit-packed code per row.
 *
 * <pre>
 * u32 dictSize                      number of distinct values
 * u32 dictBytes                     total bytes of the distinct values
 * u32 dictOffset[dictSize + 1]      entry j = bytes[dictOffset[j], dictOffset[j+1])
 * u8  bytes[dictBytes]
 * u8  width                         bits per code = bitsRequired(dictSize - 1)
 * packed codes                      {@link BitPacking} stream of numValues codes; null rows store 0
 * </pre>
 * The encoder declines (the caller then writes PLAIN) when the dictionary would exceed
 * {@link #MAX_DICT_BYTES} or hold more than half as many entries as the page has rows: beyond that point the
 * codes no longer pay for the dictionary (StarRocks' binary_dict_page falls back to plain the same way).
 */
public final class DictEncoding implements PageEncoding
{
    public static final DictEncoding INSTANCE = new DictEncoding();
    /** Largest dictionary kept: one 64 KiB page worth of distinct bytes, the target page size. */
    public static final int MAX_DICT_BYTES = 64 * 1024;

    private static final long HASH_MULTIPLIER = 0x9E3779B97F4A7C15L;
    /** Dictionaries whose entries are all at most this long decode with two word stores per row. */
    private static final int SHORT_STRING = 16;
    /** Largest dictionary turned into words per decode call (16 KiB of longs, reused per thread). */
    private static final int MAX_WORD_DICT = 1024;
    private static final ThreadLocal<long[]> WORDS = ThreadLocal.withInitial(() -> new long[2 * MAX_WORD_DICT]);
    private static final ThreadLocal<int[]> CODES = ThreadLocal.withInitial(() -> new int[BitPacking.UNPACK_CHUNK]);
    private static final ThreadLocal<int[]> DICT_OFFSETS = ThreadLocal.withInitial(() -> new int[1024]);

    private DictEncoding()
    {
    }

    @Override
    public EncodingType type()
    {
        return EncodingType.DICT;
    }

    @Override
    public boolean supports(PhysicalType type)
    {
        return type == PhysicalType.VARLEN;
    }

    @Override
    public boolean encode(ColumnVector src, int from, int count, ByteSink out)
    {
        if (!supports(src.physical())) {
            return false;
        }
        int maxDistinct = count / 2;
        int tableSize = Integer.highestOneBit(Math.max(16, maxDistinct * 2)) * 2;
        int tableMask = tableSize - 1;
        int[] table = new int[tableSize];
        int[] dictOffsets = new int[maxDistinct + 1];
        long[] codes = IntegerStats.scratch(count);
        ByteSink dict = new ByteSink(Math.min(MAX_DICT_BYTES, 4096));
        MemorySegment dictSeg = MemorySegment.ofArray(dict.array());
        int dictSize = 0;
        MemorySegment bytes = src.bytes();
        boolean nulls = src.hasNulls();
        for (int i = 0; i < count; i++) {
            int row = from + i;
            if (nulls && src.isNull(row)) {
                codes[i] = 0;
                continue;
            }
            int off = src.getOffset(row);
            int len = src.getLength(row);
            int slot = (int) hash(bytes, off, len) & tableMask;
            int code = -1;
            while (table[slot] != 0) {
                int candidate = table[slot] - 1;
                int cOff = dictOffsets[candidate];
                int cLen = dictOffsets[candidate + 1] - cOff;
                if (cLen == len && MemorySegment.mismatch(bytes, off, off + len, dictSeg, cOff, cOff + len) == -1) {
                    code = candidate;
                    break;
                }
                slot = (slot + 1) & tableMask;
            }
            if (code < 0) {
                if (dictSize + 1 > maxDistinct || dict.size() + len > MAX_DICT_BYTES) {
                    return false;
                }
                dict.writeBytes(bytes, off, len);
                if (dict.array() != dictSeg.heapBase().orElse(null)) {
                    dictSeg = MemorySegment.ofArray(dict.array());
                }
                code = dictSize++;
                dictOffsets[dictSize] = dict.size();
                table[slot] = code + 1;
            }
            codes[i] = code;
        }
        out.writeInt(dictSize);
        out.writeInt(dict.size());
        for (int j = 0; j <= dictSize; j++) {
            out.writeInt(dictOffsets[j]);
        }
        out.writeBytes(dict.array(), 0, dict.size());
        int width = dictSize <= 1 ? 0 : BitPacking.bitsRequired(dictSize - 1);
        out.writeByte(width);
        BitPacking.pack(codes, count, width, out);
        return true;
    }

    private static long hash(MemorySegment seg, long off, int len)
    {
        long h = len * HASH_MULTIPLIER;
        long end = off + len;
        long p = off;
        for (; p + 8 <= end; p += 8) {
            h = (h ^ seg.get(ValueLayout.JAVA_LONG_UNALIGNED, p)) * HASH_MULTIPLIER;
            h ^= h >>> 29;
        }
        for (; p < end; p++) {
            h = (h ^ seg.get(ValueLayout.JAVA_BYTE, p)) * HASH_MULTIPLIER;
        }
        return h ^ (h >>> 32);
    }

    @Override
    public void decode(MemorySegment body, int numValues, int first, int count, ColumnVector dst, int dstOffset)
    {
        PlainEncoding.checkRange(numValues, first, count, dst, dstOffset);
        if (dst.physical() != PhysicalType.VARLEN) {
            throw new IllegalArgumentException("DICT cannot decode into " + dst.type());
        }
        int dictSize = body.get(INT_LE, 0);
        int dictBytes = body.get(INT_LE, 4);
        if (dictSize < 0 || dictBytes < 0 || 8L + 4L * (dictSize + 1) + dictBytes + 1 > body.byteSize()) {
            throw new IndexOutOfBoundsException("DICT header (" + dictSize + " entries, " + dictBytes + " bytes) exceeds body of " + body.byteSize() + " bytes");
        }
        long offsetsBase = 8;
        long bytesBase = offsetsBase + 4L * (dictSize + 1);
        long widthPos = bytesBase + dictBytes;
        int width = Byte.toUnsignedInt(body.get(ValueLayout.JAVA_BYTE, widthPos));
        long codesBase = widthPos + 1;
        if (width > BitPacking.MAX_WIDTH || codesBase + BitPacking.packedBytes(numValues, width) > body.byteSize()) {
            throw new IndexOutOfBoundsException("DICT codes (width " + width + ") exceed body of " + body.byteSize() + " bytes");
        }
        // Offsets read and checked once per call, codes unpacked in bulk, the output's total length reserved once:
        // the per-row BitPacking.get + setBytes (capacity check, bulk-copy call per string) was the top of the
        // string-decoding profile (TPC-H Q1's flags, Q14's p_type).
        int[] offsets = DICT_OFFSETS.get();
        if (offsets.length < dictSize + 1) {
            offsets = new int[Math.max(dictSize + 1, offsets.length * 2)];
            DICT_OFFSETS.set(offsets);
        }
        int prev = 0;
        for (int j = 0; j <= dictSize; j++) {
            int off = body.get(INT_LE, offsetsBase + 4L * j);
            if (off < prev || off > dictBytes) {
                throw new IndexOutOfBoundsException("DICT entry offset " + j + " = " + off + " outside [" + prev + ", " + dictBytes + "]");
            }
            offsets[j] = off;
            prev = off;
        }
        int[] codes = CODES.get();
        // Entries of at most 16 bytes as two little-endian words, so a row costs two unaligned stores instead of a
        // bulk-copy call (its checks dominated a byte-per-row CHAR(10) column); only when the rows amortize the setup.
        long[] words = null;
        if (dictSize <= count && dictSize <= MAX_WORD_DICT) {
            words = WORDS.get();
            for (int j = 0; j < dictSize; j++) {
                int len = offsets[j + 1] - offsets[j];
                if (len > SHORT_STRING) {
                    words = null;
                    break;
                }
                long lo = 0;
                long hi = 0;
                for (int k = 0; k < len; k++) {
                    long b = Byte.toUnsignedLong(body.get(ValueLayout.JAVA_BYTE, bytesBase + offsets[j] + k));
                    if (k < 8) {
                        lo |= b << (8 * k);
                    }
                    else {
                        hi |= b << (8 * (k - 8));
                    }
                }
                words[2 * j] = lo;
                words[2 * j + 1] = hi;
            }
        }
        boolean nulls = dst.hasNulls();
        MemorySegment dstOffsets = dst.data();
        int pos = dstOffsets.get(ValueLayout.JAVA_INT_UNALIGNED, 4L * dstOffset);
        for (int done = 0; done < count; ) {
            int n = Math.min(count - done, BitPacking.UNPACK_CHUNK);
            BitPacking.unpackInts(body, codesBase, width, first + done, n, 0, codes);
            long total = 0;
            for (int i = 0; i < n; i++) {
                int code = codes[i];
                if (nulls && dst.isNull(dstOffset + done + i)) {
                    codes[i] = -1;
                    continue;
                }
                if (code >= dictSize) {
                    throw new IndexOutOfBoundsException("DICT code " + code + " >= dictionary size " + dictSize);
                }
                total += offsets[code + 1] - offsets[code];
            }
            // the 16-byte stores may run up to 16 bytes past the last string: within the vector's 64 slack bytes
            dst.ensureBytesCapacity(pos + total);
            MemorySegment out = dst.bytes();
            for (int i = 0; i < n; i++) {
                int code = codes[i];
                if (code >= 0) {
                    int from = offsets[code];
                    int len = offsets[code + 1] - from;
                    if (words != null) {
                        out.set(ValueLayout.JAVA_LONG_UNALIGNED, pos, words[2 * code]);
                        out.set(ValueLayout.JAVA_LONG_UNALIGNED, pos + 8, words[2 * code + 1]);
                    }
                    else {
                        MemorySegment.copy(body, bytesBase + from, out, pos, len);
                    }
                    pos += len;
                }
                dstOffsets.set(ValueLayout.JAVA_INT_UNALIGNED, 4L * (dstOffset + done + i + 1), pos);
            }
            done += n;
        }
    }
}

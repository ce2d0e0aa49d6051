package io.starling.storage.sketch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A mergeable HyperLogLog sketch of 64-bit hashes with {@value #P}-bit register index (as StarRocks' HLL columns):
 * {@value #M} one-byte registers, standard error 1.04 / sqrt(M) = 0.81%. Small sets stay exact: up to
 * {@value #EXPLICIT_LIMIT} distinct hashes are kept in an open-addressing set (8 KiB at most, half the dense
 * size), and only past that the sketch turns into registers. The dense estimate is Ertl's improved raw estimator
 * ("New cardinality estimation algorithms for HyperLogLog sketches", 2017), which is unbiased over the whole
 * range without HLL++'s empirical bias tables or a switch to linear counting.
 *
 * <p>This is both the value of an HLL column (see {@link #toBytes()} for the stored form) and the state of
 * APPROX_COUNT_DISTINCT / NDV, so {@code hll_union_agg(hll_hash(x))} and {@code ndv(x)} estimate alike.
 *
 * <p>Serialized form (little-endian), the smallest of:
 * <pre>
 *   [0]                                              empty
 *   [1][u16 n][n x i64 hash]                          explicit, n &le; EXPLICIT_LIMIT
 *   [2][u16 n][n x (u16 register index, u8 rank)]      sparse registers, n nonzero registers, indexes ascending
 *   [3][M x u8 rank]                                   dense registers
 * </pre>
 */
public final class HllSketch
{
    /** Register index bits. */
    public static final int P = 14;
    /** Registers. */
    public static final int M = 1 << P;
    /** Bits left for the rank: a register holds 0..Q+1. */
    private static final int Q = 64 - P;
    /** Exact hashes kept before switching to registers; 1024 * 8 bytes = half of the M dense bytes. */
    public static final int EXPLICIT_LIMIT = 1024;
    /** Marks an empty slot of the explicit set; a real hash of 0 is stored as 1 (a negligible merge of two values). */
    private static final long EMPTY = 0;

    private static final byte FORMAT_EMPTY = 0;
    private static final byte FORMAT_EXPLICIT = 1;
    private static final byte FORMAT_SPARSE = 2;
    private static final byte FORMAT_DENSE = 3;
    /** Bytes of one sparse entry: u16 register index + u8 rank. */
    private static final int SPARSE_ENTRY = 3;

    private long[] explicit = new long[16];
    private int explicitCount;
    private byte[] registers;

    /** Approximate heap bytes, for memory accounting. */
    public long bytes()
    {
        return registers != null ? M : (long) explicit.length * Long.BYTES;
    }

    public boolean isEmpty()
    {
        return registers == null && explicitCount == 0;
    }

    /** Adds one 64-bit hash (callers hash values with a well-mixing 64-bit function). */
    public void add(long hash)
    {
        if (registers != null) {
            addToRegisters(hash);
            return;
        }
        long h = hash == EMPTY ? 1 : hash;
        int mask = explicit.length - 1;
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (explicit[i] != EMPTY) {
            if (explicit[i] == h) {
                return;
            }
            i = (i + 1) & mask;
        }
        explicit[i] = h;
        explicitCount++;
        if (explicitCount > EXPLICIT_LIMIT) {
            toDense();
        }
        else if (explicitCount * 2 > explicit.length) {
            long[] old = explicit;
            explicit = new long[old.length * 2];
            explicitCount = 0;
            for (long v : old) {
                if (v != EMPTY) {
                    add(v);
                }
            }
        }
    }

    private void toDense()
    {
        registers = new byte[M];
        for (long v : explicit) {
            if (v != EMPTY) {
                addToRegisters(v);
            }
        }
        explicit = null;
        explicitCount = 0;
    }

    private void addToRegisters(long hash)
    {
        int index = (int) (hash >>> Q);
        // rank of the first 1 bit in the low Q bits, 1-based; Q+1 when they are all zero
        long rest = hash & ((1L << Q) - 1);
        int rank = rest == 0 ? Q + 1 : Long.numberOfLeadingZeros(rest) - P + 1;
        if (rank > registers[index]) {
            registers[index] = (byte) rank;
        }
    }

    /** Adds everything {@code other} holds (the HLL union); {@code other} is not changed. */
    public void merge(HllSketch other)
    {
        if (other.registers == null) {
            for (long v : other.explicit) {
                if (v != EMPTY) {
                    add(v);
                }
            }
            return;
        }
        if (registers == null) {
            toDense();
        }
        byte[] r = registers;
        byte[] o = other.registers;
        for (int i = 0; i < M; i++) {
            if (o[i] > r[i]) {
                r[i] = o[i];
            }
        }
    }

    /** Merges a serialized sketch without building it as an object first when it is dense or sparse. */
    public void merge(byte[] serialized)
    {
        ByteBuffer b = ByteBuffer.wrap(serialized).order(ByteOrder.LITTLE_ENDIAN);
        byte format = checkedFormat(b);
        switch (format) {
            case FORMAT_EMPTY -> {
            }
            case FORMAT_EXPLICIT -> {
                int n = count(b, Long.BYTES, EXPLICIT_LIMIT);
                for (int i = 0; i < n; i++) {
                    add(b.getLong());
                }
            }
            case FORMAT_SPARSE -> {
                int n = count(b, SPARSE_ENTRY, M);
                if (registers == null) {
                    toDense();
                }
                for (int i = 0; i < n; i++) {
                    int index = b.getShort() & 0xFFFF;
                    byte rank = b.get();
                    checkRegister(index, rank);
                    if (rank > registers[index]) {
                        registers[index] = rank;
                    }
                }
            }
            default -> {
                if (b.remaining() != M) {
                    throw corrupt("dense HLL of " + serialized.length + " bytes");
                }
                if (registers == null) {
                    toDense();
                }
                for (int i = 0; i < M; i++) {
                    byte rank = b.get();
                    checkRegister(i, rank);
                    if (rank > registers[i]) {
                        registers[i] = rank;
                    }
                }
            }
        }
    }

    /** The estimated number of distinct hashes added (exact up to {@link #EXPLICIT_LIMIT}). */
    public long estimate()
    {
        if (registers == null) {
            return explicitCount;
        }
        int[] histogram = new int[Q + 2];
        for (byte r : registers) {
            histogram[r]++;
        }
        double z = M * tau(1.0 - (double) histogram[Q + 1] / M);
        for (int k = Q; k >= 1; k--) {
            z = 0.5 * (z + histogram[k]);
        }
        z += M * sigma((double) histogram[0] / M);
        double alphaInfinity = 0.5 / Math.log(2);
        return Math.round(alphaInfinity * M * M / z);
    }

    private static double sigma(double x)
    {
        if (x == 1.0) {
            return Double.POSITIVE_INFINITY;
        }
        double y = 1;
        double z = x;
        double previous;
        do {
            x *= x;
            previous = z;
            z += x * y;
            y += y;
        }
        while (z != previous);
        return z;
    }

    private static double tau(double x)
    {
        if (x == 0.0 || x == 1.0) {
            return 0.0;
        }
        double y = 1.0;
        double z = 1 - x;
        double previous;
        do {
            x = Math.sqrt(x);
            previous = z;
            y *= 0.5;
            z -= (1 - x) * (1 - x) * y;
        }
        while (z != previous);
        return z / 3;
    }

    /** The stored form (see the class comment): explicit while exact, then sparse or dense, whichever is smaller. */
    public byte[] toBytes()
    {
        if (registers == null) {
            if (explicitCount == 0) {
                return new byte[] {FORMAT_EMPTY};
            }
            ByteBuffer b = ByteBuffer.allocate(3 + explicitCount * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            b.put(FORMAT_EXPLICIT).putShort((short) explicitCount);
            long[] sorted = new long[explicitCount];
            int n = 0;
            for (long v : explicit) {
                if (v != EMPTY) {
                    sorted[n++] = v;
                }
            }
            // sorted so that equal sets serialize to equal bytes whatever their insertion order
            Arrays.sort(sorted);
            for (long v : sorted) {
                b.putLong(v);
            }
            return b.array();
        }
        int nonZero = 0;
        for (byte r : registers) {
            if (r != 0) {
                nonZero++;
            }
        }
        if (3 + nonZero * SPARSE_ENTRY < 1 + M) {
            ByteBuffer b = ByteBuffer.allocate(3 + nonZero * SPARSE_ENTRY).order(ByteOrder.LITTLE_ENDIAN);
            b.put(FORMAT_SPARSE).putShort((short) nonZero);
            for (int i = 0; i < M; i++) {
                if (registers[i] != 0) {
                    b.putShort((short) i).put(registers[i]);
                }
            }
            return b.array();
        }
        byte[] out = new byte[1 + M];
        out[0] = FORMAT_DENSE;
        System.arraycopy(registers, 0, out, 1, M);
        return out;
    }

    /** Parses a stored sketch; throws IllegalArgumentException for bytes that are not one. */
    public static HllSketch fromBytes(byte[] serialized)
    {
        HllSketch h = new HllSketch();
        h.merge(serialized);
        return h;
    }

    /** The stored form of the empty sketch ({@code hll_empty()}). */
    public static byte[] emptyBytes()
    {
        return new byte[] {FORMAT_EMPTY};
    }

    /** The stored form of a sketch of one hash ({@code hll_hash(x)}), without building a sketch. */
    public static byte[] singleBytes(long hash)
    {
        long h = hash == EMPTY ? 1 : hash;
        return ByteBuffer.allocate(3 + Long.BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .put(FORMAT_EXPLICIT).putShort((short) 1).putLong(h).array();
    }

    /** The estimate of a stored sketch ({@code hll_cardinality}). */
    public static long cardinality(byte[] serialized)
    {
        return fromBytes(serialized).estimate();
    }

    private static byte checkedFormat(ByteBuffer b)
    {
        if (!b.hasRemaining()) {
            throw corrupt("empty HLL value");
        }
        byte format = b.get();
        if (format < FORMAT_EMPTY || format > FORMAT_DENSE) {
            throw corrupt("unknown HLL format " + format);
        }
        if (format == FORMAT_EMPTY && b.hasRemaining()) {
            throw corrupt("trailing bytes after an empty HLL");
        }
        return format;
    }

    private static int count(ByteBuffer b, int entryBytes, int max)
    {
        if (b.remaining() < 2) {
            throw corrupt("truncated HLL");
        }
        int n = b.getShort() & 0xFFFF;
        if (n > max || b.remaining() != n * entryBytes) {
            throw corrupt("HLL of " + n + " entries in " + b.remaining() + " bytes");
        }
        return n;
    }

    private static void checkRegister(int index, byte rank)
    {
        if (index >= M || rank < 0 || rank > Q + 1) {
            throw corrupt("HLL register " + index + " = " + rank);
        }
    }

    private static IllegalArgumentException corrupt(String what)
    {
        return new IllegalArgumentException("invalid HLL value: " + what);
    }

    @Override
    public String toString()
    {
        return registers == null ? "HLL(explicit " + explicitCount + ")" : "HLL(dense " + Arrays.hashCode(registers) + ")";
    }
}

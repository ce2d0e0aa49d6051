package io.starling.storage.stats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A mergeable HyperLogLog of 64-bit value hashes ({@code io.starling.storage.index.IndexValues}) for the column
 * statistics loads collect: the BE's table sink folds every written value into one sketch per column, the FE unions
 * the sketches of successive loads and journals them. Same layout and estimator as the engine's
 * {@code approx_count_distinct} state (vector-exec's {@code HyperLogLog}, which the FE cannot reach): {@value #P}-bit
 * register index, {@value #M} one-byte registers (standard error 1.04 / sqrt(M) = 0.81%), exact up to
 * {@value #EXPLICIT_LIMIT} distinct hashes, Ertl's improved raw estimator ("New cardinality estimation algorithms
 * for HyperLogLog sketches", 2017) above.
 *
 * <p>{@link #add} allocates only when the explicit set grows or turns dense, so a load's per-row cost is a hash and
 * a probe or a register max.
 */
public final class NdvSketch
{
    /** Register index bits (StarRocks' HLL columns use the same). */
    public static final int P = 14;
    /** Registers. */
    public static final int M = 1 << P;
    /** Bits left for the rank: a register holds 0..Q+1. */
    private static final int Q = 64 - P;
    /** Exact hashes kept before switching to registers; 1024 * 8 bytes = half of the M dense bytes. */
    public static final int EXPLICIT_LIMIT = 1024;
    /** Marks an empty slot of the explicit set; a real hash of 0 is stored as 1 (a negligible merge of two values). */
    private static final long EMPTY = 0;
    private static final byte FORMAT_EXPLICIT = 0;
    private static final byte FORMAT_DENSE = 1;

    private long[] explicit = new long[16];
    private int explicitCount;
    private byte[] registers;

    /** Adds one value hash. */
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

    /** Whether the sketch turned into registers (else it is still an exact set). */
    public boolean isDense()
    {
        return registers != null;
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

    /** Unions {@code other} into this sketch. */
    public void merge(NdvSketch other)
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
        for (int i = 0; i < M; i++) {
            registers[i] = (byte) Math.max(registers[i], other.registers[i]);
        }
    }

    /** Estimated distinct hashes: exact while the sketch is explicit. */
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

    /**
     * The wire and journal form: a format byte, then the explicit hashes (count, little-endian longs) or the M
     * registers, deflated (registers hold small numbers, so the dense form shrinks to a few KiB).
     */
    public byte[] toBytes()
    {
        ByteBuffer raw;
        if (registers != null) {
            raw = ByteBuffer.allocate(1 + M).order(ByteOrder.LITTLE_ENDIAN);
            raw.put(FORMAT_DENSE).put(registers);
        }
        else {
            raw = ByteBuffer.allocate(1 + Integer.BYTES + explicitCount * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            raw.put(FORMAT_EXPLICIT).putInt(explicitCount);
            for (long v : explicit) {
                if (v != EMPTY) {
                    raw.putLong(v);
                }
            }
        }
        Deflater d = new Deflater(Deflater.BEST_SPEED);
        try {
            d.setInput(raw.array());
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.capacity() / 4 + 16);
            byte[] buf = new byte[4096];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            return out.toByteArray();
        }
        finally {
            d.end();
        }
    }

    /** Reads {@link #toBytes}' form. */
    public static NdvSketch fromBytes(byte[] bytes) throws IOException
    {
        Inflater inf = new Inflater();
        byte[] raw;
        try {
            inf.setInput(bytes);
            ByteArrayOutputStream out = new ByteArrayOutputStream(1 + M);
            byte[] buf = new byte[4096];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw new IOException("truncated NDV sketch");
                }
                out.write(buf, 0, n);
            }
            raw = out.toByteArray();
        }
        catch (DataFormatException e) {
            throw new IOException("corrupt NDV sketch: " + e.getMessage(), e);
        }
        finally {
            inf.end();
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        NdvSketch s = new NdvSketch();
        byte format = b.get();
        if (format == FORMAT_DENSE) {
            if (b.remaining() != M) {
                throw new IOException("NDV sketch has " + b.remaining() + " registers, expected " + M);
            }
            s.registers = new byte[M];
            s.explicit = null;
            b.get(s.registers);
            return s;
        }
        if (format != FORMAT_EXPLICIT) {
            throw new IOException("unknown NDV sketch format " + format);
        }
        int n = b.getInt();
        if (n < 0 || b.remaining() != n * Long.BYTES) {
            throw new IOException("NDV sketch claims " + n + " hashes in " + b.remaining() + " bytes");
        }
        for (int i = 0; i < n; i++) {
            s.add(b.getLong());
        }
        return s;
    }

    @Override
    public String toString()
    {
        return registers == null ? "NdvSketch(explicit " + explicitCount + ")"
                : "NdvSketch(dense " + Arrays.hashCode(registers) + ")";
    }
}

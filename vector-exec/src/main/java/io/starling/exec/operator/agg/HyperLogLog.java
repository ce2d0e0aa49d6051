package io.starling.exec.operator.agg;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * A mergeable HyperLogLog sketch of 64-bit hashes with {@value #P}-bit register index (as StarRocks' HLL columns):
 * {@value #M} one-byte registers, standard error 1.04 / sqrt(M) = 0.81%. Small sets stay exact: up to
 * {@value #EXPLICIT_LIMIT} distinct hashes are kept in an open-addressing set (8 KiB at most, half the dense
 * size), and only past that the sketch turns into registers. The dense estimate is Ertl's improved raw estimator
 * ("New cardinality estimation algorithms for HyperLogLog sketches", 2017), which is unbiased over the whole
 * range without HLL++'s empirical bias tables or a switch to linear counting.
 */
final class HyperLogLog
{
    /** Register index bits. */
    static final int P = 14;
    /** Registers. */
    static final int M = 1 << P;
    /** Bits left for the rank: a register holds 0..Q+1. */
    private static final int Q = 64 - P;
    /** Exact hashes kept before switching to registers; 1024 * 8 bytes = half of the M dense bytes. */
    static final int EXPLICIT_LIMIT = 1024;
    /** Marks an empty slot of the explicit set; a real hash of 0 is stored as 1 (a negligible merge of two values). */
    private static final long EMPTY = 0;

    private long[] explicit = new long[16];
    private int explicitCount;
    private byte[] registers;

    /** Approximate heap bytes, for memory accounting. */
    long bytes()
    {
        return registers != null ? M : (long) explicit.length * Long.BYTES;
    }

    void add(long hash)
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

    void merge(HyperLogLog other)
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

    long estimate()
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

    void serialize(DataOutputStream out) throws IOException
    {
        if (registers != null) {
            out.writeByte(1);
            out.write(registers);
            return;
        }
        out.writeByte(0);
        out.writeInt(explicitCount);
        for (long v : explicit) {
            if (v != EMPTY) {
                out.writeLong(v);
            }
        }
    }

    static HyperLogLog deserialize(DataInputStream in) throws IOException
    {
        HyperLogLog h = new HyperLogLog();
        if (in.readByte() == 1) {
            h.registers = new byte[M];
            h.explicit = null;
            in.readFully(h.registers);
            return h;
        }
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            h.add(in.readLong());
        }
        return h;
    }

    @Override
    public String toString()
    {
        return registers == null ? "HLL(explicit " + explicitCount + ")" : "HLL(dense " + Arrays.hashCode(registers) + ")";
    }
}

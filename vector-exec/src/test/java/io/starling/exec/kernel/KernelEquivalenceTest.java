package io.starling.exec.kernel;

import io.starling.exec.kernel.agg.AggKernels;
import io.starling.exec.kernel.bitmap.BitmapKernels;
import io.starling.exec.kernel.filter.FilterKernels;
import io.starling.exec.kernel.filter.ScalarFilterKernels;
import io.starling.exec.kernel.hash.HashKernels;
import io.starling.exec.kernel.hash.ScalarHashKernels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Panama kernel against its scalar twin (Lucene {@code BaseVectorizationTestCase} style), and the scalar
 * filter kernels against a naive model. Lengths 0..3*64+1 and batch sizes, misaligned offsets, nulls, extreme
 * values, NaN and signed zeros.
 */
class KernelEquivalenceTest
{
    private static final KernelProvider SCALAR = ScalarKernelProvider.INSTANCE;
    private static KernelProvider panama;

    private static final int[] INT_POOL = {-3, -1, 0, 1, 2, 7, 100, Integer.MIN_VALUE, Integer.MAX_VALUE};
    private static final long[] LONG_POOL = {-3, -1, 0, 1, 2, 7, 100, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 40};
    private static final double[] DOUBLE_POOL = {-3.5, -1, 0.0, -0.0, 1, 2.25, 7, 100, Double.NaN, Double.MIN_VALUE};

    @BeforeAll
    static void setUp()
    {
        System.out.println("KernelEquivalenceTest seed=" + KernelTestData.SEED + " (replay with -Dtests.seed=...)");
        panama = SimdSupport.loadPanama(false);
    }

    private static String ctx(int n, long off, Object more)
    {
        return "seed=" + KernelTestData.SEED + " n=" + n + " offset=" + off + " " + more;
    }

    @Test
    void filterIntMatchesScalarAndModel()
    {
        Random r = new Random(KernelTestData.SEED);
        FilterKernels s = SCALAR.filter();
        FilterKernels p = PanamaKernelProvider.vectorFilter();
        try (Arena arena = Arena.ofConfined()) {
            for (int n : KernelTestData.lengths()) {
                for (long off : KernelTestData.OFFSETS) {
                    MemorySegment data = KernelTestData.ints(arena, r, off, n, INT_POOL);
                    int c = INT_POOL[r.nextInt(INT_POOL.length)];
                    int lo = Math.min(c, INT_POOL[r.nextInt(INT_POOL.length)]);
                    int hi = Math.max(c, INT_POOL[r.nextInt(INT_POOL.length)]);
                    int[] inSel = KernelTestData.selection(r, n, r.nextInt(101));
                    for (CompareOp op : CompareOp.values()) {
                        String where = ctx(n, off, op + " c=" + c);
                        long[] model = new long[(n + 63) / 64];
                        int modelCount = 0;
                        for (int i = 0; i < n; i++) {
                            int x = data.get(ValueLayout.JAVA_INT_UNALIGNED, off + i * 4L);
                            if (ScalarFilterKernels.test(op, x, c)) {
                                model[i >>> 6] |= 1L << i;
                                modelCount++;
                            }
                        }
                        checkBits(where, model, modelCount, n,
                                b -> s.compareInt(op, data, off, n, c, b), b -> p.compareInt(op, data, off, n, c, b));
                        checkSel(where, model, modelCount, n,
                                sel -> s.compareIntSelect(op, data, off, n, c, sel), sel -> p.compareIntSelect(op, data, off, n, c, sel));
                        checkSelected(where, model, inSel, n,
                                (out, scratch) -> s.compareIntSelected(op, data, off, inSel, inSel.length, c, out, scratch),
                                (out, scratch) -> p.compareIntSelected(op, data, off, inSel, inSel.length, c, out, scratch));
                    }
                    String where = ctx(n, off, "between " + lo + ".." + hi);
                    long[] model = new long[(n + 63) / 64];
                    int modelCount = 0;
                    for (int i = 0; i < n; i++) {
                        int x = data.get(ValueLayout.JAVA_INT_UNALIGNED, off + i * 4L);
                        if (lo <= x && x <= hi) {
                            model[i >>> 6] |= 1L << i;
                            modelCount++;
                        }
                    }
                    checkBits(where, model, modelCount, n, b -> s.betweenInt(data, off, n, lo, hi, b), b -> p.betweenInt(data, off, n, lo, hi, b));
                    checkSel(where, model, modelCount, n, sel -> s.betweenIntSelect(data, off, n, lo, hi, sel), sel -> p.betweenIntSelect(data, off, n, lo, hi, sel));
                    checkSelected(where, model, inSel, n,
                            (out, scratch) -> s.betweenIntSelected(data, off, inSel, inSel.length, lo, hi, out, scratch),
                            (out, scratch) -> p.betweenIntSelected(data, off, inSel, inSel.length, lo, hi, out, scratch));
                }
            }
        }
    }

    @Test
    void filterLongMatchesScalarAndModel()
    {
        Random r = new Random(KernelTestData.SEED + 1);
        FilterKernels s = SCALAR.filter();
        FilterKernels p = PanamaKernelProvider.vectorFilter();
        try (Arena arena = Arena.ofConfined()) {
            for (int n : KernelTestData.lengths()) {
                for (long off : KernelTestData.OFFSETS) {
                    MemorySegment data = KernelTestData.longs(arena, r, off, n, LONG_POOL);
                    long c = LONG_POOL[r.nextInt(LONG_POOL.length)];
                    long lo = Math.min(c, LONG_POOL[r.nextInt(LONG_POOL.length)]);
                    long hi = Math.max(c, LONG_POOL[r.nextInt(LONG_POOL.length)]);
                    int[] inSel = KernelTestData.selection(r, n, r.nextInt(101));
                    for (CompareOp op : CompareOp.values()) {
                        String where = ctx(n, off, op + " c=" + c);
                        long[] model = new long[(n + 63) / 64];
                        int modelCount = 0;
                        for (int i = 0; i < n; i++) {
                            long x = data.get(ValueLayout.JAVA_LONG_UNALIGNED, off + i * 8L);
                            if (ScalarFilterKernels.test(op, x, c)) {
                                model[i >>> 6] |= 1L << i;
                                modelCount++;
                            }
                        }
                        checkBits(where, model, modelCount, n,
                                b -> s.compareLong(op, data, off, n, c, b), b -> p.compareLong(op, data, off, n, c, b));
                        checkSel(where, model, modelCount, n,
                                sel -> s.compareLongSelect(op, data, off, n, c, sel), sel -> p.compareLongSelect(op, data, off, n, c, sel));
                        checkSelected(where, model, inSel, n,
                                (out, scratch) -> s.compareLongSelected(op, data, off, inSel, inSel.length, c, out, scratch),
                                (out, scratch) -> p.compareLongSelected(op, data, off, inSel, inSel.length, c, out, scratch));
                    }
                    String where = ctx(n, off, "between " + lo + ".." + hi);
                    long[] model = new long[(n + 63) / 64];
                    int modelCount = 0;
                    for (int i = 0; i < n; i++) {
                        long x = data.get(ValueLayout.JAVA_LONG_UNALIGNED, off + i * 8L);
                        if (lo <= x && x <= hi) {
                            model[i >>> 6] |= 1L << i;
                            modelCount++;
                        }
                    }
                    checkBits(where, model, modelCount, n, b -> s.betweenLong(data, off, n, lo, hi, b), b -> p.betweenLong(data, off, n, lo, hi, b));
                    checkSel(where, model, modelCount, n, sel -> s.betweenLongSelect(data, off, n, lo, hi, sel), sel -> p.betweenLongSelect(data, off, n, lo, hi, sel));
                    checkSelected(where, model, inSel, n,
                            (out, scratch) -> s.betweenLongSelected(data, off, inSel, inSel.length, lo, hi, out, scratch),
                            (out, scratch) -> p.betweenLongSelected(data, off, inSel, inSel.length, lo, hi, out, scratch));
                }
            }
        }
    }

    @Test
    void filterDoubleMatchesScalarAndModel()
    {
        Random r = new Random(KernelTestData.SEED + 2);
        FilterKernels s = SCALAR.filter();
        FilterKernels p = PanamaKernelProvider.vectorFilter();
        try (Arena arena = Arena.ofConfined()) {
            for (int n : KernelTestData.lengths()) {
                for (long off : KernelTestData.OFFSETS) {
                    MemorySegment data = KernelTestData.doubles(arena, r, off, n, DOUBLE_POOL);
                    double c = DOUBLE_POOL[r.nextInt(DOUBLE_POOL.length)];
                    double lo = Math.min(c, DOUBLE_POOL[r.nextInt(DOUBLE_POOL.length)]);
                    double hi = Math.max(c, DOUBLE_POOL[r.nextInt(DOUBLE_POOL.length)]);
                    int[] inSel = KernelTestData.selection(r, n, r.nextInt(101));
                    for (CompareOp op : CompareOp.values()) {
                        String where = ctx(n, off, op + " c=" + c);
                        long[] model = new long[(n + 63) / 64];
                        int modelCount = 0;
                        for (int i = 0; i < n; i++) {
                            double x = data.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, off + i * 8L);
                            if (ScalarFilterKernels.test(op, x, c)) {
                                model[i >>> 6] |= 1L << i;
                                modelCount++;
                            }
                        }
                        checkBits(where, model, modelCount, n,
                                b -> s.compareDouble(op, data, off, n, c, b), b -> p.compareDouble(op, data, off, n, c, b));
                        checkSel(where, model, modelCount, n,
                                sel -> s.compareDoubleSelect(op, data, off, n, c, sel), sel -> p.compareDoubleSelect(op, data, off, n, c, sel));
                        checkSelected(where, model, inSel, n,
                                (out, scratch) -> s.compareDoubleSelected(op, data, off, inSel, inSel.length, c, out, scratch),
                                (out, scratch) -> p.compareDoubleSelected(op, data, off, inSel, inSel.length, c, out, scratch));
                    }
                    String where = ctx(n, off, "between " + lo + ".." + hi);
                    long[] model = new long[(n + 63) / 64];
                    int modelCount = 0;
                    for (int i = 0; i < n; i++) {
                        double x = data.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, off + i * 8L);
                        if (lo <= x && x <= hi) {
                            model[i >>> 6] |= 1L << i;
                            modelCount++;
                        }
                    }
                    checkBits(where, model, modelCount, n, b -> s.betweenDouble(data, off, n, lo, hi, b), b -> p.betweenDouble(data, off, n, lo, hi, b));
                    checkSel(where, model, modelCount, n, sel -> s.betweenDoubleSelect(data, off, n, lo, hi, sel), sel -> p.betweenDoubleSelect(data, off, n, lo, hi, sel));
                    checkSelected(where, model, inSel, n,
                            (out, scratch) -> s.betweenDoubleSelected(data, off, inSel, inSel.length, lo, hi, out, scratch),
                            (out, scratch) -> p.betweenDoubleSelected(data, off, inSel, inSel.length, lo, hi, out, scratch));
                }
            }
        }
    }

    private interface BitsKernel
    {
        int run(long[] bits);
    }

    private interface SelKernel
    {
        int run(int[] sel);
    }

    private interface SelectedKernel
    {
        int run(int[] out, long[] scratch);
    }

    private static void checkBits(String where, long[] model, int modelCount, int n, BitsKernel scalar, BitsKernel vector)
    {
        long[] a = new long[model.length];
        long[] b = new long[model.length];
        Arrays.fill(a, 0xDEADL);
        Arrays.fill(b, 0xBEEFL);
        assertThat(scalar.run(a)).as(where).isEqualTo(modelCount);
        assertThat(a).as(where).isEqualTo(model);
        assertThat(vector.run(b)).as(where).isEqualTo(modelCount);
        assertThat(b).as(where).isEqualTo(model);
    }

    private static void checkSel(String where, long[] model, int modelCount, int n, SelKernel scalar, SelKernel vector)
    {
        int[] expected = new int[modelCount];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if ((model[i >>> 6] >>> i & 1) != 0) {
                expected[k++] = i;
            }
        }
        int[] a = new int[n];
        int[] b = new int[n];
        int na = scalar.run(a);
        int nb = vector.run(b);
        assertThat(Arrays.copyOf(a, na)).as(where).isEqualTo(expected);
        assertThat(Arrays.copyOf(b, nb)).as(where).isEqualTo(expected);
    }

    private static void checkSelected(String where, long[] model, int[] inSel, int n, SelectedKernel scalar, SelectedKernel vector)
    {
        int[] expected = Arrays.stream(inSel).filter(i -> (model[i >>> 6] >>> i & 1) != 0).toArray();
        int[] a = new int[inSel.length];
        int na = scalar.run(a, new long[(n + 63) / 64]);
        assertThat(Arrays.copyOf(a, na)).as(where + " selected").isEqualTo(expected);
        for (long[] scratch : new long[][] {null, new long[0], new long[(n + 63) / 64]}) {
            int[] b = new int[inSel.length];
            int nb = vector.run(b, scratch);
            assertThat(Arrays.copyOf(b, nb)).as(where + " selected, scratch " + (scratch == null ? -1 : scratch.length)).isEqualTo(expected);
        }
    }

    @Test
    void aggregatesMatchScalar()
    {
        Random r = new Random(KernelTestData.SEED + 3);
        AggKernels s = SCALAR.agg();
        AggKernels p = PanamaKernelProvider.vectorAgg();
        try (Arena arena = Arena.ofConfined()) {
            for (int n : KernelTestData.lengths()) {
                for (long off : KernelTestData.OFFSETS) {
                    for (int nullPercent : new int[] {-1, 0, 30, 100}) {
                        String where = ctx(n, off, "nulls=" + nullPercent);
                        MemorySegment valid = KernelTestData.validity(arena, r, n, nullPercent);
                        MemorySegment ints = KernelTestData.ints(arena, r, off, n, INT_POOL);
                        MemorySegment longs = KernelTestData.longs(arena, r, off, n, LONG_POOL);
                        MemorySegment doubles = KernelTestData.doubles(arena, r, off, n, DOUBLE_POOL);
                        assertThat(p.sumInt(ints, off, valid, n)).as(where).isEqualTo(s.sumInt(ints, off, valid, n));
                        assertThat(p.minInt(ints, off, valid, n)).as(where).isEqualTo(s.minInt(ints, off, valid, n));
                        assertThat(p.maxInt(ints, off, valid, n)).as(where).isEqualTo(s.maxInt(ints, off, valid, n));
                        assertThat(p.sumLong(longs, off, valid, n)).as(where).isEqualTo(s.sumLong(longs, off, valid, n));
                        assertThat(p.minLong(longs, off, valid, n)).as(where).isEqualTo(s.minLong(longs, off, valid, n));
                        assertThat(p.maxLong(longs, off, valid, n)).as(where).isEqualTo(s.maxLong(longs, off, valid, n));
                        assertThat(Double.doubleToRawLongBits(p.minDouble(doubles, off, valid, n))).as(where)
                                .isEqualTo(Double.doubleToRawLongBits(s.minDouble(doubles, off, valid, n)));
                        assertThat(Double.doubleToRawLongBits(p.maxDouble(doubles, off, valid, n))).as(where)
                                .isEqualTo(Double.doubleToRawLongBits(s.maxDouble(doubles, off, valid, n)));
                        // finite values for the sum so that the exact order matters, not NaN absorption
                        MemorySegment finite = arena.allocate(off + n * 8L + 64, 64);
                        for (int i = 0; i < n; i++) {
                            finite.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, off + i * 8L, r.nextGaussian() * Math.pow(10, r.nextInt(20)));
                        }
                        assertThat(Double.doubleToRawLongBits(p.sumDouble(finite, off, valid, n))).as(where)
                                .isEqualTo(Double.doubleToRawLongBits(s.sumDouble(finite, off, valid, n)));
                        // with NaN/Inf inputs only "is NaN" is defined, not the NaN's sign bit: compare canonical bits
                        assertThat(Double.doubleToLongBits(p.sumDouble(doubles, off, valid, n))).as(where)
                                .isEqualTo(Double.doubleToLongBits(s.sumDouble(doubles, off, valid, n)));
                        // the scalar spec against a naive model where order does not matter
                        long sumInt = 0;
                        long sumLong = 0;
                        long minLong = Long.MAX_VALUE;
                        for (int i = 0; i < n; i++) {
                            if (valid == null || (valid.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i >>> 6) >>> i & 1) != 0) {
                                sumInt += ints.get(ValueLayout.JAVA_INT_UNALIGNED, off + i * 4L);
                                long x = longs.get(ValueLayout.JAVA_LONG_UNALIGNED, off + i * 8L);
                                sumLong += x;
                                minLong = Math.min(minLong, x);
                            }
                        }
                        assertThat(s.sumInt(ints, off, valid, n)).as(where).isEqualTo(sumInt);
                        assertThat(s.sumLong(longs, off, valid, n)).as(where).isEqualTo(sumLong);
                        assertThat(s.minLong(longs, off, valid, n)).as(where).isEqualTo(minLong);
                    }
                }
            }
        }
    }

    @Test
    void sumIntOfExtremesAcrossSplitSumBlocks()
    {
        // more than 2^15 vectors of 16 lanes: the Panama split sum must flush its int lanes between blocks
        int n = (1 << 15) * 16 + 1000;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(n * 4L + 64, 64);
            for (int v : new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 65535}) {
                for (int i = 0; i < n; i++) {
                    data.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i, v);
                }
                assertThat(panama.agg().sumInt(data, 0, null, n)).as("v=" + v).isEqualTo((long) v * n);
                assertThat(SCALAR.agg().sumInt(data, 0, null, n)).as("v=" + v).isEqualTo((long) v * n);
            }
        }
    }

    @Test
    void hashesMatchScalar()
    {
        Random r = new Random(KernelTestData.SEED + 4);
        HashKernels s = SCALAR.hash();
        HashKernels p = panama.hash();
        try (Arena arena = Arena.ofConfined()) {
            for (int n : KernelTestData.lengths()) {
                for (long off : KernelTestData.OFFSETS) {
                    String where = ctx(n, off, "");
                    MemorySegment ints = KernelTestData.ints(arena, r, off, n, INT_POOL);
                    MemorySegment longs = KernelTestData.longs(arena, r, off, n, LONG_POOL);
                    long[] a = new long[n];
                    long[] b = new long[n];
                    s.hashLong(longs, off, n, a);
                    p.hashLong(longs, off, n, b);
                    assertThat(b).as(where).isEqualTo(a);
                    for (int i = 0; i < n; i++) {
                        assertThat(a[i]).isEqualTo(ScalarHashKernels.fmix64(longs.get(ValueLayout.JAVA_LONG_UNALIGNED, off + i * 8L)));
                    }
                    s.combineInt(ints, off, n, a);
                    p.combineInt(ints, off, n, b);
                    assertThat(b).as(where).isEqualTo(a);
                    s.combineLong(longs, off, n, a);
                    p.combineLong(longs, off, n, b);
                    assertThat(b).as(where).isEqualTo(a);
                    int[] ia = new int[n];
                    int[] ib = new int[n];
                    s.hashInt(ints, off, n, ia);
                    p.hashInt(ints, off, n, ib);
                    assertThat(ib).as(where).isEqualTo(ia);
                }
            }
        }
    }

    @Test
    void bitmapKernelsMatchScalar()
    {
        Random r = new Random(KernelTestData.SEED + 5);
        BitmapKernels s = SCALAR.bitmap();
        BitmapKernels p = panama.bitmap();
        try (Arena arena = Arena.ofConfined()) {
            for (int n : KernelTestData.lengths()) {
                for (int density : new int[] {0, 1, 10, 50, 90, 100}) {
                    String where = ctx(n, 0, "density=" + density);
                    int[] sel = KernelTestData.selection(r, n, density);
                    long[] bits = new long[(n + 63) / 64 + 1];
                    Arrays.fill(bits, -1L);
                    s.fromSelection(sel, sel.length, n, bits);
                    long[] bits2 = new long[bits.length];
                    p.fromSelection(sel, sel.length, n, bits2);
                    assertThat(Arrays.copyOf(bits2, (n + 63) / 64)).as(where).isEqualTo(Arrays.copyOf(bits, (n + 63) / 64));
                    assertThat(s.countSet(bits, n)).as(where).isEqualTo(sel.length);
                    assertThat(p.countSet(bits, n)).as(where).isEqualTo(sel.length);
                    int[] a = new int[n];
                    int[] b = new int[n];
                    assertThat(Arrays.copyOf(a, s.toSelection(bits, n, a))).as(where).isEqualTo(sel);
                    assertThat(Arrays.copyOf(b, p.toSelection(bits, n, b))).as(where).isEqualTo(sel);
                    for (long off : KernelTestData.OFFSETS) {
                        MemorySegment bytes = arena.allocate(off + n + 64, 64);
                        for (int i = 0; i < n; i++) {
                            bytes.set(ValueLayout.JAVA_BYTE, off + i, r.nextInt(100) < density ? (byte) (1 + r.nextInt(255)) : 0);
                        }
                        long[] x = new long[(n + 63) / 64];
                        long[] y = new long[(n + 63) / 64];
                        int cx = s.nonZeroBytes(bytes, off, n, x);
                        int cy = p.nonZeroBytes(bytes, off, n, y);
                        assertThat(y).as(where + " off=" + off).isEqualTo(x);
                        assertThat(cy).as(where).isEqualTo(cx).isEqualTo(s.countSet(x, n));
                        MemorySegment valid = KernelTestData.validity(arena, r, n, 20);
                        assertThat(p.andValidity(y, valid, n)).isEqualTo(s.andValidity(x, valid, n));
                        assertThat(y).isEqualTo(x);
                        int[] in = KernelTestData.selection(r, n, 60);
                        int[] o1 = new int[in.length];
                        int[] o2 = in.clone();
                        int k1 = s.filterSelection(in, in.length, x, o1);
                        int k2 = p.filterSelection(o2, o2.length, x, o2);
                        assertThat(Arrays.copyOf(o2, k2)).isEqualTo(Arrays.copyOf(o1, k1));
                    }
                }
            }
        }
    }
}

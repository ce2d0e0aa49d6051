package io.starling.storage.sketch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

class SketchesTest
{
    private static final long SEED = 20261124L;

    private static long mix(long x)
    {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        return x ^ (x >>> 33);
    }

    @Test
    void bitmapUnionOfEveryFormRoundTrips()
    {
        byte[] empty = BitmapSketch.emptyBytes();
        byte[] one = BitmapSketch.singleBytes(5);
        byte[] max = BitmapSketch.singleBytes(-1L);   // 18446744073709551615
        assertEquals(0, BitmapSketch.cardinality(empty));
        assertEquals(1, BitmapSketch.cardinality(one));
        byte[] u = Sketches.bitmapUnion(Sketches.bitmapUnion(one, max), empty);
        assertEquals(2, BitmapSketch.cardinality(u));
        assertEquals("5,18446744073709551615", BitmapSketch.toText(BitmapSketch.fromBytes(u)));
        assertArrayEquals(one, Sketches.bitmapUnion(one, one), "a one-element union stays in the short form");
        assertArrayEquals(one, Sketches.bitmapUnion(null, one));
        assertNull(Sketches.bitmapUnion(null, null));
        Roaring64NavigableMap big = BitmapSketch.newBitmap();
        for (long v = 0; v < 200_000; v += 3) {
            big.addLong(v);
        }
        byte[] bigBytes = BitmapSketch.toBytes(big);
        byte[] all = Sketches.bitmapUnion(bigBytes, u);
        assertEquals(big.getLongCardinality() + 2, BitmapSketch.cardinality(all), "5 is not a multiple of 3 and the max is beyond");
        assertTrue(BitmapSketch.fromBytes(all).contains(-1L));
    }

    @Test
    void malformedBitmapsAreRejected()
    {
        assertThrows(IllegalArgumentException.class, () -> BitmapSketch.fromBytes(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> BitmapSketch.fromBytes(new byte[] {7}));
        assertThrows(IllegalArgumentException.class, () -> BitmapSketch.fromBytes(new byte[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> BitmapSketch.fromBytes(new byte[] {2, 9, 9, 9, 9, 9, 9, 9, 9, 1}));
    }

    @Test
    void hllUnionIsExactWhenSmallAndClose()
    {
        HllSketch a = new HllSketch();
        HllSketch b = new HllSketch();
        for (long i = 0; i < 600; i++) {
            a.add(mix(i));
            b.add(mix(i + 300));
        }
        byte[] u = Sketches.hllUnion(a.toBytes(), b.toBytes());
        assertEquals(900, HllSketch.cardinality(u), "explicit form is exact below the limit");
        assertArrayEquals(HllSketch.emptyBytes(), Sketches.hllUnion(HllSketch.emptyBytes(), HllSketch.emptyBytes()));
        assertEquals(1, HllSketch.cardinality(Sketches.hllUnion(HllSketch.singleBytes(mix(1)), HllSketch.singleBytes(mix(1)))));
    }

    @Test
    void hllSparseAndDenseFormsMergeLikeTheObjects()
    {
        SplittableRandom random = new SplittableRandom(SEED);
        System.out.println("seed " + SEED);
        for (int n : new int[] {3_000, 5_000, 200_000}) {
            HllSketch left = new HllSketch();
            HllSketch right = new HllSketch();
            HllSketch whole = new HllSketch();
            for (int i = 0; i < n; i++) {
                long h = mix(random.nextLong());
                (i % 2 == 0 ? left : right).add(h);
                whole.add(h);
            }
            byte[] leftBytes = left.toBytes();
            assertTrue(leftBytes[0] == 2 || leftBytes[0] == 3, "registers past the explicit limit");
            byte[] merged = Sketches.hllUnion(leftBytes, right.toBytes());
            assertArrayEquals(whole.toBytes(), merged, "n=" + n);
            long estimate = HllSketch.cardinality(merged);
            assertTrue(Math.abs(estimate - n) < n * 0.03, "estimate " + estimate + " for " + n);
        }
        assertEquals(1, new HllSketch().toBytes().length);
        assertThrows(IllegalArgumentException.class, () -> HllSketch.fromBytes(new byte[] {3, 1}));
        assertThrows(IllegalArgumentException.class, () -> HllSketch.fromBytes(new byte[] {2, 1, 0, (byte) 0xFF, (byte) 0xFF, 1}));
        assertThrows(IllegalArgumentException.class, () -> HllSketch.fromBytes(new byte[] {9}));
    }
}

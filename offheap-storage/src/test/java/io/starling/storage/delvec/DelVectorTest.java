package io.starling.storage.delvec;

import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DelVectorTest
{
    @Test
    void roundTripsAndDetectsCorruption()
    {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        System.out.println("DelVectorTest seed " + seed);
        Random rnd = new Random(seed);
        RoaringBitmap rows = new RoaringBitmap();
        for (int i = 0; i < 5000; i++) {
            rows.add(rnd.nextInt(1 << 20));
        }
        rows.add(0L, 70_000L); // a run container
        DelVector dv = new DelVector(rows);
        byte[] bytes = dv.serialize();
        DelVector back = DelVector.parse(bytes, "t");
        assertThat(back.rows()).isEqualTo(rows);
        assertThat(back.cardinality()).isEqualTo(rows.getLongCardinality());
        assertThat(DelVector.parse(DelVector.empty().serialize(), "e").cardinality()).isZero();

        for (int i = 0; i < bytes.length; i += 7) {
            byte[] bad = bytes.clone();
            bad[i] ^= 0x10;
            assertThatThrownBy(() -> DelVector.parse(bad, "bad")).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> DelVector.parse(new byte[5], "short")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withCopiesAndAdds()
    {
        DelVector a = new DelVector(RoaringBitmap.bitmapOf(1, 5));
        DelVector b = a.with(RoaringBitmap.bitmapOf(7));
        assertThat(a.cardinality()).isEqualTo(2);
        assertThat(b.isDeleted(7)).isTrue();
        assertThat(b.isDeleted(1)).isTrue();
        assertThat(b.cardinality()).isEqualTo(3);
    }
}

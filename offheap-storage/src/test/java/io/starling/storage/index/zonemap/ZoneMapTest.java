package io.starling.storage.index.zonemap;

import io.starling.storage.batch.ColumnVector;
import io.starling.storage.io.ByteSink;
import io.starling.storage.io.ByteSource;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.starling.storage.index.zonemap.ZoneMapPredicate.Op.EQ;
import static io.starling.storage.index.zonemap.ZoneMapPredicate.Op.GE;
import static io.starling.storage.index.zonemap.ZoneMapPredicate.Op.GT;
import static io.starling.storage.index.zonemap.ZoneMapPredicate.Op.LE;
import static io.starling.storage.index.zonemap.ZoneMapPredicate.Op.LT;
import static io.starling.storage.index.zonemap.ZoneMapPredicate.Op.NE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZoneMapTest
{
    @Test
    void builderTracksMinMaxAndNullsPerDomain()
    {
        try (MemoryContext ctx = MemoryContext.process().newChild("zonemap");
                ColumnVector ints = new ColumnVector(DataType.INT, 4, ctx);
                ColumnVector big = new ColumnVector(DataType.LARGEINT, 3, ctx);
                ColumnVector dbl = new ColumnVector(DataType.DOUBLE, 3, ctx);
                ColumnVector str = new ColumnVector(DataType.STRING, 3, ctx)) {
            ints.setInt(0, 5);
            ints.setNull(1, true);
            ints.setInt(2, -3);
            ints.setInt(3, 9);
            ZoneMap z = ZoneMap.builder(PhysicalType.INT).add(ints, 0, 4).build();
            assertThat(z.minLong()).isEqualTo(-3);
            assertThat(z.maxLong()).isEqualTo(9);
            assertThat(z.hasNull()).isTrue();
            assertThat(z.hasNotNull()).isTrue();
            assertThat(ZoneMap.builder(PhysicalType.INT).add(ints, 1, 1).build()).isEqualTo(ZoneMap.allNull(PhysicalType.INT));

            big.setInt128(0, 0, Long.MIN_VALUE); // -2^127
            big.setInt128(1, -1, Long.MAX_VALUE); // 2^127 - 1
            big.setInt128(2, -1, 0); // 2^64 - 1
            ZoneMap zb = ZoneMap.builder(PhysicalType.INT128).add(big, 0, 3).build();
            assertThat(zb.minInt128()).isEqualTo(BigInteger.ONE.shiftLeft(127).negate());
            assertThat(zb.maxInt128()).isEqualTo(BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE));

            dbl.setDouble(0, -0.0);
            dbl.setDouble(1, Double.NaN);
            dbl.setDouble(2, -1.5);
            ZoneMap zd = ZoneMap.builder(PhysicalType.DOUBLE).add(dbl, 0, 3).build();
            assertThat(zd.minDouble()).isEqualTo(-1.5);
            assertThat(zd.maxDouble()).isNaN();

            str.setString(0, "b");
            str.setString(1, "ä"); // 0xC3 0xA4 sorts after ASCII
            str.setString(2, "abc");
            ZoneMap zs = ZoneMap.builder(PhysicalType.VARLEN).add(str, 0, 3).build();
            assertThat(new String(zs.minBytes(), StandardCharsets.UTF_8)).isEqualTo("abc");
            assertThat(new String(zs.maxBytes(), StandardCharsets.UTF_8)).isEqualTo("ä");

            for (ZoneMap m : List.of(z, zb, zd, zs, ZoneMap.empty(PhysicalType.LONG), ZoneMap.allNull(PhysicalType.VARLEN))) {
                ByteSink out = new ByteSink();
                m.writeTo(out);
                ZoneMap back = ZoneMap.readFrom(m.type(), new ByteSource(out.segment()));
                assertThat(back).isEqualTo(m);
            }
        }
    }

    @Test
    void longStringsAreTruncatedConservatively()
    {
        byte[] longMax = ("z".repeat(100)).getBytes(StandardCharsets.UTF_8);
        byte[] longMin = ("a".repeat(100)).getBytes(StandardCharsets.UTF_8);
        ZoneMap z = ZoneMap.builder(PhysicalType.VARLEN).addBytes(longMin).addBytes(longMax).build();
        assertThat(z.minBytes()).hasSize(ZoneMap.MAX_STRING_BYTES);
        assertThat(z.maxBytes()).hasSize(ZoneMap.MAX_STRING_BYTES);
        assertThat(ZoneMapPredicate.compare(EQ, PhysicalType.VARLEN, longMax).mightMatch(z)).isTrue();
        assertThat(ZoneMapPredicate.compare(EQ, PhysicalType.VARLEN, longMin).mightMatch(z)).isTrue();
        assertThat(ZoneMapPredicate.compare(GE, PhysicalType.VARLEN, longMax).mightMatch(z)).isTrue();
        assertThat(ZoneMapPredicate.compare(GT, PhysicalType.VARLEN, "{").mightMatch(z)).isFalse();
        byte[] ff = new byte[100];
        java.util.Arrays.fill(ff, (byte) 0xFF);
        assertThat(ZoneMap.truncateMax(ff)).as("no shorter upper bound exists").hasSize(100);
    }

    @Test
    void predicatesPruneOnlyWhenNoRowCanMatch()
    {
        ZoneMap z = ZoneMap.ofLongs(PhysicalType.LONG, 10, 20, false);
        PhysicalType t = PhysicalType.LONG;
        assertThat(ZoneMapPredicate.compare(EQ, t, 15).mightMatch(z)).isTrue();
        assertThat(ZoneMapPredicate.compare(EQ, t, 21L).mightMatch(z)).isFalse();
        assertThat(ZoneMapPredicate.compare(LT, t, 10).mightMatch(z)).isFalse();
        assertThat(ZoneMapPredicate.compare(LE, t, 10).mightMatch(z)).isTrue();
        assertThat(ZoneMapPredicate.compare(GT, t, 20).mightMatch(z)).isFalse();
        assertThat(ZoneMapPredicate.compare(GE, t, 20).mightMatch(z)).isTrue();
        assertThat(ZoneMapPredicate.compare(NE, t, 15).mightMatch(z)).isTrue();
        assertThat(ZoneMapPredicate.compare(NE, t, 7).mightMatch(ZoneMap.ofLongs(t, 7, 7, false))).isFalse();
        assertThat(ZoneMapPredicate.compare(NE, t, 7).mightMatch(ZoneMap.ofLongs(t, 7, 7, true))).as("NULL <> 7 is not true").isFalse();
        assertThat(ZoneMapPredicate.in(t, List.of(1, 2, 25)).mightMatch(z)).isFalse();
        assertThat(ZoneMapPredicate.in(t, List.of(1, 12)).mightMatch(z)).isTrue();
        assertThat(ZoneMapPredicate.in(t, List.of()).mightMatch(z)).isFalse();
        assertThat(ZoneMapPredicate.between(t, 0, 9).mightMatch(z)).isFalse();
        assertThat(ZoneMapPredicate.between(t, 0, 10).mightMatch(z)).isTrue();
        assertThat(ZoneMapPredicate.between(t, 20, 30).mightMatch(z)).isTrue();
        assertThat(ZoneMapPredicate.isNull(t).mightMatch(z)).isFalse();
        assertThat(ZoneMapPredicate.isNotNull(t).mightMatch(z)).isTrue();

        ZoneMap allNull = ZoneMap.allNull(t);
        assertThat(ZoneMapPredicate.isNull(t).mightMatch(allNull)).isTrue();
        assertThat(ZoneMapPredicate.isNotNull(t).mightMatch(allNull)).isFalse();
        assertThat(ZoneMapPredicate.compare(GE, t, Long.MIN_VALUE).mightMatch(allNull)).isFalse();
        assertThat(ZoneMapPredicate.isNull(t).mightMatch(ZoneMap.empty(t))).isFalse();
    }

    @Test
    void floatingAndInt128Predicates()
    {
        ZoneMap d = ZoneMap.ofDoubles(PhysicalType.DOUBLE, -0.0, 2.5, false);
        assertThat(ZoneMapPredicate.compare(EQ, PhysicalType.DOUBLE, 0.0).mightMatch(d)).as("0.0 = -0.0").isTrue();
        assertThat(ZoneMapPredicate.compare(LT, PhysicalType.DOUBLE, 0.0).mightMatch(d)).isFalse();
        assertThat(ZoneMapPredicate.compare(GT, PhysicalType.DOUBLE, 2.5f).mightMatch(d)).isFalse();
        assertThat(ZoneMapPredicate.compare(EQ, PhysicalType.DOUBLE, Double.NaN).mightMatch(d)).isFalse();
        assertThat(ZoneMapPredicate.compare(EQ, PhysicalType.DOUBLE, Double.NaN).mightMatch(ZoneMap.ofDoubles(PhysicalType.DOUBLE, 1, Double.NaN, false))).isTrue();

        BigInteger huge = BigInteger.TEN.pow(30);
        ZoneMap b = ZoneMap.ofInt128(BigInteger.ONE, huge, true);
        assertThat(ZoneMapPredicate.compare(GT, PhysicalType.INT128, huge).mightMatch(b)).isFalse();
        assertThat(ZoneMapPredicate.compare(EQ, PhysicalType.INT128, 5L).mightMatch(b)).isTrue();
        assertThat(ZoneMapPredicate.compare(LT, PhysicalType.INT128, BigInteger.ONE).mightMatch(b)).isFalse();

        assertThatThrownBy(() -> ZoneMapPredicate.compare(EQ, PhysicalType.INT, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZoneMapPredicate.compare(EQ, PhysicalType.INT, 1).mightMatch(d)).isInstanceOf(IllegalArgumentException.class);
    }
}

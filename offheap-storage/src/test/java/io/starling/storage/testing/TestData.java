package io.starling.storage.testing;

import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Edge-heavy random column data and value-by-value comparison of vectors, shared by the storage tests. */
public final class TestData
{
    /** Every type family, both decimal widths and a short CHAR. */
    public static final List<DataType> ALL_TYPES = List.of(DataType.BOOLEAN, DataType.TINYINT, DataType.SMALLINT, DataType.INT, DataType.BIGINT,
            DataType.LARGEINT, DataType.FLOAT, DataType.DOUBLE, DataType.decimal(15, 2), DataType.decimal(38, 10), DataType.DATE,
            DataType.DATETIME, DataType.chr(8), DataType.STRING);

    private TestData()
    {
    }

    /** A seed from -Dtests.seed or the clock; print it so failures reproduce. */
    public static long seed(String testName)
    {
        String prop = System.getProperty("tests.seed");
        long seed = prop != null ? Long.parseLong(prop) : System.nanoTime();
        System.out.println(testName + " seed = " + seed + " (rerun with -Dtests.seed=" + seed + ")");
        return seed;
    }

    /**
     * Fills rows {@code [from, from + n)} of {@code v} (VARLEN: rows before {@code from} must be written) with
     * random values drawn from a "shape": 0 = uniform full range with extremes, 1 = small range, 2 = long runs,
     * 3 = few distinct. {@code nullRate} in [0, 1].
     */
    public static void fill(ColumnVector v, int from, int n, Random rnd, int shape, double nullRate)
    {
        PhysicalType pt = v.physical();
        long base = rnd.nextLong();
        long run = 0;
        for (int i = from; i < from + n; i++) {
            if (nullRate > 0 && rnd.nextDouble() < nullRate) {
                v.setNull(i, true);
                continue;
            }
            v.setNull(i, false);
            long r = switch (shape) {
                case 0 -> switch (rnd.nextInt(8)) {
                    case 0 -> Long.MIN_VALUE;
                    case 1 -> Long.MAX_VALUE;
                    case 2 -> 0;
                    default -> rnd.nextLong();
                };
                case 1 -> base + rnd.nextInt(1000);
                case 2 -> {
                    if (rnd.nextInt(50) == 0) {
                        run = rnd.nextInt(5);
                    }
                    yield run;
                }
                default -> rnd.nextInt(7);
            };
            switch (pt) {
                case BYTE -> v.setByte(i, v.type().kind() == io.starling.storage.types.TypeKind.BOOLEAN ? (byte) (r & 1) : (byte) r);
                case SHORT -> v.setShort(i, (short) r);
                case INT -> v.setInt(i, (int) r);
                case LONG -> v.setLong(i, r);
                case INT128 -> v.setInt128(i, r, shape == 0 ? rnd.nextLong() : r >> 63);
                case FLOAT -> v.setFloat(i, shape == 0 ? Float.intBitsToFloat((int) r) : (float) r);
                case DOUBLE -> v.setDouble(i, shape == 0 ? Double.longBitsToDouble(r) : (double) r);
                case VARLEN -> v.setBytes(i, string(rnd, shape, r));
            }
        }
    }

    private static byte[] string(Random rnd, int shape, long r)
    {
        if (shape == 0) {
            int len = rnd.nextInt(10) == 0 ? 0 : rnd.nextInt(rnd.nextInt(20) == 0 ? 300 : 30);
            byte[] b = new byte[len];
            rnd.nextBytes(b);
            return b;
        }
        return ("value-" + Math.floorMod(r, 1000) + (shape == 1 ? "-ü" : "")).getBytes(StandardCharsets.UTF_8);
    }

    /** Asserts that rows {@code [aFrom, aFrom + n)} of {@code a} equal rows {@code [bFrom, ...)} of {@code b}, nulls included (bitwise for floats). */
    public static void assertSameRows(ColumnVector a, int aFrom, ColumnVector b, int bFrom, int n, String context)
    {
        for (int i = 0; i < n; i++) {
            int ra = aFrom + i;
            int rb = bFrom + i;
            String where = context + " row " + i;
            assertThat(b.isNull(rb)).as(where + " null flag").isEqualTo(a.isNull(ra));
            if (a.isNull(ra)) {
                continue;
            }
            switch (a.physical()) {
                case BYTE -> assertThat(b.getByte(rb)).as(where).isEqualTo(a.getByte(ra));
                case SHORT -> assertThat(b.getShort(rb)).as(where).isEqualTo(a.getShort(ra));
                case INT -> assertThat(b.getInt(rb)).as(where).isEqualTo(a.getInt(ra));
                case LONG -> assertThat(b.getLong(rb)).as(where).isEqualTo(a.getLong(ra));
                case INT128 -> {
                    assertThat(b.getInt128Low(rb)).as(where + " low").isEqualTo(a.getInt128Low(ra));
                    assertThat(b.getInt128High(rb)).as(where + " high").isEqualTo(a.getInt128High(ra));
                }
                case FLOAT -> assertThat(Float.floatToRawIntBits(b.getFloat(rb))).as(where).isEqualTo(Float.floatToRawIntBits(a.getFloat(ra)));
                case DOUBLE -> assertThat(Double.doubleToRawLongBits(b.getDouble(rb))).as(where).isEqualTo(Double.doubleToRawLongBits(a.getDouble(ra)));
                case VARLEN -> assertThat(b.getBytes(rb)).as(where).isEqualTo(a.getBytes(ra));
            }
        }
    }
}

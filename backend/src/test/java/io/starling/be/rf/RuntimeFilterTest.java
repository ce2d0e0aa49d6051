package io.starling.be.rf;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime filter's row test ({@link RuntimeFilter#filter}) against a scalar model (the set of build keys): exact
 * for min/max and IN sets, no false negatives and few false positives for bloom filters, NULL probe rows dropped,
 * an empty build side dropping everything, and the scan-side selection narrowing of {@link ScanRuntimeFilters}.
 * Fixed seed (printed), {@code -Dtests.seed} to replay.
 */
class RuntimeFilterTest
{
    private static final long SEED = Long.getLong("tests.seed", 0x12f_5eedL);
    private final MemoryContext memory = MemoryContext.process().newChild("runtime-filter-test");

    @AfterEach
    void tearDown()
    {
        memory.close();
    }

    @Test
    void longKeysInSetBloomAndMinMax()
    {
        System.out.println("RuntimeFilterTest seed=" + SEED);
        Random r = new Random(SEED);
        for (int buildSize : new int[] {1, 10, 1024, 1025, 30_000}) {
            for (DataType type : List.of(DataType.INT, DataType.BIGINT)) {
                Set<Long> keys = new HashSet<>();
                RuntimeFilterBuilder b = new RuntimeFilterBuilder(7, type.physical(), Long.MAX_VALUE);
                for (int i = 0; i < buildSize; i++) {
                    long k = r.nextInt(buildSize * 4) - buildSize;
                    keys.add(k);
                    b.addLong(k);
                    b.addLong(k); // duplicates must not matter
                }
                RuntimeFilter f = b.build();
                assertThat(f.empty()).isFalse();
                assertThat(f.inSetSize() >= 0).isEqualTo(keys.size() <= RuntimeFilterBuilder.IN_SET_MAX);
                assertThat(f.hasBloom()).isEqualTo(keys.size() > RuntimeFilterBuilder.IN_SET_MAX);
                checkAgainstModel(f, type, keys, r, buildSize * 8);
            }
        }
    }

    @Test
    void overTheRowLimitOnlyMinMax()
    {
        RuntimeFilterBuilder b = new RuntimeFilterBuilder(1, PhysicalType.LONG, 100);
        Set<Long> keys = new HashSet<>();
        for (long k = 0; k < 5000; k += 2) {
            b.addLong(k);
            keys.add(k);
        }
        RuntimeFilter f = b.build();
        assertThat(f.hasMembership()).isFalse();
        assertThat(f.min()).isEqualTo(0);
        assertThat(f.max()).isEqualTo(4998);
        checkAgainstModel(f, DataType.BIGINT, keys, new Random(SEED), 20_000);
    }

    @Test
    void emptyBuildSideDropsEverything()
    {
        RuntimeFilter f = new RuntimeFilterBuilder(3, PhysicalType.INT, Long.MAX_VALUE).build();
        assertThat(f.empty()).isTrue();
        try (ColumnVector v = new ColumnVector(DataType.INT, 4, memory)) {
            for (int i = 0; i < 4; i++) {
                v.setInt(i, i);
            }
            assertThat(f.filter(v, new int[] {0, 1, 2, 3}, 4, new long[4])).isZero();
        }
    }

    @Test
    void stringKeys()
    {
        Random r = new Random(SEED + 2);
        for (int buildSize : new int[] {5, 3000}) {
            RuntimeFilterBuilder b = new RuntimeFilterBuilder(2, PhysicalType.VARLEN, Long.MAX_VALUE);
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < buildSize; i++) {
                String k = "k" + r.nextInt(buildSize * 3);
                keys.add(k);
                b.addBytes(k.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            RuntimeFilter f = b.build();
            int n = 4000;
            try (ColumnVector v = new ColumnVector(DataType.STRING, n, memory)) {
                List<String> values = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String s = "k" + r.nextInt(buildSize * 6);
                    values.add(s);
                    v.setString(i, s);
                }
                v.setNull(5, true);
                int[] pos = new int[n];
                for (int i = 0; i < n; i++) {
                    pos[i] = i;
                }
                int k = f.filter(v, pos, n, new long[n]);
                Set<Integer> kept = new HashSet<>();
                for (int i = 0; i < k; i++) {
                    kept.add(pos[i]);
                }
                int falsePositives = 0;
                for (int i = 0; i < n; i++) {
                    boolean member = i != 5 && keys.contains(values.get(i));
                    if (member) {
                        assertThat(kept).contains(i);
                    }
                    else if (kept.contains(i)) {
                        falsePositives++;
                    }
                }
                assertThat(kept).doesNotContain(5);
                assertThat(falsePositives).isLessThan(n * 3 / 100);
            }
        }
    }

    @Test
    void scanFiltersNarrowTheSelection()
    {
        RuntimeFilterRegistry registry = new RuntimeFilterRegistry();
        ScanRuntimeFilters scan = new ScanRuntimeFilters(registry, List.of(new ScanRuntimeFilters.Target(4, 1)),
                List.of(DataType.BIGINT, DataType.INT));
        assertThat(scan.refresh()).isFalse();
        assertThat(scan.hasActive()).isFalse();
        RuntimeFilterBuilder b = new RuntimeFilterBuilder(4, PhysicalType.INT, Long.MAX_VALUE);
        b.addLong(3);
        b.addLong(10);
        registry.publish(b.build());
        assertThat(scan.refresh()).isTrue();
        assertThat(scan.zonePredicates()).hasSize(3); // >= min, <= max, IN (3, 10)
        ColumnBatch batch = ColumnBatch.allocate(List.of(DataType.BIGINT, DataType.INT), 16, memory);
        try (batch) {
            for (int i = 0; i < 16; i++) {
                batch.column(0).setLong(i, i);
                batch.column(1).setInt(i, i);
            }
            batch.setRowCount(16);
            batch.setSelection(new int[] {1, 3, 5, 10, 12}, 5);
            assertThat(scan.apply(batch)).isEqualTo(3);
            assertThat(batch.size()).isEqualTo(2);
            assertThat(batch.position(0)).isEqualTo(3);
            assertThat(batch.position(1)).isEqualTo(10);
        }
    }

    /** Rows of a random probe column (with NULLs): every build key kept, non-keys mostly dropped, NULLs dropped. */
    private void checkAgainstModel(RuntimeFilter f, DataType type, Set<Long> keys, Random r, int range)
    {
        int n = ColumnBatch.MAX_ROWS;
        try (ColumnVector v = new ColumnVector(type, n, memory)) {
            long[] values = new long[n];
            boolean[] nulls = new boolean[n];
            for (int i = 0; i < n; i++) {
                values[i] = r.nextInt(range) - range / 4;
                v.setLongValue(i, values[i]);
                if (r.nextInt(20) == 0) {
                    nulls[i] = true;
                    v.setNull(i, true);
                }
            }
            int[] pos = new int[n];
            for (int i = 0; i < n; i++) {
                pos[i] = i;
            }
            int k = f.filter(v, pos, n, new long[n]);
            boolean[] kept = new boolean[n];
            for (int i = 0; i < k; i++) {
                kept[pos[i]] = true;
                if (i > 0) {
                    assertThat(pos[i]).isGreaterThan(pos[i - 1]);
                }
            }
            int falsePositives = 0;
            int negatives = 0;
            for (int i = 0; i < n; i++) {
                boolean member = !nulls[i] && keys.contains(values[i]);
                if (member) {
                    assertThat(kept[i]).as("row %d value %d", i, values[i]).isTrue();
                    continue;
                }
                if (nulls[i]) {
                    assertThat(kept[i]).isFalse();
                    continue;
                }
                boolean inRange = values[i] >= f.min() && values[i] <= f.max();
                if (!inRange || f.inSetSize() >= 0) {
                    assertThat(kept[i]).as("row %d value %d", i, values[i]).isFalse();
                }
                else if (!f.hasMembership()) {
                    assertThat(kept[i]).isTrue();
                }
                else {
                    negatives++;
                    falsePositives += kept[i] ? 1 : 0;
                }
            }
            if (negatives > 500) {
                assertThat(falsePositives / (double) negatives).isLessThan(0.03);
            }
        }
    }
}

package io.starling.exec.hash;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JoinHashTable} against a {@code HashMap<key, List<row>>} model: random keys with duplicates and NULLs, one
 * BIGINT key and a (VARCHAR, INT) serialized key, one and several build buffers (drivers), partitions built by two
 * threads at once, empty and large builds (past {@link JoinHashTable#SERIAL_BUILD_ROWS}); plus the scalar and vector
 * tag probes of {@link JoinTagTable} on the same tables. All memory is returned after the last release.
 */
class JoinHashTableTest
{
    private static final long SEED = Long.getLong("tests.seed", 11);
    private MemoryContext query;

    @BeforeEach
    void setUp()
    {
        query = MemoryContext.process().newChild("join-table-test", 1L << 30);
    }

    @AfterEach
    void tearDown()
    {
        assertThat(query.used()).as("all memory returned").isZero();
        query.close();
    }

    @Test
    void longKeysMatchTheModel()
    {
        for (int rows : new int[] {0, 1, 37, 5000, 150_000}) {
            for (int builders : new int[] {1, 3}) {
                check(false, rows, builders);
            }
        }
    }

    @Test
    void serializedKeysMatchTheModel()
    {
        for (int rows : new int[] {0, 29, 9000, 100_000}) {
            for (int builders : new int[] {1, 2}) {
                check(true, rows, builders);
            }
        }
    }

    private void check(boolean stringKey, int rows, int builders)
    {
        String what = (stringKey ? "string" : "long") + " keys, " + rows + " rows, " + builders + " builders";
        System.out.println("JoinHashTableTest seed " + SEED + ": " + what);
        Random rnd = new Random(SEED + rows * 31L + builders);
        int distinct = Math.max(1, rows / 3);
        List<DataType> keyTypes = stringKey ? List.of(DataType.STRING, DataType.INT) : List.of(DataType.BIGINT);
        List<DataType> buildTypes = new ArrayList<>(keyTypes);
        buildTypes.add(DataType.BIGINT);
        MemoryContext build = query.newChild("build");
        JoinHashTable table = new JoinHashTable(buildTypes, keyTypes, build);
        table.retain();
        table.setBuilders(builders);
        Map<Long, List<Long>> model = new HashMap<>();
        List<JoinPartitionBuffer> buffers = new ArrayList<>();
        for (int b = 0; b < builders; b++) {
            buffers.add(table.newBuffer());
        }
        int nulls = 0;
        for (int first = 0, batchNo = 0; first < rows; first += ColumnBatch.MAX_ROWS, batchNo++) {
            int n = Math.min(ColumnBatch.MAX_ROWS, rows - first);
            try (ColumnBatch batch = ColumnBatch.allocate(buildTypes, n, build)) {
                for (int i = 0; i < n; i++) {
                    long payload = first + i;
                    boolean isNull = rnd.nextInt(20) == 0;
                    long key = rnd.nextInt(distinct) * 1_000_003L;
                    setKey(batch, stringKey, i, isNull ? null : key);
                    batch.column(keyTypes.size()).setLong(i, payload);
                    if (isNull) {
                        nulls++;
                    }
                    else {
                        model.computeIfAbsent(key, k -> new ArrayList<>()).add(payload);
                    }
                }
                batch.setRowCount(n);
                ColumnVector[] keys = new ColumnVector[keyTypes.size()];
                for (int k = 0; k < keys.length; k++) {
                    keys[k] = batch.column(k);
                }
                buffers.get(batchNo % builders).add(batch, keys, table.hashKernels());
            }
        }
        // hand over from several threads; large builds leave partitions to be built by two threads concurrently
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (JoinPartitionBuffer b : buffers) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    table.finishBuffer(b);
                }
                catch (Throwable t) {
                    failure.set(t);
                }
            }));
        }
        join(threads);
        assertThat(failure.get()).isNull();
        assertThat(table.inputFuture().isDone()).isTrue();
        threads.clear();
        for (int t = 0; t < 2; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                while (table.buildNextPartition()) {
                    // share the partitions
                }
            }));
        }
        join(threads);
        assertThat(table.isBuilt()).as(what).isTrue();
        assertThat(table.rowCount()).isEqualTo(rows);
        assertThat(table.hasNullKey()).isEqualTo(nulls > 0);

        KeyEncoder encoder = new KeyEncoder(keyTypes);
        int payloadColumn = keyTypes.size();
        try (ColumnBatch probe = ColumnBatch.allocate(keyTypes, 1, build)) {
            for (long k = -3; k < distinct + 3; k++) {
                long key = k * 1_000_003L;
                int head;
                if (stringKey) {
                    setKey(probe, true, 0, key);
                    probe.setRowCount(1);
                    encoder.encode(probe.columns(), 0);
                    head = table.findBytes(KeyEncoder.hash(encoder.buffer(), 0, encoder.length()), encoder.buffer(), encoder.length());
                }
                else {
                    long hash = io.starling.exec.kernel.hash.ScalarHashKernels.fmix64(key);
                    head = table.findLong(hash, key);
                }
                List<Long> got = new ArrayList<>();
                for (int r = head; r >= 0; r = table.next(r)) {
                    got.add(table.rows().column(r, payloadColumn).getLong(r & RowStore.CHUNK_MASK));
                }
                List<Long> expected = model.getOrDefault(key, List.of());
                assertThat(got).as(what + ", key " + key).containsExactlyInAnyOrderElementsOf(expected);
                if (builders == 1) {
                    assertThat(got).as("one driver lists a key's rows in insertion order").isEqualTo(expected);
                }
            }
        }
        table.release();
        assertThat(build.used()).as(what + ": memory released").isZero();
        build.close();
    }

    private static void setKey(ColumnBatch batch, boolean stringKey, int row, Long key)
    {
        if (key == null) {
            batch.column(0).setNull(row, true);
            if (stringKey) {
                batch.column(1).setInt(row, 0);
            }
            return;
        }
        if (stringKey) {
            batch.column(0).setString(row, "key-" + key);
            batch.column(1).setInt(row, (int) (key % 7));
        }
        else {
            batch.column(0).setLong(row, key);
        }
    }

    private static void join(List<Thread> threads)
    {
        for (Thread t : threads) {
            try {
                t.join();
            }
            catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /**
     * The scalar and the 32-tag vector probe find the same rows, on a table with long probe sequences (clustered home
     * slots wrapping around the end, where the mirrored tags are read) and on misses.
     */
    @Test
    void scalarAndVectorProbesAgree()
    {
        Random rnd = new Random(SEED);
        for (int entries : new int[] {1, 31, 32, 1000, 50_000}) {
            try (JoinTagTable t = new JoinTagTable(query, entries, JoinHashTable.PARTITION_BITS)) {
                long[] hashes = new long[entries];
                for (int i = 0; i < entries; i++) {
                    // half the keys share a few home slots near the end of the table, so runs wrap to slot 0
                    long h = rnd.nextBoolean() ? rnd.nextLong() : (-1L >>> JoinHashTable.PARTITION_BITS) - rnd.nextInt(4) * 2L;
                    hashes[i] = h;
                    assertThat(t.insertLong(h, i, i)).isEqualTo(-1);
                }
                for (int i = 0; i < entries; i++) {
                    assertThat(t.findLongScalar(hashes[i], i)).isEqualTo(i);
                    assertThat(t.findLongVector(hashes[i], i)).isEqualTo(i);
                }
                for (int i = 0; i < 2000; i++) {
                    long h = i % 2 == 0 ? rnd.nextLong() : hashes[rnd.nextInt(entries)];
                    long key = -1 - i;
                    assertThat(t.findLongScalar(h, key)).isEqualTo(-1);
                    assertThat(t.findLongVector(h, key)).isEqualTo(-1);
                }
            }
        }
    }
}

package io.starling.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 torture of Primary Key and Duplicate Key tables: a real server in a child process; {@value #WORKERS}
 * concurrent clients run random Stream Loads (upserts with {@code __op} deletes, partial updates), INSERT, UPDATE and
 * DELETE, the process is SIGKILLed at a random moment (mid-load, mid-publish, between loads), restarted, and checked:
 *
 * <ul>
 *   <li>every acknowledged operation is fully visible, the one in flight at the kill is all or nothing (each worker
 *       owns the keys {@code id % WORKERS == worker} of every table, so its model is exact);
 *   <li>{@code ADMIN CHECK TABLE} reports nothing: files and checksums intact, no leaked file, primary index (the
 *       persistent one of {@code pk}, the in-memory one of {@code pk2}) agreeing with the data.
 * </ul>
 *
 * The seed is printed ({@code -Dtests.seed=N} reproduces the choices, not the thread timing); {@code
 * -Dstarling.torture.iterations=N} (default {@value #DEFAULT_ITERATIONS}) runs a soak. To add an operation (e.g. a
 * compaction trigger once it exists), add a case to {@link #randomOp}: an {@link Op} is what to send plus how it
 * changes the model.
 */
class PkTortureTest
{
    private static final int WORKERS = 2;
    private static final int KEYS_PER_WORKER = 40;
    private static final int DEFAULT_ITERATIONS = 2;
    private static final List<String> PK_TABLES = List.of("pk", "pk2");

    /** A PRIMARY KEY row's value columns. */
    private record Row(long a, String b)
    {
    }

    /** What one worker expects in one table: PK tables id → row, the DUP table a multiset of "id|tag". */
    private static final class Model
    {
        final Map<String, TreeMap<Integer, Row>> pk = new LinkedHashMap<>();
        final List<String> dup = new ArrayList<>();

        Model()
        {
            PK_TABLES.forEach(t -> pk.put(t, new TreeMap<>()));
        }

        Model copy()
        {
            Model m = new Model();
            pk.forEach((t, rows) -> m.pk.put(t, new TreeMap<>(rows)));
            m.dup.addAll(dup);
            return m;
        }

        List<String> render(String table)
        {
            List<String> out = new ArrayList<>();
            if (table.equals("dup")) {
                out.addAll(dup);
                Collections.sort(out);
                return out;
            }
            pk.get(table).forEach((id, r) -> out.add(id + "|" + r.a() + "|" + r.b()));
            return out;
        }
    }

    /** One operation: sent by {@code action}, applied to a model by {@code effect}; touches one table. */
    private record Op(String table, String what, Action action, Consumer<Model> effect)
    {
    }

    @FunctionalInterface
    private interface Action
    {
        void run(Connection c, int httpPort) throws Exception;
    }

    @Test
    void killDuringConcurrentLoadsAndDmlLosesNothingAcknowledgedAndLeavesNoHalfLoad() throws Exception
    {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        int iterations = Integer.getInteger("starling.torture.iterations", DEFAULT_ITERATIONS);
        System.out.println("PkTortureTest seed " + seed + ", " + iterations + " iterations");
        Random rnd = new Random(seed);
        Path data = Files.createTempDirectory("starling-pk-torture-");
        Model[] models = new Model[WORKERS];
        for (int w = 0; w < WORKERS; w++) {
            models[w] = new Model();
        }
        try {
            int port = KillRecoveryTest.freePort();
            int http = KillRecoveryTest.freePort();
            for (int iter = 0; iter <= iterations; iter++) {
                Process p = KillRecoveryTest.launch(data, port, http);
                try {
                    KillRecoveryTest.waitForPort(port, p);
                    if (iter == 0) {
                        createTables(port);
                    }
                    if (iter > 0) {
                        verify(port, models);
                    }
                    if (iter == iterations) {
                        break;
                    }
                    runAndKill(p, port, http, iter, rnd, models);
                }
                finally {
                    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
        finally {
            TestServer.deleteRecursively(data);
        }
    }

    private void createTables(int port) throws Exception
    {
        try (Connection c = connect(port); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE tt");
            s.execute("CREATE TABLE tt.pk (id INT NOT NULL, a BIGINT, b VARCHAR(20)) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2 "
                    + "PROPERTIES (\"enable_persistent_index\" = \"true\")");
            s.execute("CREATE TABLE tt.pk2 (id INT NOT NULL, a BIGINT, b VARCHAR(20)) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2");
            s.execute("CREATE TABLE tt.dup (id INT, tag VARCHAR(30)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2");
        }
    }

    /** Workers load until the kill; each remembers the operation it had in flight (outcome unknown). */
    private void runAndKill(Process p, int port, int http, int iter, Random rnd, Model[] models) throws Exception
    {
        AtomicBoolean killed = new AtomicBoolean();
        Op[] inFlight = new Op[WORKERS];
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        java.util.concurrent.atomic.AtomicIntegerArray acked = new java.util.concurrent.atomic.AtomicIntegerArray(WORKERS);
        for (int w = 0; w < WORKERS; w++) {
            int worker = w;
            Random wr = new Random(rnd.nextLong());
            Thread t = new Thread(() -> {
                try (Connection c = connect(port)) {
                    for (int n = 0; !killed.get(); n++) {
                        Op op = randomOp(wr, worker, iter, n, models[worker]);
                        inFlight[worker] = op;
                        try {
                            op.action().run(c, http);
                        }
                        catch (Throwable e) {
                            if (!p.isAlive() || killed.get()) {
                                return; // outcome unknown: the op stays in flight
                            }
                            failures.add(new AssertionError("worker " + worker + " " + op.what() + " failed with the server up", e));
                            return;
                        }
                        op.effect().accept(models[worker]);
                        inFlight[worker] = null;
                        acked.incrementAndGet(worker);
                    }
                }
                catch (Throwable e) {
                    if (p.isAlive() && !killed.get()) {
                        failures.add(e);
                    }
                }
            }, "torture-worker-" + w);
            threads.add(t);
            t.start();
        }
        // let every worker get some operations acknowledged, then kill at a random moment of the next ones
        int want = 2 + rnd.nextInt(4);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p.isAlive() && System.nanoTime() < deadline && failures.isEmpty()
                && java.util.stream.IntStream.range(0, WORKERS).anyMatch(w -> acked.get(w) < want)) {
            Thread.sleep(10);
        }
        Thread.sleep(rnd.nextInt(400));
        killed.set(true);
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertThat(failures).isEmpty();
        System.out.println("PkTortureTest iteration " + iter + ": acknowledged " + acked + ", in flight "
                + java.util.Arrays.stream(inFlight).map(o -> o == null ? "-" : o.what()).toList());
        pendingInFlight = inFlight;
    }

    /** Operations in flight at the last kill, consumed by the next {@link #verify}. */
    private Op[] pendingInFlight = new Op[WORKERS];

    private void verify(int port, Model[] models) throws Exception
    {
        try (Connection c = connect(port)) {
            for (String table : List.of("pk", "pk2", "dup")) {
                List<String> rows = StreamLoadClient.rows(c, table.equals("dup")
                        ? "SELECT id, tag FROM tt.dup" : "SELECT id, a, b FROM tt." + table + " ORDER BY id");
                for (int w = 0; w < WORKERS; w++) {
                    List<String> actual = new ArrayList<>();
                    for (String r : rows) {
                        if (Integer.parseInt(r.substring(0, r.indexOf('|'))) % WORKERS == w) {
                            actual.add(r);
                        }
                    }
                    if (table.equals("dup")) {
                        Collections.sort(actual);
                    }
                    Op op = pendingInFlight[w];
                    List<String> before = models[w].render(table);
                    if (actual.equals(before)) {
                        continue;
                    }
                    assertThat(op).as("worker %d table %s differs from the acknowledged state and nothing was in flight", w, table)
                            .isNotNull();
                    Model after = models[w].copy();
                    op.effect().accept(after);
                    assertThat(actual).as("worker %d table %s: neither before nor after the in-flight %s (half visible?)", w, table,
                            op.what()).isEqualTo(after.render(table));
                    assertThat(op.table()).isEqualTo(table);
                    models[w] = after;
                }
            }
            try (Statement s = c.createStatement()) {
                assertThat(s.execute("ADMIN CHECK TABLE tt.pk, tt.pk2, tt.dup")).isTrue();
                List<String> problems = new ArrayList<>();
                try (ResultSet rs = s.getResultSet()) {
                    while (rs.next()) {
                        problems.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
                    }
                }
                assertThat(problems).as("ADMIN CHECK after restart").isEmpty();
            }
        }
        pendingInFlight = new Op[WORKERS];
    }

    /** A random operation of one worker on its own keys, given its acknowledged model. */
    private static Op randomOp(Random rnd, int worker, int iter, int n, Model model)
    {
        String label = "w" + worker + "_" + iter + "_" + n;
        String table = PK_TABLES.get(rnd.nextInt(PK_TABLES.size()));
        TreeMap<Integer, Row> rows = model.pk.get(table);
        List<Integer> existing = new ArrayList<>(rows.keySet());
        int kind = rnd.nextInt(10);
        if (kind < 3) {
            // Stream Load upserts and __op deletes
            StringBuilder body = new StringBuilder();
            int count = 1 + rnd.nextInt(15);
            for (int i = 0; i < count; i++) {
                int id = key(rnd, worker);
                if (rnd.nextInt(4) == 0) {
                    body.append(id).append(",0,x,1\n");
                }
                else {
                    long a = rnd.nextInt(1000);
                    body.append(id).append(',').append(a).append(',').append(label).append(",0\n");
                }
            }
            return new Op(table, "stream load " + label + " into " + table,
                    (c, http) -> streamLoad(http, table, Map.of("label", label, "column_separator", ",", "columns", "id,a,b,__op"), body),
                    m -> {
                        // in file order: the last operation of a key wins
                        for (String line : body.toString().split("\n")) {
                            String[] f = line.split(",");
                            int id = Integer.parseInt(f[0]);
                            if (f[3].equals("1")) {
                                m.pk.get(table).remove(id);
                            }
                            else {
                                m.pk.get(table).put(id, new Row(Long.parseLong(f[1]), f[2]));
                            }
                        }
                    });
        }
        if (kind < 4 && !existing.isEmpty()) {
            // Stream Load partial update of column a on live keys
            StringBuilder body = new StringBuilder();
            Map<Integer, Long> set = new LinkedHashMap<>();
            for (int i = 0; i < 1 + rnd.nextInt(5); i++) {
                int id = existing.get(rnd.nextInt(existing.size()));
                long a = 1000 + rnd.nextInt(1000);
                body.append(id).append(',').append(a).append('\n');
                set.put(id, a);
            }
            return new Op(table, "partial update " + label + " of " + table,
                    (c, http) -> streamLoad(http, table, Map.of("label", label, "column_separator", ",", "partial_update", "true",
                            "columns", "id,a"), body),
                    m -> set.forEach((id, a) -> m.pk.get(table).computeIfPresent(id, (k, r) -> new Row(a, r.b()))));
        }
        if (kind < 6) {
            Map<Integer, Row> up = new LinkedHashMap<>();
            for (int i = 0; i < 1 + rnd.nextInt(6); i++) {
                up.put(key(rnd, worker), new Row(rnd.nextInt(1000), label));
            }
            StringBuilder sql = new StringBuilder("INSERT INTO tt." + table + " VALUES ");
            up.forEach((id, r) -> sql.append(sql.charAt(sql.length() - 1) == ' ' ? "" : ", ")
                    .append('(').append(id).append(", ").append(r.a()).append(", '").append(r.b()).append("')"));
            return new Op(table, "insert " + label + " into " + table, (c, http) -> exec(c, sql.toString()),
                    m -> m.pk.get(table).putAll(up));
        }
        if (kind < 7 && !existing.isEmpty()) {
            List<Integer> ids = pick(rnd, existing, 1 + rnd.nextInt(4));
            return new Op(table, "update " + label + " of " + table,
                    (c, http) -> exec(c, "UPDATE tt." + table + " SET a = a + 1 WHERE id IN (" + join(ids) + ")"),
                    m -> ids.forEach(id -> m.pk.get(table).computeIfPresent(id, (k, r) -> new Row(r.a() + 1, r.b()))));
        }
        if (kind < 8 && !existing.isEmpty()) {
            List<Integer> ids = pick(rnd, existing, 1 + rnd.nextInt(3));
            return new Op(table, "delete " + label + " from " + table,
                    (c, http) -> exec(c, "DELETE FROM tt." + table + " WHERE id IN (" + join(ids) + ")"),
                    m -> ids.forEach(m.pk.get(table)::remove));
        }
        // Duplicate Key: rows tagged with the label, by Stream Load or INSERT
        List<String> added = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 1 + rnd.nextInt(8); i++) {
            int id = key(rnd, worker);
            added.add(id + "|" + label);
            body.append(id).append(',').append(label).append('\n');
        }
        if (rnd.nextBoolean()) {
            return new Op("dup", "stream load " + label + " into dup",
                    (c, http) -> streamLoad(http, "dup", Map.of("label", label, "column_separator", ","), body),
                    m -> m.dup.addAll(added));
        }
        StringBuilder sql = new StringBuilder("INSERT INTO tt.dup VALUES ");
        for (int i = 0; i < added.size(); i++) {
            String[] f = added.get(i).split("\\|");
            sql.append(i == 0 ? "" : ", ").append('(').append(f[0]).append(", '").append(f[1]).append("')");
        }
        return new Op("dup", "insert " + label + " into dup", (c, http) -> exec(c, sql.toString()), m -> m.dup.addAll(added));
    }

    private static int key(Random rnd, int worker)
    {
        return worker + WORKERS * rnd.nextInt(KEYS_PER_WORKER);
    }

    private static List<Integer> pick(Random rnd, List<Integer> from, int n)
    {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(from.get(rnd.nextInt(from.size())));
        }
        return out.stream().distinct().toList();
    }

    private static String join(List<Integer> ids)
    {
        return String.join(", ", ids.stream().map(String::valueOf).toList());
    }

    private static void streamLoad(int http, String table, Map<String, String> headers, CharSequence body) throws Exception
    {
        JsonNode r = StreamLoadClient.load(http, "tt", table, headers, body.toString());
        StreamLoadClient.assertSuccess(r);
    }

    private static void exec(Connection c, String sql) throws Exception
    {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static Connection connect(int port) throws Exception
    {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/?useSSL=false&connectTimeout=10000", "root", "");
    }
}

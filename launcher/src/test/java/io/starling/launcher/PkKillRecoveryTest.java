package io.starling.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of the real launcher while a client keeps upserting into a PRIMARY KEY table (the approach of
 * {@link KillRecoveryTest}): every load rewrites a whole "generation" of keys, so after the restart the table must
 * show exactly the keys of one generation, that of the last acknowledged load or of the one in flight when the
 * process died, never a mix (half visible) and never an older one (lost), and no key twice.
 */
class PkKillRecoveryTest
{
    private static final int KEYS = 200;

    @Test
    void killDuringPrimaryKeyLoadsLeavesEveryLoadAllOrNothing() throws Exception
    {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        System.out.println("PkKillRecoveryTest seed " + seed);
        Random rnd = new Random(seed);
        Path data = Files.createTempDirectory("starling-pk-kill-");
        try {
            int port = KillRecoveryTest.freePort();
            int http = KillRecoveryTest.freePort();
            long acknowledged = 0;
            for (int round = 0; round < 2; round++) {
                Process p = KillRecoveryTest.launch(data, port, http);
                try {
                    KillRecoveryTest.waitForPort(port, p);
                    if (round == 0) {
                        try (Connection c = DriverManager.getConnection(url(port), "root", ""); Statement s = c.createStatement()) {
                            s.execute("CREATE DATABASE k9");
                            s.execute("CREATE TABLE k9.pk (id INT NOT NULL, gen BIGINT NOT NULL, pad VARCHAR(40)) PRIMARY KEY(id) "
                                    + "DISTRIBUTED BY HASH(id) BUCKETS 3");
                        }
                    }
                    else {
                        acknowledged = check(port, acknowledged);
                    }
                    AtomicBoolean stop = new AtomicBoolean();
                    AtomicLong acked = new AtomicLong(acknowledged);
                    Thread loader = new Thread(() -> {
                        try (Connection c = DriverManager.getConnection(url(port), "root", ""); Statement s = c.createStatement()) {
                            for (long gen = acked.get() + 1; !stop.get(); gen++) {
                                s.execute(insert(gen));
                                acked.set(gen);
                            }
                        }
                        catch (SQLException e) {
                            // the server was killed under us
                        }
                    });
                    loader.start();
                    // let some loads complete, then kill at a random point of the next one
                    while (acked.get() < acknowledged + 3 + round && p.isAlive()) {
                        Thread.sleep(20);
                    }
                    Thread.sleep(rnd.nextInt(300));
                    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                    stop.set(true);
                    loader.join(30_000);
                    acknowledged = acked.get();
                }
                finally {
                    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
            Process last = KillRecoveryTest.launch(data, port, http);
            try {
                KillRecoveryTest.waitForPort(port, last);
                check(port, acknowledged);
            }
            finally {
                last.destroy();
                if (!last.waitFor(30, TimeUnit.SECONDS)) {
                    last.destroyForcibly();
                }
            }
        }
        finally {
            TestServer.deleteRecursively(data);
        }
    }

    /** One load: every key with the given generation (the first half of the keys twice, the last copy winning). */
    private static String insert(long gen)
    {
        StringBuilder sb = new StringBuilder("INSERT INTO k9.pk VALUES ");
        for (int i = 0; i < KEYS; i++) {
            sb.append(i == 0 ? "" : ", ").append('(').append(i).append(", ").append(i < KEYS / 2 ? -1 : gen).append(", 'x')");
        }
        for (int i = 0; i < KEYS / 2; i++) {
            sb.append(", (").append(i).append(", ").append(gen).append(", 'y").append(i).append("')");
        }
        return sb.toString();
    }

    /** Checks the table holds one whole generation ≥ {@code acknowledged}; returns it. */
    private static long check(int port, long acknowledged) throws Exception
    {
        TreeMap<Long, Long> gens = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url(port), "root", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT gen, count(*), count(DISTINCT id) FROM k9.pk GROUP BY gen")) {
            while (rs.next()) {
                assertThat(rs.getLong(2)).as("no key twice").isEqualTo(rs.getLong(3));
                gens.put(rs.getLong(1), rs.getLong(2));
            }
        }
        if (acknowledged == 0 && gens.isEmpty()) {
            return 0;
        }
        assertThat(gens).as("exactly one generation, whole").hasSize(1);
        long gen = gens.firstKey();
        assertThat(gens.get(gen)).isEqualTo(KEYS);
        assertThat(gen).as("acknowledged load %d lost", acknowledged).isBetween(acknowledged, acknowledged + 1);
        return gen;
    }

    private static String url(int port)
    {
        return "jdbc:mysql://127.0.0.1:" + port + "/?useSSL=false&connectTimeout=10000";
    }
}

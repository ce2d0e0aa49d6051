package io.starling.launcher;

import io.starling.storage.memory.MemoryContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that misbehave, end to end: a client that vanishes mid-result (raw socket and JDBC), one that vanishes
 * while its query is still computing, and malformed or truncated packets. Each time the server must stop the
 * victim's work (the session leaves the process list, process memory returns to its level) and keep serving.
 */
class FeDisconnectTest
{
    private static final long SEED = 20261124L;
    /** 8192 rows under one key: a self join streams 67M rows, far more than any client here reads. */
    private static final String HUGE_RESULT = "SELECT a.v, b.v FROM slow a JOIN slow b ON a.k = b.k";
    private static final String ENDLESS = "SELECT count(*) FROM slow a JOIN slow b ON a.k = b.k JOIN slow c ON b.k = c.k";

    /**
     * Commands whose reply is not OK/ERR/result set, or none, or which could hit other connections: QUIT,
     * STATISTICS (a bare string), PROCESS_KILL (a random id might be a live connection), STMT_PREPARE (parameter
     * definitions follow), STMT_SEND_LONG_DATA and STMT_CLOSE (no reply), STMT_FETCH.
     */
    private static final java.util.Set<Integer> NO_PLAIN_REPLY = java.util.Set.of(0x01, 0x09, 0x0c, 0x16, 0x18, 0x19, 0x1c);

    private static TestServer server;
    private static Connection admin;

    @BeforeAll
    static void start() throws Exception
    {
        System.out.println("FeDisconnectTest seed " + SEED);
        server = new TestServer();
        admin = DriverManager.getConnection(server.jdbcUrl(""), "root", "");
        try (Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE dc");
            s.execute("CREATE TABLE dc.slow (k INT, v BIGINT) DISTRIBUTED BY HASH(v) BUCKETS 2");
            s.execute("INSERT INTO dc.slow VALUES (1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6), (1, 7), (1, 8)");
            for (long n = 8; n < 8192; n *= 2) {
                s.execute("INSERT INTO dc.slow SELECT k, v + " + n + " FROM dc.slow");
            }
        }
    }

    @AfterAll
    static void stop() throws Exception
    {
        if (admin != null) {
            admin.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void rawClientVanishingMidResultCancelsTheQuery() throws Exception
    {
        long before = awaitSettled();
        long id;
        try (FeRawMysqlClient c = new FeRawMysqlClient(server.port()).login("dc")) {
            id = Long.parseLong(c.query("SELECT CONNECTION_ID()").get(0).get(0));
            c.write(0, FeRawMysqlClient.cmd(FeRawMysqlClient.COM_QUERY, HUGE_RESULT));
            // read the column count, definitions and a few hundred rows, then vanish
            for (int i = 0; i < 500; i++) {
                c.read();
            }
            c.socket.setSoLinger(true, 0);   // RST instead of FIN: the rudest way to go
        }
        awaitGone(id);
        assertServing();
        assertThat(awaitSettled()).as("process memory after the cancelled query").isLessThanOrEqualTo(before);
    }

    @Test
    void jdbcConnectionAbortedWhileStreamingCancelsTheQuery() throws Exception
    {
        long before = awaitSettled();
        Connection c = DriverManager.getConnection(server.jdbcUrl("dc"), "root", "");
        long id = FeProcesslistTest.connectionId(c);
        Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        s.setFetchSize(Integer.MIN_VALUE);   // Connector/J streaming: rows are read as they arrive
        ResultSet rs = s.executeQuery(HUGE_RESULT);
        for (int i = 0; i < 1000; i++) {
            assertThat(rs.next()).isTrue();
        }
        // abort() drops the socket at once (close() would first drain all 67M rows)
        c.abort(Runnable::run);
        awaitGone(id);
        assertServing();
        assertThat(awaitSettled()).as("process memory after the cancelled query").isLessThanOrEqualTo(before);
    }

    @Test
    void clientVanishingWhileTheQueryComputesCancelsIt() throws Exception
    {
        long before = awaitSettled();
        long id;
        try (FeRawMysqlClient c = new FeRawMysqlClient(server.port()).login("dc")) {
            id = Long.parseLong(c.query("SELECT CONNECTION_ID()").get(0).get(0));
            c.write(0, FeRawMysqlClient.cmd(FeRawMysqlClient.COM_QUERY, ENDLESS));
            awaitCommand(id, "Query");
        }
        awaitGone(id);
        assertServing();
        assertThat(awaitSettled()).as("process memory after the cancelled query").isLessThanOrEqualTo(before);
    }

    @Test
    void malformedCommandsGetAnErrorAndTheConnectionStaysUsable() throws Exception
    {
        try (FeRawMysqlClient c = new FeRawMysqlClient(server.port()).login("dc")) {
            // COM_STMT_EXECUTE cut off inside the statement id
            c.write(0, new byte[] {0x17, 1, 0});
            byte[] p = c.read();
            assertThat(FeRawMysqlClient.isError(p)).isTrue();
            assertThat(FeRawMysqlClient.errorMessage(p)).containsIgnoringCase("malformed");
            // a prepared statement executed with its parameter block missing
            c.write(0, FeRawMysqlClient.cmd(0x16, "SELECT ? + 1"));
            byte[] ok = c.read();
            assertThat(ok[0]).isEqualTo((byte) 0);
            int stmtId = (ok[1] & 0xFF) | (ok[2] & 0xFF) << 8;
            // one parameter definition + EOF follow PREPARE_OK
            c.read();
            c.read();
            c.write(0, new byte[] {0x17, (byte) stmtId, (byte) (stmtId >> 8), 0, 0, 0, 1, 0, 0});
            p = c.read();
            assertThat(FeRawMysqlClient.isError(p)).isTrue();
            // an empty packet, an unknown command, a kill of nothing
            c.write(0, new byte[0]);
            assertThat(FeRawMysqlClient.isError(c.read())).isTrue();
            c.write(0, new byte[] {(byte) 0x7f});
            assertThat(FeRawMysqlClient.errorCode(c.read())).isEqualTo(1047);
            // COM_FIELD_LIST without the NUL after the table name
            c.write(0, FeRawMysqlClient.cmd(FeRawMysqlClient.COM_FIELD_LIST, "slow"));
            p = c.read();
            while (!FeRawMysqlClient.isEof(p) && !FeRawMysqlClient.isError(p)) {
                p = c.read();
            }
            // still serving this connection
            assertThat(c.query("SELECT count(*) FROM slow")).containsExactly(List.of("8192"));
        }
        assertServing();
    }

    @Test
    void truncatedAndGarbagePacketsDoNotHurtTheServer() throws Exception
    {
        Random random = new Random(SEED);
        // a packet whose header promises more than arrives, then the client goes away
        try (FeRawMysqlClient c = new FeRawMysqlClient(server.port()).login("dc")) {
            byte[] partial = FeRawMysqlClient.cmd(FeRawMysqlClient.COM_QUERY, "SELECT 1");
            c.writeRaw(1000, 0, partial);
        }
        // garbage instead of a handshake response: an error, then the server closes that connection
        for (int i = 0; i < 5; i++) {
            try (FeRawMysqlClient c = new FeRawMysqlClient(server.port())) {
                c.read();
                byte[] junk = new byte[1 + random.nextInt(64)];
                random.nextBytes(junk);
                c.write(1, junk);
                try {
                    byte[] p = c.read();
                    assertThat(FeRawMysqlClient.isError(p)).as("reply to a garbage handshake").isTrue();
                }
                catch (IOException closed) {
                    // closing without a reply is acceptable too
                }
            }
        }
        // garbage commands after a good login: each gets an answer or a close, never a hang
        for (int i = 0; i < 20; i++) {
            try (FeRawMysqlClient c = new FeRawMysqlClient(server.port()).login("dc")) {
                byte[] junk = new byte[1 + random.nextInt(32)];
                random.nextBytes(junk);
                if (NO_PLAIN_REPLY.contains((int) junk[0])) {
                    continue;
                }
                c.write(0, junk);
                try {
                    drainReply(c);
                    assertThat(c.query("SELECT 41 + 1")).containsExactly(List.of("42"));
                }
                catch (IOException closed) {
                    // the server may close a connection it cannot make sense of
                }
            }
        }
        assertServing();
    }

    /** Reads one complete reply: OK, ERR, or a result set up to its final EOF. */
    private static void drainReply(FeRawMysqlClient c) throws IOException
    {
        byte[] p = c.read();
        if (FeRawMysqlClient.isError(p) || p[0] == 0 || FeRawMysqlClient.isEof(p)) {
            return;
        }
        int eofs = 0;
        while (eofs < 2) {
            p = c.read();
            if (FeRawMysqlClient.isError(p)) {
                return;
            }
            if (FeRawMysqlClient.isEof(p)) {
                eofs++;
            }
        }
    }

    private static void assertServing() throws Exception
    {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("dc"), "root", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), sum(v) FROM slow")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(8192);
            assertThat(rs.getLong(2)).isEqualTo(8192L * 8193 / 2);
        }
    }

    private static void awaitGone(long id) throws Exception
    {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (command(id) != null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("connection " + id + " still listed after its client went away: " + command(id));
            }
            Thread.sleep(20);
        }
    }

    private static void awaitCommand(long id, String command) throws Exception
    {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!command.equals(command(id))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("connection " + id + " never reached " + command);
            }
            Thread.sleep(20);
        }
    }

    private static String command(long id) throws Exception
    {
        try (Statement s = admin.createStatement()) {
            for (List<Object> r : FeProcesslistTest.rows(s, "SHOW PROCESSLIST")) {
                if (((Number) r.get(0)).longValue() == id) {
                    return (String) r.get(4);
                }
            }
        }
        return null;
    }

    /** Process memory once fragments have released everything (they close asynchronously): stable for 250 ms. */
    private static long awaitSettled() throws InterruptedException
    {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long last = MemoryContext.process().used();
        int stable = 0;
        while (System.nanoTime() < deadline && stable < 5) {
            Thread.sleep(50);
            long now = MemoryContext.process().used();
            stable = now == last ? stable + 1 : 0;
            last = now;
        }
        return last;
    }

    static String utf8(byte[] b)
    {
        return new String(b, StandardCharsets.UTF_8);
    }
}

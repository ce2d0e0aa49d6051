package io.starling.fe.mysql;

import io.starling.fe.auth.UserStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Protocol edge cases over a raw socket: malformed and oversized packets, rare commands, EOF variants. */
class MysqlProtocolRawTest
{
    private static final long SEED = 20240229L;
    private static final int SMALL_MAX_PACKET = 1 << 20;

    private static FakeExecutor executor;
    private static MysqlServer server;
    private static MysqlServer smallServer;

    @BeforeAll
    static void start() throws Exception
    {
        executor = new FakeExecutor();
        ConnectionRegistry registry = new ConnectionRegistry();
        executor.setRegistry(registry);
        server = new MysqlServer(0, executor, new UserStore(), registry);
        server.start();
        smallServer = new MysqlServer("127.0.0.1", 0, executor, new UserStore(), new ConnectionRegistry(), SMALL_MAX_PACKET);
        smallServer.start();
    }

    @AfterAll
    static void stop()
    {
        server.stop();
        smallServer.stop();
    }

    @Test
    void handshakeAdvertisesMysql8AndUtf8mb4() throws Exception
    {
        try (RawClient c = new RawClient(server.port())) {
            byte[] hs = c.read();
            assertThat(hs[0]).isEqualTo((byte) 10);
            String version = new String(hs, 1, 6, StandardCharsets.US_ASCII);
            assertThat(version).isEqualTo("8.0.33");
            int afterVersion = 1 + 7;
            int connId = (hs[afterVersion] & 0xFF) | (hs[afterVersion + 1] & 0xFF) << 8;
            assertThat(connId).isPositive();
            int capsLow = (hs[afterVersion + 13] & 0xFF) | (hs[afterVersion + 14] & 0xFF) << 8;
            int collation = hs[afterVersion + 15] & 0xFF;
            int status = (hs[afterVersion + 16] & 0xFF) | (hs[afterVersion + 17] & 0xFF) << 8;
            int capsHigh = (hs[afterVersion + 18] & 0xFF) | (hs[afterVersion + 19] & 0xFF) << 8;
            int caps = capsLow | capsHigh << 16;
            assertThat(collation).isEqualTo(45);
            assertThat(status).isEqualTo(ServerStatus.AUTOCOMMIT);
            assertThat(caps & Capabilities.SSL).isZero();
            assertThat(caps & Capabilities.DEPRECATE_EOF).isNotZero();
            assertThat(caps & Capabilities.PLUGIN_AUTH).isNotZero();
            assertThat(new String(hs, StandardCharsets.US_ASCII)).endsWith("mysql_native_password\0");
        }
    }

    @Test
    void unknownAndMalformedCommandsKeepTheConnectionUsable() throws Exception
    {
        try (RawClient c = new RawClient(server.port())) {
            c.login(true);
            assertThat(RawClient.errorCode(c.command(RawClient.cmd(0x7F)))).isEqualTo(1047);
            assertThat(RawClient.errorCode(c.command(RawClient.cmd(Command.STMT_EXECUTE, (byte) 1, (byte) 0)))).isEqualTo(1047);
            assertThat(RawClient.errorCode(c.command(RawClient.cmd(Command.PROCESS_KILL, (byte) 1)))).isEqualTo(1047);
            assertThat(RawClient.errorCode(c.command(new byte[0]))).isEqualTo(1047);
            // prepare 1 parameter, then execute with a truncated parameter block
            byte[] ok = c.command(RawClient.cmd(Command.STMT_PREPARE, "SELECT ?"));
            assertThat(ok[0]).isZero();
            c.read();                                    // parameter definition
            int stmtId = ok[1] & 0xFF;
            byte[] exec = {Command.STMT_EXECUTE, (byte) stmtId, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, MysqlTypes.TYPE_LONGLONG, 0, 1, 2};
            assertThat(RawClient.errorCode(c.command(exec))).isEqualTo(1047);
            assertThat(RawClient.errorCode(c.command(RawClient.cmd(Command.STMT_EXECUTE, (byte) 99, (byte) 0, (byte) 0, (byte) 0,
                    (byte) 0, (byte) 1, (byte) 0, (byte) 0, (byte) 0)))).isEqualTo(1243);
            assertThat(c.command(RawClient.cmd(Command.PING))[0]).isZero();
        }
    }

    @Test
    void garbageInsteadOfAHandshakeResponseDoesNotHurtTheServer() throws Exception
    {
        Random random = new Random(SEED);
        System.out.println("seed " + SEED);
        for (int round = 0; round < 20; round++) {
            try (RawClient c = new RawClient(server.port())) {
                c.read();
                byte[] junk = new byte[random.nextInt(64)];
                random.nextBytes(junk);
                c.write(1, junk);
                try {
                    byte[] reply = c.read();
                    assertThat(reply[0] & 0xFF).isIn(0x00, 0xFF);
                }
                catch (EOFException | SocketException e) {
                    // closing is fine too
                }
            }
        }
        try (RawClient c = new RawClient(server.port())) {
            c.login(false);
            assertThat(c.command(RawClient.cmd(Command.PING))[0]).isZero();
        }
    }

    @Test
    void packetBeyondMaxAllowedPacketIsRejectedAndClosed() throws Exception
    {
        try (RawClient c = new RawClient(smallServer.port())) {
            c.login(true);
            // Declare a 2 MiB packet but send only its start: the server must refuse on the header alone.
            int declared = 2 * SMALL_MAX_PACKET;
            c.out.write(new byte[] {(byte) declared, (byte) (declared >> 8), (byte) (declared >> 16), 0});
            c.out.write(RawClient.cmd(Command.QUERY, "SELECT 'zzzz"));
            c.out.flush();
            assertThat(RawClient.errorCode(c.read())).isEqualTo(1153);
            assertThatThrownBy(c::read).isInstanceOfAny(EOFException.class, SocketException.class);
        }
        try (RawClient c = new RawClient(smallServer.port())) {
            c.login(true);
            assertThat(c.command(RawClient.cmd(Command.PING))[0]).isZero();
        }
    }

    @Test
    void classicEofFramingWithoutDeprecateEof() throws Exception
    {
        try (RawClient c = new RawClient(server.port())) {
            c.login(false);
            byte[] count = c.command(RawClient.cmd(Command.QUERY, "SELECT 7"));
            assertThat(count).containsExactly(1);
            byte[] def = c.read();
            assertThat(def[def.length - 6] & 0xFF).isEqualTo(MysqlTypes.TYPE_LONGLONG);
            assertThat(c.read()[0] & 0xFF).isEqualTo(0xFE);            // EOF after definitions
            assertThat(c.read()).containsExactly(1, '7');              // text row
            byte[] eof = c.read();
            assertThat(eof).hasSize(5);
            assertThat(eof[0] & 0xFF).isEqualTo(0xFE);
            assertThat(eof[3] & ServerStatus.AUTOCOMMIT).isNotZero();
        }
    }

    @Test
    void deprecateEofEndsRowsWithOkPacket() throws Exception
    {
        try (RawClient c = new RawClient(server.port())) {
            c.login(true);
            assertThat(c.command(RawClient.cmd(Command.QUERY, "SELECT 7"))).containsExactly(1);
            c.read();                                                   // definition, no EOF follows
            assertThat(c.read()).containsExactly(1, '7');
            byte[] end = c.read();
            assertThat(end[0] & 0xFF).isEqualTo(0xFE);
            assertThat(end).hasSize(7);                                 // 0xFE, 0, 0, status2, warnings2
        }
    }

    @Test
    void fieldListStatisticsSetOptionAndReset() throws Exception
    {
        try (RawClient c = new RawClient(server.port())) {
            c.login(false);
            byte[] first = c.command(RawClient.cmd(Command.FIELD_LIST, "t\0"));
            String text = new String(first, StandardCharsets.UTF_8);
            assertThat(text).contains("id");
            // ... type1 flags2 decimals1 filler2, then the default: NULL (0xFB)
            assertThat(first[first.length - 1] & 0xFF).isEqualTo(0xFB);
            int flags = (first[first.length - 6] & 0xFF) | (first[first.length - 5] & 0xFF) << 8;
            assertThat(flags & (MysqlTypes.FLAG_NOT_NULL | MysqlTypes.FLAG_PRI_KEY)).isEqualTo(3);
            assertThat(first[first.length - 7] & 0xFF).isEqualTo(MysqlTypes.TYPE_LONGLONG);
            assertThat(new String(c.read(), StandardCharsets.UTF_8)).contains("name");
            assertThat(new String(c.read(), StandardCharsets.UTF_8)).contains("price");
            assertThat(c.read()[0] & 0xFF).isEqualTo(0xFE);
            assertThat(executor.statements).contains("SHOW FULL COLUMNS FROM `t`");

            assertThat(new String(c.command(RawClient.cmd(Command.STATISTICS)), StandardCharsets.UTF_8)).startsWith("Uptime: ");
            assertThat(c.command(RawClient.cmd(Command.SET_OPTION, (byte) 0, (byte) 0))[0] & 0xFF).isEqualTo(0xFE);
            // multi-statements now on for this connection
            assertThat(c.command(RawClient.cmd(Command.QUERY, "SELECT 1; SELECT 2"))).containsExactly(1);
            c.read();
            c.read();
            c.read();
            byte[] eof = c.read();
            assertThat(eof[3] & ServerStatus.MORE_RESULTS_EXISTS).isNotZero();
            assertThat(c.read()).containsExactly(1);
            c.read();
            c.read();
            c.read();
            assertThat(c.read()[3] & ServerStatus.MORE_RESULTS_EXISTS).isZero();

            assertThat(c.command(RawClient.cmd(Command.RESET_CONNECTION))[0]).isZero();
            assertThat(RawClient.errorCode(c.command(RawClient.cmd(Command.SET_OPTION, (byte) 9, (byte) 0)))).isEqualTo(1047);
        }
    }

    @Test
    void prepareCountsOnlyRealPlaceholders() throws Exception
    {
        try (RawClient c = new RawClient(server.port())) {
            c.login(true);
            byte[] ok = c.command(RawClient.cmd(Command.STMT_PREPARE, "SELECT '?', \"?\", `?`, ? /* ? */ -- ?\n, ?"));
            assertThat(ok[0]).isZero();
            assertThat((ok[7] & 0xFF) | (ok[8] & 0xFF) << 8).isEqualTo(2);
        }
    }

    @Test
    void clientDisconnectMidResultClosesTheRowSource() throws Exception
    {
        try (RawClient c = new RawClient(server.port())) {
            c.login(true);
            c.command(RawClient.cmd(Command.QUERY, "SELECT endless"));
            for (int i = 0; i < 100; i++) {
                c.read();
            }
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (!executor.closedSources.contains("endless") && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertThat(executor.closedSources).contains("endless");
    }

    @Test
    void quitClosesTheConnection() throws Exception
    {
        try (RawClient c = new RawClient(server.port())) {
            c.login(true);
            c.write(0, RawClient.cmd(Command.QUIT));
            assertThatThrownBy(c::read).isInstanceOfAny(EOFException.class, SocketException.class, IOException.class);
        }
    }
}

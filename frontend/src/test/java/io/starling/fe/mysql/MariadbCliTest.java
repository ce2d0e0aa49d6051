package io.starling.fe.mysql;

import io.starling.fe.auth.UserStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The `mariadb` command-line client against the server; skipped when the client is not installed. */
class MariadbCliTest
{
    private static MysqlServer server;
    private static FakeExecutor executor;

    @BeforeAll
    static void start() throws Exception
    {
        executor = new FakeExecutor();
        ConnectionRegistry registry = new ConnectionRegistry();
        executor.setRegistry(registry);
        server = new MysqlServer(0, executor, new UserStore(), registry);
        server.start();
    }

    @AfterAll
    static void stop()
    {
        server.stop();
    }

    private static String cli()
    {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("mariadb", "mysql")) {
                File f = new File(dir, name);
                if (f.canExecute()) {
                    return f.getPath();
                }
            }
        }
        return null;
    }

    private static String run(String... args) throws Exception
    {
        String cli = cli();
        assumeTrue(cli != null, "mariadb/mysql CLI not installed");
        List<String> cmd = new ArrayList<>(List.of(cli, "-h127.0.0.1", "-P" + server.port(), "-uroot",
                "--ssl=0", "--connect-timeout=5"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void executesQueriesInBatchMode() throws Exception
    {
        String out = run("-N", "-B", "-e", "SELECT 1, 'abc'; SELECT types");
        assertThat(out).contains("1\tabc");
        assertThat(out).contains("1\t-7\t30000\t-123456789\t1234567890123\t18446744073709551616\t1.5\t0.1\t12.30");
        assertThat(out).contains("2024-02-29\t2024-02-29 13:45:06.123456\tab\théllo\tNULL");
    }

    @Test
    void tableOutputWithDatabaseAndAutoRehash() throws Exception
    {
        String out = run("--auto-rehash", FakeExecutor.DB, "-t", "-e", "SELECT DATABASE(); SELECT 42");
        assertThat(out).contains("| testdb").contains("|   42 |");
        assertThat(executor.statements).contains("USE `testdb`");
    }
}

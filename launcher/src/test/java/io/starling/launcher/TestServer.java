package io.starling.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** An in-process all-in-one server on ephemeral loopback ports with its own temporary data directory. */
final class TestServer implements SqlLogicTest.ServerControl, AutoCloseable
{
    private final Path dataDir;
    private StarlingServer server;

    TestServer() throws Exception
    {
        this(Files.createTempDirectory("starling-test-"));
    }

    TestServer(Path dataDir) throws Exception
    {
        this.dataDir = dataDir;
        start();
    }

    private void start() throws Exception
    {
        server = new StarlingServer(ServerConfig.defaults().withDataDir(dataDir).withBindHost("127.0.0.1")
                .withMysqlPort(0).withHttpPort(0).withBeHttpPort(0).withWorkerThreads(2));
        server.start();
    }

    int port()
    {
        return server.mysqlPort();
    }

    int httpPort()
    {
        return server.httpPort();
    }

    Path dataDir()
    {
        return dataDir;
    }

    @Override
    public String jdbcUrl(String db)
    {
        return "jdbc:mysql://127.0.0.1:" + port() + "/" + db + "?useSSL=false&allowPublicKeyRetrieval=true&connectTimeout=10000";
    }

    String mariadbUrl(String db)
    {
        return "jdbc:mariadb://127.0.0.1:" + port() + "/" + db;
    }

    @Override
    public void restart(boolean crash) throws Exception
    {
        if (crash) {
            server.crash();
        }
        else {
            server.close();
        }
        start();
    }

    @Override
    public void close()
    {
        server.close();
        deleteRecursively(dataDir);
    }

    static void deleteRecursively(Path dir)
    {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                }
                catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

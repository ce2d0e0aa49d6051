package io.starling.launcher;

import java.nio.file.Path;

/**
 * Settings of an all-in-one server. Defaults follow StarRocks: MySQL protocol on 9030, FE HTTP on 8030, BE HTTP
 * (Stream Load after the FE's redirect) on 8040; data under ./data (meta in data/meta, tablets in data/be, logs in
 * data/log).
 *
 * @param workerThreads pipeline worker threads; 0 = one per core
 * @param beHttpPort    the BE's HTTP port (StarRocks be_http_port)
 */
public record ServerConfig(Path dataDir, String bindHost, int mysqlPort, int httpPort, int workerThreads, int beHttpPort)
{
    public static final int DEFAULT_MYSQL_PORT = 9030;
    public static final int DEFAULT_HTTP_PORT = 8030;
    public static final int DEFAULT_BE_HTTP_PORT = 8040;

    /** Settings with the default BE HTTP port. */
    public ServerConfig(Path dataDir, String bindHost, int mysqlPort, int httpPort, int workerThreads)
    {
        this(dataDir, bindHost, mysqlPort, httpPort, workerThreads, DEFAULT_BE_HTTP_PORT);
    }

    public static ServerConfig defaults()
    {
        return new ServerConfig(Path.of("data"), "0.0.0.0", DEFAULT_MYSQL_PORT, DEFAULT_HTTP_PORT, 0,
                DEFAULT_BE_HTTP_PORT);
    }

    public ServerConfig withBeHttpPort(int port)
    {
        return new ServerConfig(dataDir, bindHost, mysqlPort, httpPort, workerThreads, port);
    }

    public ServerConfig withDataDir(Path dir)
    {
        return new ServerConfig(dir, bindHost, mysqlPort, httpPort, workerThreads, beHttpPort);
    }

    public ServerConfig withMysqlPort(int port)
    {
        return new ServerConfig(dataDir, bindHost, port, httpPort, workerThreads, beHttpPort);
    }

    public ServerConfig withHttpPort(int port)
    {
        return new ServerConfig(dataDir, bindHost, mysqlPort, port, workerThreads, beHttpPort);
    }

    public ServerConfig withBindHost(String host)
    {
        return new ServerConfig(dataDir, host, mysqlPort, httpPort, workerThreads, beHttpPort);
    }

    public ServerConfig withWorkerThreads(int n)
    {
        return new ServerConfig(dataDir, bindHost, mysqlPort, httpPort, n, beHttpPort);
    }
}

package io.starling.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/starling start}: runs an all-in-one server (FE + BE in one JVM) in the foreground until SIGTERM/SIGINT.
 * Options: {@code --data DIR}, {@code --port N} (MySQL), {@code --http-port N} (FE HTTP), {@code --be-http-port N}
 * (BE HTTP: Stream Load), {@code --host ADDR}.
 */
public final class Main
{
    private Main()
    {
    }

    public static void main(String[] args) throws Exception
    {
        List<String> problems = JvmFlagsCheck.problems();
        if (!problems.isEmpty()) {
            System.err.println("starling: cannot start:");
            problems.forEach(p -> System.err.println("  - " + p));
            System.exit(1);
        }
        ServerConfig config;
        try {
            config = parse(args);
        }
        catch (IllegalArgumentException e) {
            System.err.println("starling: " + e.getMessage());
            System.err.println("usage: bin/starling start [--data DIR] [--port N] [--http-port N] [--be-http-port N] [--host ADDR]");
            System.exit(2);
            return;
        }
        Path logDir = config.dataDir().resolve("log").toAbsolutePath();
        System.setProperty("starling.log.dir", logDir.toString());

        StarlingServer server = new StarlingServer(config);
        try {
            server.start();
        }
        catch (Exception e) {
            System.err.println("starling: failed to start: " + e.getMessage());
            System.err.println("  details in " + logDir.resolve("starling.log"));
            server.close();
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("starling: shutting down");
            server.close();
            stopped.countDown();
        }, "shutdown"));
        System.out.printf("Starling %s started (all-in-one: FE + BE)%n", StarlingServer.VERSION);
        System.out.printf("  data:  %s%n", config.dataDir().toAbsolutePath());
        System.out.printf("  logs:  %s%n", logDir);
        System.out.printf("  MySQL: mysql -h127.0.0.1 -P%d -uroot     (or jdbc:mysql://127.0.0.1:%d/)%n",
                server.mysqlPort(), server.mysqlPort());
        System.out.printf("  HTTP:  http://127.0.0.1:%d/api/health%n", server.httpPort());
        System.out.printf("  Load:  curl --location-trusted -u root: -T data.csv http://127.0.0.1:%d/api/<db>/<table>/_stream_load"
                + "   (BE HTTP port %d)%n", server.httpPort(), server.beHttpPort());
        System.out.flush();
        stopped.await();
    }

    static ServerConfig parse(String[] args)
    {
        ServerConfig c = ServerConfig.defaults();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--data" -> c = c.withDataDir(Path.of(require(a, v)));
                case "--port" -> c = c.withMysqlPort(port(a, require(a, v)));
                case "--http-port" -> c = c.withHttpPort(port(a, require(a, v)));
                case "--be-http-port" -> c = c.withBeHttpPort(port(a, require(a, v)));
                case "--host" -> c = c.withBindHost(require(a, v));
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
            i++;
        }
        return c;
    }

    private static String require(String option, String value)
    {
        if (value == null) {
            throw new IllegalArgumentException("option " + option + " needs a value");
        }
        return value;
    }

    private static int port(String option, String value)
    {
        try {
            int p = Integer.parseInt(value);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a port number, got '" + value + "'");
        }
    }
}

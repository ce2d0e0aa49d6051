package io.starling.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An all-in-one Starling server ({@code io.starling.launcher.Main}) in a child JVM on free loopback ports, so its
 * peak resident set (VmHWM in /proc/PID/status) is Starling's alone and not the harness's or DuckDB's. The child
 * gets the flags of conf/jvm.properties (the same ones bin/starling start uses) plus G1 and a heap cap.
 */
final class StarlingProcess implements AutoCloseable
{
    private final Process process;
    private final List<String> command;
    final int mysqlPort;
    final int httpPort;

    private StarlingProcess(Process process, List<String> command, int mysqlPort, int httpPort)
    {
        this.process = process;
        this.command = command;
        this.mysqlPort = mysqlPort;
        this.httpPort = httpPort;
    }

    /** Starts the server on a fresh data directory and waits until the MySQL port accepts connections. */
    static StarlingProcess start(Path projectRoot, Path dataDir, String heap) throws IOException, InterruptedException
    {
        // a free port found here can be taken by someone else before the child binds it: retry on fresh ports
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(projectRoot, dataDir, heap);
            }
            catch (IOException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static StarlingProcess startOnce(Path projectRoot, Path dataDir, String heap)
            throws IOException, InterruptedException
    {
        Files.createDirectories(dataDir);
        int port = freePort();
        int http = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags(projectRoot));
        cmd.add("-XX:+UseG1GC");
        cmd.add("-Xss4m");
        cmd.add("-Xmx" + heap);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.starling.launcher.Main");
        // every port explicit: the defaults (9030, 8030, BE 8040) may be held by another server on this machine
        cmd.addAll(List.of("--data", dataDir.toString(), "--port", String.valueOf(port), "--http-port",
                String.valueOf(http), "--be-http-port", String.valueOf(freePort()), "--host", "127.0.0.1"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("stdout.txt").toFile()).start();
        StarlingProcess sp = new StarlingProcess(p, cmd, port, http);
        sp.waitForPort();
        return sp;
    }

    /** The flags line of conf/jvm.properties, split on blanks. */
    static List<String> jvmFlags(Path projectRoot) throws IOException
    {
        return Files.readAllLines(projectRoot.resolve("conf/jvm.properties")).stream()
                .filter(l -> l.startsWith("starling.jvm.flags="))
                .map(l -> l.substring("starling.jvm.flags=".length()).trim())
                .flatMap(l -> Arrays.stream(l.split("\\s+")))
                .toList();
    }

    /** The JVM options of the child (everything between the java binary and -cp), for the report. */
    List<String> jvmOptions()
    {
        return command.subList(1, command.indexOf("-cp"));
    }

    String jdbcUrl(String db)
    {
        return "jdbc:mysql://127.0.0.1:" + mysqlPort + "/" + db
                + "?useSSL=false&allowPublicKeyRetrieval=true&connectTimeout=10000&socketTimeout=0";
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    /** Peak resident set size of the server process in KiB (VmHWM), or -1 where /proc is not available. */
    long peakRssKib()
    {
        return procStatusKib("VmHWM:");
    }

    long currentRssKib()
    {
        return procStatusKib("VmRSS:");
    }

    private long procStatusKib(String field)
    {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        }
        catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    private void waitForPort() throws IOException, InterruptedException
    {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Starling exited with " + process.exitValue() + " during start-up; see "
                        + command.get(command.indexOf("--data") + 1) + "/stdout.txt");
            }
            try (Socket ignored = new Socket("127.0.0.1", mysqlPort)) {
                return;
            }
            catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IOException("Starling did not open port " + mysqlPort + " within 120 s");
    }

    static int freePort() throws IOException
    {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close()
    {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

package io.starling.launcher;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the real launcher ({@link Main}) in a child JVM, kills it with SIGKILL after acknowledged statements, starts
 * it again on the same data directory and checks that every acknowledged database, table and row is there.
 */
class KillRecoveryTest
{
    @Test
    void killMinusNineLosesNoAcknowledgedWrite() throws Exception
    {
        Path data = Files.createTempDirectory("starling-kill-");
        try {
            int port = freePort();
            int http = freePort();
            Process p = launch(data, port, http);
            try {
                waitForPort(port, p);
                try (Connection c = DriverManager.getConnection(url(port), "root", "");
                        Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE k9");
                    s.execute("CREATE TABLE k9.t (id INT NOT NULL, v VARCHAR(10)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 4");
                    for (int i = 0; i < 20; i++) {
                        s.execute("INSERT INTO k9.t VALUES (" + (2 * i) + ", 'a" + i + "'), (" + (2 * i + 1) + ", 'b" + i + "')");
                    }
                }
            }
            finally {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            Process p2 = launch(data, port, http);
            try {
                waitForPort(port, p2);
                try (Connection c = DriverManager.getConnection(url(port), "root", "");
                        Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT count(*), sum(id), count(DISTINCT v) FROM k9.t")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(40);
                    assertThat(rs.getLong(2)).isEqualTo(39L * 40 / 2);
                    assertThat(rs.getLong(3)).isEqualTo(40);
                }
            }
            finally {
                p2.destroy();
                if (!p2.waitFor(30, TimeUnit.SECONDS)) {
                    p2.destroyForcibly();
                }
            }
        }
        finally {
            TestServer.deleteRecursively(data);
        }
    }

    private static String url(int port)
    {
        return "jdbc:mysql://127.0.0.1:" + port + "/?useSSL=false&connectTimeout=10000";
    }

    static Process launch(Path data, int port, int http) throws IOException
    {
        Path root = Path.of(System.getProperty("starling.project.root", ".."));
        String flags = Files.readAllLines(root.resolve("conf/jvm.properties")).stream()
                .filter(l -> l.startsWith("starling.jvm.flags="))
                .map(l -> l.substring("starling.jvm.flags=".length()))
                .findFirst().orElseThrow();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(flags.trim().split("\\s+")));
        cmd.add("-Xmx1g");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of("--data", data.toString(), "--port", String.valueOf(port), "--http-port", String.valueOf(http),
                "--be-http-port", String.valueOf(freePort()), "--host", "127.0.0.1"));
        Path out = data.resolve("stdout.txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        OUTPUT.put(p, out);
        return p;
    }

    /** Each launched server's console file, so a failed start can say why. */
    private static final java.util.Map<Process, Path> OUTPUT = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** The last lines the server printed (its console and log), for assertion messages. */
    static String outputTail(Process p)
    {
        Path out = OUTPUT.get(p);
        if (out == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (Path f : List.of(out, out.resolveSibling("log").resolve("starling.log"))) {
            try {
                List<String> lines = Files.readAllLines(f);
                sb.append("\n--- ").append(f).append(" (last lines) ---\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            }
            catch (IOException ignored) {
                // not written
            }
        }
        return sb.toString();
    }

    static void waitForPort(int port, Process p) throws Exception
    {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("server exited with " + p.exitValue() + outputTail(p));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            }
            catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("server did not open port " + port + outputTail(p));
    }

    static int freePort() throws IOException
    {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

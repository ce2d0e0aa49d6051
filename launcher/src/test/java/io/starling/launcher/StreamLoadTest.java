package io.starling.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stream Load end to end through the FE's redirect and the BE's HTTP port, with Java's HttpClient, raw sockets
 * (to see exactly what the FE answers to {@code Expect: 100-continue}) and curl (skipped if not installed).
 */
class StreamLoadTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROOT_AUTH = "Basic " + Base64.getEncoder().encodeToString("root:".getBytes(StandardCharsets.UTF_8));

    private static Path dataDir;
    private static StarlingServer server;
    private static Connection conn;
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception
    {
        dataDir = Files.createTempDirectory("starling-stream-load-");
        server = new StarlingServer(ServerConfig.defaults().withDataDir(dataDir).withBindHost("127.0.0.1")
                .withMysqlPort(0).withHttpPort(0).withBeHttpPort(0).withWorkerThreads(2));
        server.start();
        conn = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.mysqlPort()
                + "/?useSSL=false&allowPublicKeyRetrieval=true", "root", "");
        sql("CREATE DATABASE sl");
        sql("CREATE TABLE sl.t1 (id INT NOT NULL, name VARCHAR(32), score DECIMAL(10, 2)) DUPLICATE KEY(id) "
                + "DISTRIBUTED BY HASH(id) BUCKETS 2");
        sql("CREATE TABLE sl.t2 (a INT NOT NULL, b VARCHAR(20), c BIGINT) DUPLICATE KEY(a) DISTRIBUTED BY HASH(a) BUCKETS 1");
        sql("CREATE TABLE sl.t3 (k INT NOT NULL, v VARCHAR(20), d DATE) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1");
    }

    @AfterAll
    static void stop() throws Exception
    {
        if (conn != null) {
            conn.close();
        }
        server.close();
        try (var files = Files.walk(dataDir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    private static void sql(String s) throws Exception
    {
        try (Statement st = conn.createStatement()) {
            st.execute(s);
        }
    }

    private static List<String> rows(String query) throws Exception
    {
        return StreamLoadClient.rows(conn, query);
    }

    /** PUT to the FE, follow its 307 to the BE with the same headers (what curl --location-trusted does). */
    private static JsonNode load(String table, Map<String, String> headers, String body) throws Exception
    {
        HttpResponse<String> fe = put(server.httpPort(), "/api/sl/" + table + "/_stream_load", headers, body, true);
        assertThat(fe.statusCode()).as(fe.body()).isEqualTo(307);
        String location = fe.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("http://127.0.0.1:" + server.beHttpPort() + "/api/sl/" + table + "/_stream_load");
        HttpResponse<String> be = HTTP.send(request(URI.create(location), headers, body, true), HttpResponse.BodyHandlers.ofString());
        assertThat(be.statusCode()).as(be.body()).isEqualTo(200);
        return JSON.readTree(be.body());
    }

    private static HttpResponse<String> put(int port, String path, Map<String, String> headers, String body, boolean expect)
            throws Exception
    {
        return HTTP.send(request(URI.create("http://127.0.0.1:" + port + path), headers, body, expect),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(URI uri, Map<String, String> headers, String body, boolean expect)
    {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.ofString(body))
                .expectContinue(expect);
        b.header("Authorization", headers.getOrDefault("Authorization", ROOT_AUTH));
        headers.forEach((k, v) -> {
            if (!k.equals("Authorization")) {
                b.header(k, v);
            }
        });
        return b.build();
    }

    @Test
    void feAnswers307InsteadOf100Continue() throws Exception
    {
        try (Socket s = new Socket("127.0.0.1", server.httpPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("PUT /api/sl/t1/_stream_load?x=1 HTTP/1.1\r\nHost: 127.0.0.1:" + server.httpPort()
                    + "\r\nAuthorization: " + ROOT_AUTH + "\r\nExpect: 100-continue\r\nContent-Length: 10\r\nlabel: never\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(head).startsWith("HTTP/1.1 307");
            assertThat(head).doesNotContain("100 Continue");
            assertThat(head).contains("location: http://127.0.0.1:" + server.beHttpPort() + "/api/sl/t1/_stream_load?x=1");
        }
    }

    @Test
    void csvWithSeparatorThroughRedirect() throws Exception
    {
        JsonNode r = load("t1", Map.of("label", "csv1", "column_separator", "|"), "1|alice|1.50\n2|bob|2.25\n3|\\N|3\n");
        assertThat(r.get("Status").asText()).as(r.toString()).isEqualTo("Success");
        assertThat(r.get("NumberLoadedRows").asLong()).isEqualTo(3);
        assertThat(r.get("NumberTotalRows").asLong()).isEqualTo(3);
        assertThat(r.get("Label").asText()).isEqualTo("csv1");
        assertThat(r.has("ErrorURL")).isFalse();
        for (String f : List.of("TxnId", "Message", "NumberFilteredRows", "NumberUnselectedRows", "LoadBytes", "LoadTimeMs",
                "BeginTxnTimeMs", "StreamLoadPlanTimeMs", "ReadDataTimeMs", "WriteDataTimeMs", "CommitAndPublishTimeMs")) {
            assertThat(r.has(f)).as(f).isTrue();
        }
        assertThat(rows("SELECT id, name, score FROM sl.t1 WHERE id <= 3 ORDER BY id"))
                .containsExactly("1|alice|1.50", "2|bob|2.25", "3|null|3.00");
    }

    @Test
    void columnsMappingWithDerivedColumnAndWhere() throws Exception
    {
        JsonNode r = load("t2", Map.of("label", "map1", "column_separator", ",",
                "columns", "x, skip, b, y, a = x + y, c = y * 100", "where", "a > 3"),
                "1,zzz,one,1\n2,zzz,two,2\n3,zzz,three,3\n");
        assertThat(r.get("Status").asText()).as(r.toString()).isEqualTo("Success");
        assertThat(r.get("NumberLoadedRows").asLong()).isEqualTo(2);
        assertThat(r.get("NumberUnselectedRows").asLong()).isEqualTo(1);
        assertThat(rows("SELECT a, b, c FROM sl.t2 WHERE a < 50 ORDER BY a")).containsExactly("4|two|200", "6|three|300");
    }

    @Test
    void maxFilterRatioFailAndPassWithErrorUrl() throws Exception
    {
        String body = "100\tok\t2020-01-01\nxx\tbad\t2020-01-02\n101\tok\t2020-01-03\n";
        JsonNode fail = load("t3", Map.of("label", "ratio_fail"), body);
        assertThat(fail.get("Status").asText()).as(fail.toString()).isEqualTo("Fail");
        assertThat(fail.get("NumberFilteredRows").asLong()).isEqualTo(1);
        assertThat(fail.get("ErrorURL").asText()).contains("/api/_load_error_log?file=");
        assertThat(rows("SELECT count(*) FROM sl.t3 WHERE k >= 100")).containsExactly("0");

        JsonNode ok = load("t3", Map.of("label", "ratio_ok", "max_filter_ratio", "0.5"), body);
        assertThat(ok.get("Status").asText()).as(ok.toString()).isEqualTo("Success");
        assertThat(ok.get("NumberLoadedRows").asLong()).isEqualTo(2);
        assertThat(ok.get("NumberFilteredRows").asLong()).isEqualTo(1);
        HttpResponse<String> log = HTTP.send(HttpRequest.newBuilder(URI.create(ok.get("ErrorURL").asText())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(log.statusCode()).isEqualTo(200);
        assertThat(log.body()).contains("NULL value in non-nullable column `k`");
        assertThat(rows("SELECT k, v, d FROM sl.t3 WHERE k >= 100 ORDER BY k"))
                .containsExactly("100|ok|2020-01-01", "101|ok|2020-01-03");
    }

    @Test
    void wrongColumnCountIsRejectedWithTheLine() throws Exception
    {
        JsonNode r = load("t3", Map.of("label", "count1", "max_filter_ratio", "1"), "200\tx\t2021-02-03\n201\tonly-two\n");
        assertThat(r.get("Status").asText()).as(r.toString()).isEqualTo("Success");
        assertThat(r.get("NumberFilteredRows").asLong()).isEqualTo(1);
        String log = HTTP.send(HttpRequest.newBuilder(URI.create(r.get("ErrorURL").asText())).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(log).contains("Value count does not match column count. Expect 3, but got 2").contains("201\tonly-two");
    }

    @Test
    void labelReuseAndLoadState() throws Exception
    {
        JsonNode first = load("t2", Map.of("label", "dup1", "column_separator", ","), "50,x,5\n");
        assertThat(first.get("Status").asText()).as(first.toString()).isEqualTo("Success");
        JsonNode again = load("t2", Map.of("label", "dup1", "column_separator", ","), "51,y,6\n");
        assertThat(again.get("Status").asText()).isEqualTo("Label Already Exists");
        assertThat(again.get("ExistingJobStatus").asText()).isEqualTo("FINISHED");
        assertThat(rows("SELECT count(*) FROM sl.t2 WHERE a >= 50")).containsExactly("1");
        HttpResponse<String> state = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort()
                + "/api/sl/get_load_state?label=dup1")).header("Authorization", ROOT_AUTH).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode s = JSON.readTree(state.body());
        assertThat(s.get("Status").asText()).isEqualTo("OK");
        assertThat(s.get("State").asText()).isEqualTo("VISIBLE");
        HttpResponse<String> unknown = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort()
                + "/api/sl/get_load_state?label=nope")).header("Authorization", ROOT_AUTH).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(unknown.body()).get("State").asText()).isEqualTo("UNKNOWN");
    }

    @Test
    void jsonWithStripOuterArrayAndJsonPaths() throws Exception
    {
        JsonNode r = load("t2", Map.of("label", "json1", "format", "json", "strip_outer_array", "true"),
                "[{\"a\": 300, \"b\": \"j1\", \"c\": 7}, {\"a\": 301, \"b\": null}]");
        assertThat(r.get("Status").asText()).as(r.toString()).isEqualTo("Success");
        assertThat(rows("SELECT a, b, c FROM sl.t2 WHERE a >= 300 AND a < 400 ORDER BY a"))
                .containsExactly("300|j1|7", "301|null|null");
        JsonNode p = load("t2", Map.of("label", "json2", "format", "json", "strip_outer_array", "true",
                "jsonpaths", "[\"$.id\", \"$.info.name\", \"$.info.n\"]", "columns", "a, b, c"),
                "[{\"id\": 400, \"info\": {\"name\": \"deep\", \"n\": 9}}]");
        assertThat(p.get("Status").asText()).as(p.toString()).isEqualTo("Success");
        assertThat(rows("SELECT a, b, c FROM sl.t2 WHERE a = 400")).containsExactly("400|deep|9");
    }

    @Test
    void badAuthUnknownTableAndUnknownColumn() throws Exception
    {
        String bad = "Basic " + Base64.getEncoder().encodeToString("root:wrong".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> fe = put(server.httpPort(), "/api/sl/t1/_stream_load", Map.of("Authorization", bad), "1\tx\t1\n", true);
        assertThat(fe.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(fe.body()).get("Status").asText()).isEqualTo("Fail");
        HttpResponse<String> be = put(server.beHttpPort(), "/api/sl/t1/_stream_load", Map.of("Authorization", bad), "1\tx\t1\n", false);
        assertThat(be.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(be.body()).get("Status").asText()).isEqualTo("Fail");

        HttpResponse<String> noTable = put(server.httpPort(), "/api/sl/nope/_stream_load", Map.of(), "1\n", true);
        JsonNode nt = JSON.readTree(noTable.body());
        assertThat(nt.get("Status").asText()).isEqualTo("Fail");
        assertThat(nt.get("Message").asText()).contains("nope");

        HttpResponse<String> direct = put(server.beHttpPort(), "/api/sl/t2/_stream_load",
                Map.of("label", "badcol", "columns", "a, b, zz = a + 1"), "1\tx\n", true);
        JsonNode dc = JSON.readTree(direct.body());
        assertThat(dc.get("Status").asText()).isEqualTo("Fail");
        assertThat(dc.get("Message").asText()).contains("zz");
    }

    @Test
    void bodyCutOffMidTransferLoadsNothing() throws Exception
    {
        try (Socket s = new Socket("127.0.0.1", server.beHttpPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("PUT /api/sl/t2/_stream_load HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + ROOT_AUTH
                    + "\r\nlabel: cut1\r\ncolumn_separator: ,\r\nContent-Length: 100000\r\n\r\n700,a,1\n701,b,2\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(300);
        }
        // the load aborts once the BE sees the connection closed
        String state = "";
        for (int i = 0; i < 100 && !state.equals("ABORTED"); i++) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort()
                    + "/api/sl/get_load_state?label=cut1")).header("Authorization", ROOT_AUTH).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            state = JSON.readTree(r.body()).get("State").asText();
            if (!state.equals("ABORTED")) {
                Thread.sleep(100);
            }
        }
        assertThat(state).isEqualTo("ABORTED");
        assertThat(rows("SELECT count(*) FROM sl.t2 WHERE a >= 700")).containsExactly("0");
    }

    /**
     * A 400 MB chunked body produced by a generator (never held in memory on either side) loads with bounded
     * server memory: the body pipe pauses socket reads while the sink is behind, batches are 4096 rows, and the one
     * tablet's sorting memtable flushes a sorted run at write_buffer_size (100 MB, StarRocks' default).
     */
    @Test
    void largeGeneratedBodyStreamsWithBoundedMemory() throws Exception
    {
        sql("CREATE TABLE sl.big (id BIGINT NOT NULL, pad VARCHAR(256)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1");
        long targetBytes = 400L << 20;
        String pad = "x".repeat(200);
        int rowBytes = 8 + 1 + pad.length() + 1;
        long rowsWanted = targetBytes / rowBytes;
        InputStream generator = new InputStream()
        {
            private long row;
            private byte[] cur = new byte[0];
            private int pos;

            private boolean next()
            {
                if (row >= rowsWanted) {
                    return false;
                }
                cur = String.format("%08d,%s%n", row++, pad).getBytes(StandardCharsets.US_ASCII);
                pos = 0;
                return true;
            }

            @Override
            public int read()
            {
                if (pos == cur.length && !next()) {
                    return -1;
                }
                return cur[pos++] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len)
            {
                int n = 0;
                while (n < len) {
                    if (pos == cur.length && !next()) {
                        break;
                    }
                    int k = Math.min(len - n, cur.length - pos);
                    System.arraycopy(cur, pos, b, off + n, k);
                    pos += k;
                    n += k;
                }
                return n == 0 ? -1 : n;
            }
        };
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.beHttpPort() + "/api/sl/big/_stream_load"))
                .header("Authorization", ROOT_AUTH).header("label", "big1").header("column_separator", ",")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> generator)).build();
        HttpResponse<String> resp = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        JsonNode r = JSON.readTree(resp.body());
        assertThat(r.get("Status").asText()).as(resp.body()).isEqualTo("Success");
        assertThat(r.get("NumberLoadedRows").asLong()).isEqualTo(rowsWanted);
        assertThat(r.get("LoadBytes").asLong()).isEqualTo(rowsWanted * rowBytes);
        assertThat(rows("SELECT count(*) FROM sl.big")).containsExactly(String.valueOf(rowsWanted));
        // off-heap high-water mark of the whole process: one memtable (100 MB) plus batches, far below the body size
        assertThat(io.starling.storage.memory.MemoryContext.process().peak()).isLessThan(160L << 20);
    }

    @Test
    void curlLocationTrusted() throws Exception
    {
        Path file = Files.createTempFile(dataDir, "load", ".csv");
        Files.writeString(file, "900|curl|9.5\n901|curl2|1\n");
        ProcessBuilder pb = new ProcessBuilder("curl", "-sS", "--location-trusted", "-u", "root:", "-H", "label:curl1",
                "-H", "column_separator:|", "-T", file.toString(),
                "http://127.0.0.1:" + server.httpPort() + "/api/sl/t1/_stream_load");
        Process p;
        try {
            p = pb.redirectErrorStream(true).start();
        }
        catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("curl is not installed");
            return;
        }
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor()).as(out).isEqualTo(0);
        JsonNode r = JSON.readTree(out);
        assertThat(r.get("Status").asText()).as(out).isEqualTo("Success");
        assertThat(rows("SELECT id, name FROM sl.t1 WHERE id >= 900 ORDER BY id")).containsExactly("900|curl", "901|curl2");
    }
}

package io.starling.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loads a table file into Starling. First choice is Stream Load, as a StarRocks user would: {@code PUT
 * /api/{db}/{table}/_stream_load} on the FE HTTP port with Basic auth, {@code Expect: 100-continue},
 * {@code column_separator: |} and a unique label, following a 307 redirect to the BE with the same credentials and
 * body (curl's {@code --location-trusted}). If the server has no Stream Load endpoint (404/405/501 or a reply that
 * is not Stream Load's JSON) or the first Stream Load fails, the loader falls back to multi-row INSERT statements
 * and keeps using them; the reason goes into the report.
 */
final class StarlingLoader
{
    /** How a table got loaded, for the report. */
    enum Method
    {
        STREAM_LOAD, INSERT
    }

    /**
     * Rows per INSERT statement: one statement per batch of rows keeps the per-statement transaction overhead
     * small while the statement text stays a few MB (lineitem lines are about 130 bytes, 4096 x 130 = 0.5 MB).
     */
    private static final int INSERT_ROWS = 4096;
    private static final AtomicLong LABELS = new AtomicLong(System.currentTimeMillis());

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final int httpPort;
    private Method method;
    /** ReadDataTimeMs, WriteDataTimeMs, CommitAndPublishTimeMs of the last Stream Load (-1 if none). */
    private long[] lastSplit = {-1, -1, -1};
    private String fallbackReason = "";

    StarlingLoader(int httpPort)
    {
        this.httpPort = httpPort;
    }

    Method method()
    {
        return method;
    }

    /** Why Stream Load was not used (empty when it was). */
    String fallbackReason()
    {
        return fallbackReason;
    }

    /** Loads {@code file} into {@code db.table}; returns the number of rows loaded. */
    long load(Connection c, String db, TableDef table, Path file) throws IOException, SQLException,
            InterruptedException
    {
        lastSplit = new long[] {-1, -1, -1};
        if (method != Method.INSERT) {
            Optional<Long> rows = streamLoad(db, table.name(), file);
            if (rows.isPresent()) {
                method = Method.STREAM_LOAD;
                return rows.get();
            }
            method = Method.INSERT;
        }
        return insert(c, db, table, file);
    }

    /** Empty when the server has no usable Stream Load endpoint; throws when Stream Load exists but failed. */
    private Optional<Long> streamLoad(String db, String table, Path file) throws IOException, InterruptedException
    {
        URI uri = URI.create("http://127.0.0.1:" + httpPort + "/api/" + db + "/" + table + "/_stream_load");
        String auth = "Basic " + Base64.getEncoder().encodeToString("root:".getBytes(StandardCharsets.UTF_8));
        String label = "bench_" + table + "_" + LABELS.incrementAndGet();
        HttpResponse<String> r;
        try {
            for (int hop = 0; ; hop++) {
                HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofHours(1))
                        .expectContinue(true)
                        .header("Authorization", auth)
                        .header("label", label)
                        .header("column_separator", "|")
                        .PUT(HttpRequest.BodyPublishers.ofFile(file))
                        .build();
                r = http.send(req, HttpResponse.BodyHandlers.ofString());
                if ((r.statusCode() == 307 || r.statusCode() == 302) && hop < 3) {
                    uri = uri.resolve(r.headers().firstValue("Location").orElseThrow());
                    continue;
                }
                break;
            }
        }
        catch (IOException e) {
            fallbackReason = "Stream Load request failed: " + e.getMessage();
            return Optional.empty();
        }
        String body = r.body() == null ? "" : r.body();
        if (r.statusCode() == 404 || r.statusCode() == 405 || r.statusCode() == 501 || !body.contains("\"Status\"")) {
            fallbackReason = "Stream Load not available (HTTP " + r.statusCode() + ")";
            return Optional.empty();
        }
        String status = jsonField(body, "Status");
        if (!"Success".equals(status) && !"Publish Timeout".equals(status)) {
            if (method == null) {
                // the very first Stream Load failed: the endpoint exists but does not work yet; use INSERT
                fallbackReason = "Stream Load answered " + status + ": " + jsonField(body, "Message");
                return Optional.empty();
            }
            throw new IOException("Stream Load of " + db + "." + table + " failed: " + body);
        }
        String loaded = jsonField(body, "NumberLoadedRows");
        lastSplit = new long[] {longField(body, "ReadDataTimeMs"), longField(body, "WriteDataTimeMs"),
            longField(body, "CommitAndPublishTimeMs")};
        return Optional.of(loaded == null ? -1 : Long.parseLong(loaded));
    }

    /**
     * Starling's split of the last load {@link #load} did by Stream Load: parse, sink (operators, sort, encode,
     * write) and commit/publish milliseconds; -1 each after an INSERT load.
     */
    long[] lastSplit()
    {
        return lastSplit.clone();
    }

    private static long longField(String json, String name)
    {
        String v = jsonField(json, name);
        try {
            return v == null ? -1 : Long.parseLong(v.trim());
        }
        catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A top-level scalar field of a flat JSON object, without a JSON library. */
    static String jsonField(String json, String name)
    {
        int i = json.indexOf("\"" + name + "\"");
        if (i < 0) {
            return null;
        }
        int colon = json.indexOf(':', i);
        int p = colon + 1;
        while (p < json.length() && Character.isWhitespace(json.charAt(p))) {
            p++;
        }
        if (p < json.length() && json.charAt(p) == '"') {
            int end = json.indexOf('"', p + 1);
            return json.substring(p + 1, end);
        }
        int end = p;
        while (end < json.length() && ",}\n\r ".indexOf(json.charAt(end)) < 0) {
            end++;
        }
        return json.substring(p, end);
    }

    private static long insert(Connection c, String db, TableDef table, Path file) throws IOException, SQLException
    {
        List<TableDef.Column> cols = table.columns();
        String head = "INSERT INTO " + db + "." + table.name() + " VALUES ";
        StringBuilder sql = new StringBuilder(head);
        long rows = 0;
        int batch = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                Statement s = c.createStatement()) {
            String line;
            while ((line = in.readLine()) != null) {
                if (batch > 0) {
                    sql.append(',');
                }
                appendRow(sql, cols, line);
                batch++;
                rows++;
                if (batch == INSERT_ROWS) {
                    s.executeUpdate(sql.toString());
                    sql.setLength(head.length());
                    batch = 0;
                }
            }
            if (batch > 0) {
                s.executeUpdate(sql.toString());
            }
        }
        return rows;
    }

    /** One '|'-separated line as a parenthesised SQL row; strings and dates quoted with '' escaping. */
    static void appendRow(StringBuilder sql, List<TableDef.Column> cols, String line)
    {
        sql.append('(');
        int start = 0;
        for (int i = 0; i < cols.size(); i++) {
            int end = line.indexOf('|', start);
            if (end < 0) {
                end = line.length();
            }
            if (i > 0) {
                sql.append(',');
            }
            if (cols.get(i).isQuoted()) {
                sql.append('\'');
                for (int k = start; k < end; k++) {
                    char ch = line.charAt(k);
                    if (ch == '\'') {
                        sql.append('\'');
                    }
                    else if (ch == '\\') {
                        sql.append('\\');
                    }
                    sql.append(ch);
                }
                sql.append('\'');
            }
            else {
                sql.append(line, start, end);
            }
            start = end + 1;
        }
        sql.append(')');
    }
}

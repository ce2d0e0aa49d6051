package io.starling.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
 * Stream Load's {@code partial_update} and {@code merge_condition} headers on PRIMARY KEY tables: a partial update
 * keeps the columns it does not load, a merge condition drops rows older than the live ones, both survive a restart.
 */
class StreamLoadPartialUpdateTest
{

    private static Path dataDir;
    private static StarlingServer server;
    private static Connection conn;

    @BeforeAll
    static void start() throws Exception
    {
        dataDir = Files.createTempDirectory("starling-partial-");
        boot();
        sql("CREATE DATABASE up");
        sql("CREATE TABLE up.pk (id INT NOT NULL, name VARCHAR(32), score BIGINT DEFAULT '7', ver INT) PRIMARY KEY(id) "
                + "DISTRIBUTED BY HASH(id) BUCKETS 2");
        sql("CREATE TABLE up.cond (id INT NOT NULL, name VARCHAR(32), ver INT) PRIMARY KEY(id) "
                + "DISTRIBUTED BY HASH(id) BUCKETS 2");
        sql("CREATE TABLE up.dup (id INT NOT NULL, name VARCHAR(32)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1");
    }

    private static void boot() throws Exception
    {
        server = new StarlingServer(ServerConfig.defaults().withDataDir(dataDir).withBindHost("127.0.0.1")
                .withMysqlPort(0).withHttpPort(0).withBeHttpPort(0).withWorkerThreads(2));
        server.start();
        conn = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.mysqlPort()
                + "/?useSSL=false&allowPublicKeyRetrieval=true", "root", "");
    }

    private static void restart() throws Exception
    {
        conn.close();
        server.close();
        boot();
    }

    @AfterAll
    static void stop() throws Exception
    {
        if (conn != null) {
            conn.close();
        }
        server.close();
        TestServer.deleteRecursively(dataDir);
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

    private static JsonNode load(String table, Map<String, String> headers, String body) throws Exception
    {
        return StreamLoadClient.load(server.httpPort(), "up", table, headers, body);
    }

    private static void assertSuccess(JsonNode r)
    {
        StreamLoadClient.assertSuccess(r);
    }

    @Test
    void partialUpdateKeepsOtherColumnsAndMergeConditionKeepsNewerRows() throws Exception
    {
        assertSuccess(load("pk", Map.of("label", "p1", "column_separator", ","), "1,a,10,1\n2,b,20,1\n"));
        // existing key 1 gets a new name and keeps score/ver; new key 3 gets the default score and NULL ver
        assertSuccess(load("pk", Map.of("label", "p2", "column_separator", ",", "partial_update", "true",
                "columns", "id,name"), "1,a2\n3,c\n"));
        assertThat(rows("SELECT id, name, score, ver FROM up.pk ORDER BY id"))
                .containsExactly("1|a2|10|1", "2|b|20|1", "3|c|7|null");
        assertSuccess(load("pk", Map.of("label", "p3", "column_separator", ",", "partial_update", "true",
                "columns", "id,score"), "2,21\n"));
        assertThat(rows("SELECT id, name, score, ver FROM up.pk ORDER BY id"))
                .containsExactly("1|a2|10|1", "2|b|21|1", "3|c|7|null");

        assertSuccess(load("cond", Map.of("label", "c1", "column_separator", ","), "1,a,5\n2,b,5\n"));
        JsonNode r = load("cond", Map.of("label", "c2", "column_separator", ",", "merge_condition", "ver"),
                "1,older,4\n2,newer,6\n3,new,1\n");
        assertSuccess(r);
        // dropped rows still count as loaded (StarRocks)
        assertThat(r.get("NumberLoadedRows").asLong()).isEqualTo(3);
        assertThat(rows("SELECT id, name, ver FROM up.cond ORDER BY id")).containsExactly("1|a|5", "2|newer|6", "3|new|1");

        restart();
        assertThat(rows("SELECT id, name, score, ver FROM up.pk ORDER BY id"))
                .containsExactly("1|a2|10|1", "2|b|21|1", "3|c|7|null");
        assertThat(rows("SELECT id, name, ver FROM up.cond ORDER BY id")).containsExactly("1|a|5", "2|newer|6", "3|new|1");
    }

    @Test
    void headersAreCheckedAsStarRocksDoes() throws Exception
    {
        JsonNode r = load("dup", Map.of("label", "x1", "column_separator", ",", "partial_update", "true", "columns", "id"), "1\n");
        assertThat(r.get("Status").asText()).as(r.toString()).isEqualTo("Fail");
        assertThat(r.get("Message").asText()).contains("Primary Key");
        r = load("pk", Map.of("label", "x2", "column_separator", ",", "partial_update", "true", "columns", "name"), "a\n");
        assertThat(r.get("Status").asText()).as(r.toString()).isEqualTo("Fail");
        assertThat(r.get("Message").asText()).contains("key column");
        r = load("cond", Map.of("label", "x3", "column_separator", ",", "merge_condition", "nope"), "1,a,1\n");
        assertThat(r.get("Status").asText()).as(r.toString()).isEqualTo("Fail");
    }
}

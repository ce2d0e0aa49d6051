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
 * Stream Load into PRIMARY KEY tables: upserts replace rows by key, the {@code __op} column (source column with
 * 0/1, or derived {@code __op='delete'}) deletes keys, and {@code __op} on a DUPLICATE KEY table is refused.
 */
class StreamLoadUpsertTest
{

    private static Path dataDir;
    private static StarlingServer server;
    private static Connection conn;

    @BeforeAll
    static void start() throws Exception
    {
        dataDir = Files.createTempDirectory("starling-upsert-");
        server = new StarlingServer(ServerConfig.defaults().withDataDir(dataDir).withBindHost("127.0.0.1")
                .withMysqlPort(0).withHttpPort(0).withBeHttpPort(0).withWorkerThreads(2));
        server.start();
        conn = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.mysqlPort()
                + "/?useSSL=false&allowPublicKeyRetrieval=true", "root", "");
        sql("CREATE DATABASE up");
        sql("CREATE TABLE up.pk (id INT NOT NULL, name VARCHAR(32) NOT NULL, score BIGINT) PRIMARY KEY(id) "
                + "DISTRIBUTED BY HASH(id) BUCKETS 2");
        sql("CREATE TABLE up.dup (id INT NOT NULL, name VARCHAR(32)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1");
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
    void upsertsAndDeletesByKey() throws Exception
    {
        // duplicate keys inside one load: the last row wins
        assertSuccess(load("pk", Map.of("label", "u1", "column_separator", ","), "1,a,10\n2,b,20\n3,c,30\n1,a2,11\n"));
        assertThat(rows("SELECT id, name, score FROM up.pk ORDER BY id")).containsExactly("1|a2|11", "2|b|20", "3|c|30");

        // __op as a source column: 0 upserts, 1 deletes; a delete of a missing key is a no-op
        assertSuccess(load("pk", Map.of("label", "u2", "column_separator", ",", "columns", "id,name,score,__op"),
                "2,b2,21,0\n3,x,0,1\n9,x,0,1\n4,d,40,0\n"));
        assertThat(rows("SELECT id, name, score FROM up.pk ORDER BY id")).containsExactly("1|a2|11", "2|b2|21", "4|d|40");

        // a key deleted and re-inserted within one load keeps its last operation
        assertSuccess(load("pk", Map.of("label", "u3", "column_separator", ",", "columns", "id,name,score,__op"),
                "4,z,0,1\n4,d2,41,0\n1,z,0,0\n1,z,0,1\n"));
        assertThat(rows("SELECT id, name, score FROM up.pk ORDER BY id")).containsExactly("2|b2|21", "4|d2|41");

        // __op='delete': only the key is needed, the NOT NULL value column may be missing
        assertSuccess(load("pk", Map.of("label", "u4", "column_separator", ",", "columns", "id,__op='delete'"), "2\n"));
        assertThat(rows("SELECT id, name, score FROM up.pk ORDER BY id")).containsExactly("4|d2|41");
        assertThat(rows("SELECT count(*), sum(score) FROM up.pk")).containsExactly("1|41");
    }

    @Test
    void opColumnNeedsAPrimaryKeyTable() throws Exception
    {
        JsonNode r = load("dup", Map.of("label", "d1", "column_separator", ",", "columns", "id,name,__op"), "1,a,1\n");
        assertThat(r.get("Status").asText()).as(r.toString()).isEqualTo("Fail");
        assertThat(r.get("Message").asText()).contains("__op");
    }
}

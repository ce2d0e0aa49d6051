package io.starling.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Column statistics collected by Stream Load (the SLT files cover INSERT): successive loads union their NDV
 * sketches, and SHOW STATS META says the loads collected them.
 */
class FeLoadStatsTest
{
    private static TestServer server;
    private static Connection conn;

    @BeforeAll
    static void start() throws Exception
    {
        server = new TestServer();
        conn = DriverManager.getConnection(server.jdbcUrl(""), "root", "");
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE DATABASE ls");
            s.execute("CREATE TABLE ls.dup (id INT NOT NULL, city VARCHAR(16)) DUPLICATE KEY(id) "
                    + "DISTRIBUTED BY HASH(id) BUCKETS 2");
        }
    }

    @AfterAll
    static void stop() throws Exception
    {
        if (conn != null) {
            conn.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static JsonNode load(String table, String label, String body) throws Exception
    {
        JsonNode r = StreamLoadClient.load(server.httpPort(), "ls", table, Map.of("label", label,
                "column_separator", ","), body);
        StreamLoadClient.assertSuccess(r);
        return r;
    }

    @Test
    void streamLoadsUnionTheirStatistics() throws Exception
    {
        load("dup", "d1", "1,Oslo\n2,Rome\n3,\\N\n4,Oslo\n");
        assertThat(StreamLoadClient.rows(conn, "SHOW COLUMN STATS ls.dup")).containsExactly(
                "id|4|4|0|16|4.0|1|4", "city|4|2|1|12|4.0|Oslo|Rome");
        // ids 3..6 overlap two of the first load's; one new city
        load("dup", "d2", "3,Lima\n4,Rome\n5,Oslo\n6,Rome\n");
        assertThat(StreamLoadClient.rows(conn, "SHOW COLUMN STATS ls.dup")).containsExactly(
                "id|8|6|0|32|4.0|1|6", "city|8|3|1|28|4.0|Lima|Rome");
        assertThat(StreamLoadClient.rows(conn, "SHOW STATS META WHERE `Table` = 'dup'")).singleElement()
                .asString().contains("collected_by=load").endsWith("|100%");
    }
}

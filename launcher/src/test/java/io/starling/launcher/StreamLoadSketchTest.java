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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stream Load into BITMAP and HLL columns through derived columns, as StarRocks users load them
 * ({@code columns: k, uid, uv=to_bitmap(uid), h=hll_hash(uid)}), into an Aggregate Key table and a Duplicate Key
 * table; the sketches answer bitmap_union_count / hll_union_agg before and after a restart.
 */
class StreamLoadSketchTest
{
    private static Path dataDir;
    private static StarlingServer server;
    private static Connection conn;

    @BeforeAll
    static void start() throws Exception
    {
        dataDir = Files.createTempDirectory("starling-sketch-");
        boot();
        sql("CREATE DATABASE sk");
        sql("CREATE TABLE sk.agg (dt DATE, page INT, uv BITMAP BITMAP_UNION, h HLL HLL_UNION) AGGREGATE KEY(dt, page) "
                + "DISTRIBUTED BY HASH(page) BUCKETS 3");
        sql("CREATE TABLE sk.dup (dt DATE, uv BITMAP) DUPLICATE KEY(dt) DISTRIBUTED BY HASH(dt) BUCKETS 2");
    }

    private static void boot() throws Exception
    {
        server = new StarlingServer(ServerConfig.defaults().withDataDir(dataDir).withBindHost("127.0.0.1")
                .withMysqlPort(0).withHttpPort(0).withBeHttpPort(0).withWorkerThreads(2));
        server.start();
        conn = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.mysqlPort()
                + "/?useSSL=false&allowPublicKeyRetrieval=true", "root", "");
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

    @Test
    void derivedToBitmapAndHllHashColumnsLoadAndSurviveRestart() throws Exception
    {
        // 3000 rows: page = i % 3, uid = i % 1000 (1000 distinct users; per page 1000 / 3 rounded)
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            csv.append("2024-01-0").append(1 + i % 2).append(',').append(i % 3).append(',').append(i % 1000).append('\n');
        }
        csv.append("2024-01-01,0,\\N\n");   // a NULL uid: to_bitmap(NULL) is NULL, hll_hash(NULL) the empty HLL
        JsonNode r = StreamLoadClient.load(server.httpPort(), "sk", "agg", Map.of("label", "s1", "column_separator", ",",
                "columns", "dt, page, uid, uv=to_bitmap(uid), h=hll_hash(uid)"), csv.toString());
        StreamLoadClient.assertSuccess(r);
        assertThat(r.get("NumberLoadedRows").asLong()).isEqualTo(3001);
        StreamLoadClient.assertSuccess(StreamLoadClient.load(server.httpPort(), "sk", "dup", Map.of("label", "d1",
                "column_separator", ",", "columns", "dt, uid, uv=to_bitmap(uid)"), "2024-01-01,5\n2024-01-01,7\n2024-01-02,5\n"));
        check();
        conn.close();
        server.close();
        boot();
        check();
    }

    private static void check() throws Exception
    {
        // exact below 1024 distinct values (HLL explicit form)
        assertThat(StreamLoadClient.rows(conn, "SELECT bitmap_union_count(uv), hll_union_agg(h) FROM sk.agg"))
                .containsExactly("1000|1000");
        // i % 3 == page and i % 1000 == uid: page p sees uids u with (u - p) % 3 in reach over i < 3000: all 1000
        assertThat(StreamLoadClient.rows(conn, "SELECT page, bitmap_union_count(uv), hll_union_agg(h) FROM sk.agg GROUP BY page ORDER BY page"))
                .containsExactly("0|1000|1000", "1|1000|1000", "2|1000|1000");
        assertThat(StreamLoadClient.rows(conn, "SELECT dt, bitmap_to_string(bitmap_union(uv)) FROM sk.dup GROUP BY dt ORDER BY dt"))
                .containsExactly("2024-01-01|5,7", "2024-01-02|5");
    }
}

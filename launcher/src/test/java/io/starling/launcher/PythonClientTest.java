package io.starling.launcher;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server as Python sees it: PyMySQL the way SQLAlchemy drives it (autocommit off, so COMMIT/ROLLBACK arrive as
 * statements; parameters interpolated client-side with PyMySQL's escaping), DECIMAL and DATE values arriving as
 * {@code decimal.Decimal} and {@code datetime.date}; then, if SQLAlchemy is installed, the mysql+pymysql dialect's
 * reflection ({@code inspect(engine)}), which reads SHOW CREATE TABLE with MySQL-DDL regular expressions.
 *
 * <p>Needs Debian's {@code /usr/bin/python3} with python3-pymysql (python3-sqlalchemy optional); skipped
 * otherwise. The script is written to a temporary file and prints one line per passed check.
 */
class PythonClientTest
{
    private static final String PYTHON = "/usr/bin/python3";

    private static final String SCRIPT = """
            import sys, decimal, datetime, warnings
            import pymysql

            port = int(sys.argv[1])
            conn = pymysql.connect(host="127.0.0.1", port=port, user="root", password="", autocommit=False,
                                   charset="utf8mb4")
            cur = conn.cursor()
            cur.execute("CREATE DATABASE IF NOT EXISTS py")
            conn.select_db("py")
            cur.execute("CREATE TABLE items (id INT NOT NULL COMMENT 'the id', name VARCHAR(64), "
                        "price DECIMAL(10, 2), d DATE, ts DATETIME, f DOUBLE, big BIGINT) "
                        "DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1")
            tricky = "O'Brien \\\\ \\"q\\" line1\\nline2\\ttab \\u00e9\\u4e2d"
            cur.execute("INSERT INTO items VALUES (%s, %s, %s, %s, %s, %s, %s)",
                        (1, tricky, decimal.Decimal("12.30"), datetime.date(2024, 5, 6),
                         datetime.datetime(2024, 5, 6, 7, 8, 9), 0.5, 5000000000))
            cur.executemany("INSERT INTO items VALUES (%s, %s, %s, %s, %s, %s, %s)",
                            [(2, None, None, None, None, None, None),
                             (3, "c", decimal.Decimal("-1.05"), datetime.date(1999, 12, 31),
                              datetime.datetime(2000, 1, 1), 1e100, -1)])
            conn.commit()
            print("insert ok")

            cur.execute("SELECT id, name, price, d, ts, f, big FROM items ORDER BY id")
            rows = cur.fetchall()
            assert len(rows) == 3, rows
            r = rows[0]
            assert r[0] == 1 and r[1] == tricky, r
            assert isinstance(r[2], decimal.Decimal) and r[2] == decimal.Decimal("12.30"), r
            assert str(r[2]) == "12.30", r
            assert type(r[3]) is datetime.date and r[3] == datetime.date(2024, 5, 6), r
            assert r[4] == datetime.datetime(2024, 5, 6, 7, 8, 9), r
            assert r[5] == 0.5 and r[6] == 5000000000, r
            assert rows[1] == (2, None, None, None, None, None, None), rows[1]
            assert rows[2][2] == decimal.Decimal("-1.05") and rows[2][5] == 1e100, rows[2]
            print("select ok")

            cur.execute("SELECT id FROM items WHERE name = %s", (tricky,))
            assert cur.fetchall() == ((1,),)
            cur.execute("SELECT count(*) FROM items WHERE id IN %s", ((1, 3),))
            assert cur.fetchone() == (2,)
            print("parameters ok")

            conn.rollback()
            conn.begin()
            cur.execute("SELECT count(*) FROM items")
            assert cur.fetchone() == (3,)
            conn.commit()
            conn.ping(reconnect=False)
            print("transactions ok")

            cur.execute("SELECT @@transaction_isolation, @@sql_mode, DATABASE(), VERSION()")
            iso, mode, db, version = cur.fetchone()
            assert db == "py" and version.startswith("8.0"), (db, version)
            conn.close()

            try:
                import sqlalchemy
            except ImportError:
                print("sqlalchemy missing")
                sys.exit(0)
            from sqlalchemy import create_engine, inspect, text
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                engine = create_engine("mysql+pymysql://root:@127.0.0.1:%d/py" % port)
                insp = inspect(engine)
                names = insp.get_table_names()
                assert "items" in names, names
                cols = insp.get_columns("items")
                assert [c["name"] for c in cols] == ["id", "name", "price", "d", "ts", "f", "big"], cols
                by_name = {c["name"]: c for c in cols}
                assert by_name["id"]["nullable"] is False, by_name["id"]
                assert by_name["name"]["nullable"] is True, by_name["name"]
                assert isinstance(by_name["price"]["type"], sqlalchemy.types.Numeric), by_name["price"]
                assert isinstance(by_name["d"]["type"], sqlalchemy.types.Date), by_name["d"]
                assert isinstance(by_name["name"]["type"], sqlalchemy.types.String), by_name["name"]
                assert insp.has_table("items") and not insp.has_table("no_such_table")
                with engine.connect() as c:
                    assert c.execute(text("SELECT count(*) FROM items WHERE price > :p"), {"p": 0}).scalar() == 1
                engine.dispose()
            for w in caught:
                print("warning: %s" % w.message)
            print("sqlalchemy ok")
            """;

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception
    {
        Assumptions.assumeTrue(new File(PYTHON).canExecute(), "no " + PYTHON);
        Process p = new ProcessBuilder(PYTHON, "-c", "import pymysql").redirectErrorStream(true).start();
        Assumptions.assumeTrue(p.waitFor() == 0, "python3-pymysql is not installed (apt-get install python3-pymysql)");
        server = new TestServer();
    }

    @AfterAll
    static void stop()
    {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void pymysqlAndSqlalchemy() throws Exception
    {
        Path script = Files.createTempFile("starling-pymysql-", ".py");
        try {
            Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
            String out = CliSupport.run(PYTHON, script.toString(), String.valueOf(server.port()));
            System.out.println(out);
            assertThat(out).contains("insert ok", "select ok", "parameters ok", "transactions ok");
            assertThat(out).containsAnyOf("sqlalchemy ok", "sqlalchemy missing");
        }
        finally {
            Files.deleteIfExists(script);
        }
    }
}

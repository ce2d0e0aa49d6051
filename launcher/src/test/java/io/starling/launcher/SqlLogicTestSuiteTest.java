package io.starling.launcher;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Runs every test/sql/**&#47;*.test file (sqllogictest format, see {@link SqlLogicTest}) against one in-process
 * server through MySQL Connector/J. Set -Dslt.filter=substring to run a subset.
 */
class SqlLogicTestSuiteTest
{
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception
    {
        server = new TestServer();
    }

    @AfterAll
    static void stop()
    {
        if (server != null) {
            server.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> sqlFiles() throws Exception
    {
        Path root = Path.of(System.getProperty("starling.project.root", "..")).resolve("test/sql");
        String filter = System.getProperty("slt.filter", "");
        return SqlLogicTest.findTests(root).stream()
                .filter(p -> p.toString().contains(filter))
                .map(p -> DynamicTest.dynamicTest(root.relativize(p).toString(), () -> new SqlLogicTest(p, server).run()));
    }
}

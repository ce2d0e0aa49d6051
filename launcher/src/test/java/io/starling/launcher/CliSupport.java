package io.starling.launcher;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs command line clients (the mariadb CLI, Debian's python3 with PyMySQL) from tests. */
final class CliSupport
{
    private CliSupport()
    {
    }

    /** Absolute path of the first executable found on the PATH, or null. */
    static String find(String... names)
    {
        for (String name : names) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
                File f = new File(dir, name);
                if (f.canExecute()) {
                    return f.getAbsolutePath();
                }
            }
        }
        return null;
    }

    static String run(String... cmd) throws Exception
    {
        Result r = exec(cmd);
        if (r.exit != 0) {
            throw new AssertionError(String.join(" ", cmd) + " exited " + r.exit + ":\n" + r.output);
        }
        return r.output;
    }

    static String runExpectFailure(String... cmd) throws Exception
    {
        Result r = exec(cmd);
        if (r.exit == 0) {
            throw new AssertionError(String.join(" ", cmd) + " should have failed:\n" + r.output);
        }
        return r.output;
    }

    private record Result(int exit, String output)
    {
    }

    private static Result exec(String... cmd) throws Exception
    {
        List<String> command = new ArrayList<>(List.of(cmd));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " timed out");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}

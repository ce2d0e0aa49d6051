package io.starling.bench;

import java.nio.file.Path;

/**
 * {@code bin/starling bench}: runs the TPC-H / SSB harness ({@link BenchRunner}) and writes the report
 * ({@link ReportWriter}). Exit status 0 when every answer matched DuckDB's, 1 when one did not (with
 * {@code --tolerate-known}: when one not listed in {@link KnownFailures} did not), 2 on bad options.
 */
public final class BenchMain
{
    private BenchMain()
    {
    }

    public static void main(String[] args) throws Exception
    {
        Path root = Path.of(System.getProperty("starling.home", ".")).toAbsolutePath().normalize();
        BenchOptions options;
        try {
            options = BenchOptions.parse(args, root);
        }
        catch (IllegalArgumentException e) {
            System.err.println("starling bench: " + e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        BenchResult result = new BenchRunner(options, System.out).run();
        String command = "bin/starling bench " + String.join(" ", args);
        if (options.out() != null) {
            ReportWriter.write(result, options.out(), command);
            System.out.println("report: " + options.out().resolve("README.md"));
        }
        int failed = options.tolerateKnown() ? result.unexpectedFailures().size() : result.failures().size();
        System.out.printf("%d/%d queries correct, geomean ratio %.2fx, peak RSS %d MiB%n",
                result.queries.size() - result.failures().size(), result.queries.size(), result.geomeanRatio(),
                result.peakRssKib / 1024);
        System.exit(failed == 0 ? 0 : 1);
    }
}

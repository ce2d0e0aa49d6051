package io.starling.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * Writes a dated report directory: README.md (question, machine, JDK, flags, command, load and per-query tables,
 * geomean, failures) and ratios.svg, a bar chart of the per-query Starling/DuckDB time ratio on a log scale
 * (hand-written SVG: one bar per query from the 1x line, right = Starling slower).
 */
final class ReportWriter
{
    private ReportWriter()
    {
    }

    static void write(BenchResult r, Path dir, String command) throws IOException
    {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("README.md"), markdown(r, command));
        Files.writeString(dir.resolve("ratios.svg"), svg(r.queries));
    }

    static String markdown(BenchResult r, String command)
    {
        BenchOptions o = r.options;
        StringBuilder b = new StringBuilder();
        String sf = DataFiles.sfName(o.scaleFactor());
        b.append("# TPC-H / SSB at SF ").append(sf).append(": Starling vs DuckDB (").append(LocalDate.now())
                .append(")\n\n");
        b.append("**Question.** Does Starling answer the standard TPC-H and SSB queries correctly, and how far is it "
                + "from DuckDB on the same machine, same data, same thread count?\n\n");
        long correct = r.queries.stream().filter(BenchResult.QueryOutcome::correct).count();
        b.append(String.format(Locale.ROOT, "**Answer.** %d of %d queries correct; geomean Starling/DuckDB time "
                + "ratio over the correct ones: **%.2fx** (>1 = Starling slower). Starling peak RSS %s.%n%n",
                correct, r.queries.size(), r.geomeanRatio(), rss(r.peakRssKib)));
        b.append("## Setup\n\n");
        b.append("| | |\n|---|---|\n");
        b.append("| machine | ").append(Machine.cpuModel()).append(", ").append(Machine.cores())
                .append(" cores, ").append(Machine.memory()).append(" RAM, ").append(Machine.os()).append(" |\n");
        b.append("| JDK | ").append(Machine.jdk()).append(" |\n");
        b.append("| Starling JVM flags | `").append(String.join(" ", r.starlingJvmOptions)).append("` |\n");
        b.append("| Starling | all-in-one server (io.starling.launcher.Main) in a child JVM, default worker count (")
                .append(Machine.cores()).append(" = cores), queries through MySQL Connector/J |\n");
        b.append("| DuckDB | ").append(r.duckDbVersion).append(" in-process JDBC (org.duckdb:duckdb_jdbc), `SET threads = ")
                .append(r.duckDbThreads).append("`, in-memory database |\n");
        b.append("| data | TPC-H from io.trino.tpch 1.2 (dbgen port); SSB from our generator "
                + "(perf-reports/src/main/java/io/starling/bench/SsbData.java, SSB spec cardinalities) |\n");
        b.append("| method | per query one warm-up run (its answer is compared), then best of ").append(o.runs())
                .append(" timed runs per engine; wall clock in the client including fetching all rows; "
                        + "engines never run concurrently; timeout ").append(o.timeoutSecs()).append(" s |\n");
        b.append("| comparison | same row count; numbers equal within 0.005 (2 decimals); text equal after trailing "
                + "blanks; rows sorted first when the query has no ORDER BY |\n");
        b.append("| tree | git ").append(gitRevision(o.projectRoot()))
                .append(" plus the uncommitted work in the tree at the time of the run |\n");
        b.append("| command | `").append(command).append("` |\n\n");

        b.append("## Load\n\n");
        b.append("Starling load method: **").append(r.loadMethod == StarlingLoader.Method.STREAM_LOAD ? "Stream Load"
                : "multi-row INSERT (4096 rows per statement)").append("**");
        if (!r.loadFallbackReason.isEmpty()) {
            b.append(" — ").append(r.loadFallbackReason);
        }
        b.append(". DuckDB: `COPY ... FROM` the same files.\n\n");
        int threads = r.loads.isEmpty() ? r.duckDbThreads : r.loads.getFirst().threads();
        b.append("Rows/s per core = rows/s divided by the ").append(threads).append(" worker threads each engine has "
                + "(Starling's default worker count, DuckDB `SET threads`); ratio = DuckDB rows/s over Starling's "
                + "(>1 = DuckDB loads faster). Starling's split comes from its Stream Load response: parse = "
                + "`ReadDataTimeMs` (CSV into off-heap batches), sink = `WriteDataTimeMs` (operators, sort, encode, "
                + "compress, write segments), commit = `CommitAndPublishTimeMs` (fsync, commit, publish).\n\n");
        b.append("| suite | table | rows | Starling ms | Starling rows/s | Starling rows/s/core | DuckDB ms | "
                + "DuckDB rows/s | DuckDB rows/s/core | ratio | Starling parse / sink / commit ms |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Suite s : o.suites()) {
            long rows = 0;
            double sm = 0;
            double dm = 0;
            long[] split = {0, 0, 0};
            for (BenchResult.LoadOutcome l : r.loads) {
                if (l.suite() != s) {
                    continue;
                }
                rows += l.rows();
                sm += l.starlingMs();
                dm += l.duckMs();
                split[0] += Math.max(0, l.parseMs());
                split[1] += Math.max(0, l.sinkMs());
                split[2] += Math.max(0, l.commitMs());
                b.append(String.format(Locale.ROOT, "| %s | %s | %,d | %.0f | %,.0f | %,.0f | %.0f | %,.0f | %,.0f | "
                        + "%.2f | %s |%n", s.database, l.table(), l.rows(), l.starlingMs(),
                        perSecond(l.rows(), l.starlingMs()), l.starlingRowsPerSecondPerCore(), l.duckMs(),
                        perSecond(l.rows(), l.duckMs()), l.duckRowsPerSecondPerCore(), l.starlingMs() / l.duckMs(),
                        l.parseMs() < 0 ? "-" : l.parseMs() + " / " + l.sinkMs() + " / " + l.commitMs()));
            }
            b.append(String.format(Locale.ROOT, "| **%s** | **all** | **%,d** | **%.0f** | **%,.0f** | **%,.0f** | "
                    + "**%.0f** | **%,.0f** | **%,.0f** | **%.2f** | %d / %d / %d |%n", s.database, rows, sm,
                    perSecond(rows, sm), perSecond(rows, sm) / threads, dm, perSecond(rows, dm),
                    perSecond(rows, dm) / threads, sm / dm, split[0], split[1], split[2]));
        }
        b.append("\n## Queries\n\n![Starling/DuckDB time ratio per query](ratios.svg)\n\n");
        b.append("| query | Starling ms | DuckDB ms | ratio | correct | note |\n|---|---:|---:|---:|---|---|\n");
        for (BenchResult.QueryOutcome q : r.queries) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", q.qualified(), ms(q.starlingMs()),
                    ms(q.duckMs()), Double.isNaN(q.ratio()) ? "-" : String.format(Locale.ROOT, "%.2f", q.ratio()),
                    q.correct() ? "yes" : "**no**", q.correct() ? "" : escape(q.problem())));
        }
        b.append(String.format(Locale.ROOT, "%n**Geomean ratio** (correct queries): %.2fx. ", r.geomeanRatio()));
        for (Suite s : o.suites()) {
            double logSum = 0;
            int n = 0;
            for (BenchResult.QueryOutcome q : r.queries) {
                if (q.suite() == s && q.correct() && !Double.isNaN(q.ratio())) {
                    logSum += Math.log(q.ratio());
                    n++;
                }
            }
            b.append(String.format(Locale.ROOT, "%s: %.2fx over %d queries. ", s.database,
                    n == 0 ? Double.NaN : Math.exp(logSum / n), n));
        }
        b.append("\n\n**Starling peak RSS** (VmHWM of the server process, whole run incl. load): ")
                .append(rss(r.peakRssKib)).append(".\n");
        List<BenchResult.QueryOutcome> failed = r.failures();
        if (!failed.isEmpty()) {
            b.append("\n## Failures\n\n");
            for (BenchResult.QueryOutcome q : failed) {
                b.append("- ").append(q.qualified()).append(KnownFailures.isKnown(q.qualified()) ? " (known: "
                        + KnownFailures.QUERIES.get(q.qualified()) + ")" : "").append(": ")
                        .append(escape(q.problem())).append('\n');
            }
        }
        return b.toString();
    }

    /** {@code git rev-parse --short HEAD} (read only), or "unknown". */
    static String gitRevision(Path root)
    {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").directory(root.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 && !out.isEmpty() ? out : "unknown";
        }
        catch (IOException e) {
            return "unknown";
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static double perSecond(long rows, double ms)
    {
        return ms <= 0 ? 0 : rows / (ms / 1000);
    }

    private static String ms(double v)
    {
        return v < 0 ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String rss(long kib)
    {
        return kib < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", kib / 1024.0);
    }

    private static String escape(String s)
    {
        return s == null ? "" : s.replace("|", "/").replace("\n", " ");
    }

    /** Horizontal bars, log2 scale centred on 1x; failed queries drawn as a grey "x" row. */
    static String svg(List<BenchResult.QueryOutcome> queries)
    {
        int rowH = 18;
        int labelW = 90;
        int plotW = 560;
        int top = 40;
        int h = top + rowH * queries.size() + 40;
        // log2 range: at least 1/8x .. 8x, widened to fit the data
        double maxLog = 3;
        for (BenchResult.QueryOutcome q : queries) {
            if (!Double.isNaN(q.ratio())) {
                maxLog = Math.max(maxLog, Math.ceil(Math.abs(Math.log(q.ratio()) / Math.log(2))));
            }
        }
        double center = labelW + plotW / 2.0;
        double scale = plotW / 2.0 / maxLog;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", labelW + plotW + 70, h));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-size=\"13\">Starling time / DuckDB time "
                + "(log scale; right of 1x = Starling slower)</text>%n", labelW));
        for (int k = (int) -maxLog; k <= maxLog; k++) {
            double x = center + k * scale;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>%n",
                    x, top - 6, x, h - 30, k == 0 ? "#000" : "#ddd"));
            String label = k >= 0 ? (1 << k) + "x" : "1/" + (1 << -k) + "x";
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x,
                    h - 16, label));
        }
        for (int i = 0; i < queries.size(); i++) {
            BenchResult.QueryOutcome q = queries.get(i);
            int y = top + i * rowH;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    labelW - 6, y + 12, q.qualified()));
            if (!q.correct() || Double.isNaN(q.ratio())) {
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#999\">failed</text>%n",
                        center + 4, y + 12));
                continue;
            }
            double v = Math.log(q.ratio()) / Math.log(2) * scale;
            double x = v >= 0 ? center : center + v;
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                    + "fill=\"%s\"/>%n", x, y + 2, Math.max(1, Math.abs(v)), rowH - 4, v > 0 ? "#d9534f" : "#5cb85c"));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%.2fx</text>%n",
                    Math.max(center, center + v) + 4, y + 12, q.ratio()));
        }
        s.append("</svg>\n");
        return s.toString();
    }
}

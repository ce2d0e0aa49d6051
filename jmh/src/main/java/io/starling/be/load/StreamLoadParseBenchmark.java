package io.starling.be.load;

import io.starling.be.expr.ProtoTypes;
import io.starling.jmh.Checked;
import io.starling.rpc.proto.ScanColumn;
import io.starling.rpc.proto.StreamSourceColumn;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import io.starling.storage.types.TypeKind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Stream Load parsing rate (rows/s, one thread): an in-memory body of TPC-H {@code lineitem} rows (16 columns:
 * BIGINT, INT, DECIMAL(15, 2), CHAR, DATE, VARCHAR; dbgen-like values) through the real load reader
 * ({@link CsvReader} with {@code column_separator: |}, or {@link JsonReader} over one JSON object per line) into
 * off-heap 4096-row batches via {@link SourceBatchBuilder} and {@code FieldConverter} - everything a Stream Load
 * does before the plan's operators and the table sink (sort, encode, write, fsync), which this leaves out on
 * purpose: the harness's load table gives the whole load, this the parse share of it.
 *
 * <p>Params: {@code format} CSV / JSON. {@link #ROWS} rows per invocation; the score is rows per second. Returns
 * {@code rows accepted * 1_000_003 + sum(l_orderkey)}, checked against the generator.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class StreamLoadParseBenchmark
        implements Checked
{
    /** Rows per invocation: 4 full batches, about 2 MiB of CSV (long enough to amortise the reader's setup). */
    public static final int ROWS = 16384;

    private static final String[] NAMES = {"l_orderkey", "l_partkey", "l_suppkey", "l_linenumber", "l_quantity",
        "l_extendedprice", "l_discount", "l_tax", "l_returnflag", "l_linestatus", "l_shipdate", "l_commitdate",
        "l_receiptdate", "l_shipinstruct", "l_shipmode", "l_comment"};
    private static final DataType PRICE = DataType.decimal(15, 2);
    private static final List<DataType> TYPES = List.of(DataType.of(TypeKind.BIGINT), DataType.of(TypeKind.INT),
            DataType.of(TypeKind.INT), DataType.of(TypeKind.INT), PRICE, PRICE, PRICE, PRICE, DataType.chr(1),
            DataType.chr(1), DataType.of(TypeKind.DATE), DataType.of(TypeKind.DATE), DataType.of(TypeKind.DATE),
            DataType.chr(25), DataType.chr(10), DataType.varchar(44));
    private static final String[] INSTRUCT = {"DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"};
    private static final String[] MODE = {"REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"};
    private static final String[] WORDS = {"furiously", "carefully", "quickly", "blithely", "slyly", "ironic",
        "final", "pending", "regular", "express", "special", "bold", "deposits", "requests", "accounts", "packages"};

    /** Body formats measured. */
    public enum Format
    {
        CSV, JSON
    }

    @Param({"CSV", "JSON"})
    public Format format;

    private byte[] body;
    private long orderKeySum;
    private List<StreamSourceColumn> sources;
    private List<ScanColumn> scan;
    private LoadOptions options;
    private MemoryContext memory;

    @Setup(Level.Trial)
    public void setUp()
    {
        memory = MemoryContext.process().newChild("jmh-load", 1L << 30);
        sources = new ArrayList<>();
        scan = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            sources.add(StreamSourceColumn.newBuilder().setName(NAMES[i]).setType(ProtoTypes.toProto(TYPES.get(i)))
                    .setUsed(true).build());
            scan.add(ScanColumn.newBuilder().setName(NAMES[i]).setTableColumnIndex(i)
                    .setType(ProtoTypes.toProto(TYPES.get(i))).build());
        }
        options = format == Format.CSV
                ? LoadOptions.fromHeaders(Map.of("column_separator", "|"))
                : LoadOptions.fromHeaders(Map.of("format", "json"));
        body = generate();
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        memory.close();
    }

    /** Body size in bytes (for the report's MB/s). */
    public int bodyBytes()
    {
        return body.length;
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long parse() throws IOException
    {
        RejectLog rejects = new RejectLog();
        long check = 0;
        try (SourceBatchBuilder rows = new SourceBatchBuilder(sources, scan, false, memory, rejects)) {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            boolean more = true;
            if (format == Format.CSV) {
                CsvReader r = new CsvReader(in, options, rows);
                while (more) {
                    more = r.fill();
                    check += drain(rows);
                }
            }
            else {
                JsonReader r = new JsonReader(in, options, rows, null);
                while (more) {
                    more = r.fill();
                    check += drain(rows);
                }
            }
            if (rejects.count() != 0) {
                throw new IllegalStateException(rejects.count() + " rows rejected: " + rejects.lines().getFirst());
            }
            return rows.acceptedRows() * 1_000_003L + check;
        }
    }

    /** Takes the filled batch (if any), folds its l_orderkey column and closes it, as the sink would consume it. */
    private static long drain(SourceBatchBuilder rows)
    {
        if (rows.isEmpty()) {
            return 0;
        }
        long sum = 0;
        try (ColumnBatch b = rows.take()) {
            ColumnVector keys = b.column(0);
            for (int i = 0; i < b.size(); i++) {
                sum += keys.getLong(i);
            }
        }
        return sum;
    }

    @Override
    public Object expected(String method)
    {
        return ROWS * 1_000_003L + orderKeySum;
    }

    /** dbgen-like lineitem rows: orders of 1-7 lines, prices with two decimals, dates in 1992-1998. */
    private byte[] generate()
    {
        Random r = new Random(42);
        StringBuilder b = new StringBuilder(ROWS * 160);
        long order = 1;
        int line = 1;
        int linesInOrder = 1 + r.nextInt(7);
        LocalDate base = LocalDate.of(1992, 1, 1);
        String[] f = new String[NAMES.length];
        for (int row = 0; row < ROWS; row++) {
            if (line > linesInOrder) {
                order += 1 + r.nextInt(4);
                line = 1;
                linesInOrder = 1 + r.nextInt(7);
            }
            orderKeySum += order;
            int qty = 1 + r.nextInt(50);
            LocalDate ship = base.plusDays(r.nextInt(2400));
            f[0] = Long.toString(order);
            f[1] = Integer.toString(1 + r.nextInt(200_000));
            f[2] = Integer.toString(1 + r.nextInt(10_000));
            f[3] = Integer.toString(line++);
            f[4] = qty + ".00";
            int cents = r.nextInt(100);
            f[5] = qty * (900 + r.nextInt(1200)) + (cents < 10 ? ".0" : ".") + cents;
            f[6] = "0.0" + r.nextInt(10);
            f[7] = "0.0" + r.nextInt(9);
            f[8] = String.valueOf("RAN".charAt(r.nextInt(3)));
            f[9] = String.valueOf("OF".charAt(r.nextInt(2)));
            f[10] = ship.toString();
            f[11] = ship.plusDays(r.nextInt(60) - 30).toString();
            f[12] = ship.plusDays(1 + r.nextInt(30)).toString();
            f[13] = INSTRUCT[r.nextInt(INSTRUCT.length)];
            f[14] = MODE[r.nextInt(MODE.length)];
            StringBuilder comment = new StringBuilder();
            while (comment.length() < 10 + r.nextInt(30)) {
                comment.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
            }
            f[15] = comment.toString().trim();
            if (format == Format.CSV) {
                b.append(String.join("|", f)).append('\n');
            }
            else {
                b.append('{');
                for (int i = 0; i < f.length; i++) {
                    boolean quoted = i >= 8;
                    b.append(i == 0 ? "\"" : ",\"").append(NAMES[i]).append("\":");
                    b.append(quoted ? "\"" + f[i] + "\"" : f[i]);
                }
                b.append("}\n");
            }
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}

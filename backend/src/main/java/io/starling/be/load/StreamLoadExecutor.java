package io.starling.be.load;

import io.starling.rpc.proto.SinkResult;
import io.starling.rpc.proto.StreamLoadBeginResult;
import io.starling.rpc.proto.StreamLoadCommitResult;
import io.starling.rpc.proto.StreamLoadPlan;
import io.starling.rpc.proto.StreamLoadRequest;
import io.starling.rpc.service.FrontendCallbacks;
import io.starling.rpc.service.StreamLoadService;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.tablet.TabletStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Runs Stream Loads on the BE (StarRocks: StreamLoadAction + the load's fragment): {@link #begin} asks the FE for
 * the transaction and plan; {@link #load} parses the body into batches ({@link CsvReader} / {@link JsonReader} into
 * a {@link SourceBatchBuilder}), pushes them through the plan's operators into the table sink
 * ({@link LoadPipeline}), applies max_filter_ratio to parse rejects + sink rejects together, writes the error log,
 * and commits (rows become visible atomically) or aborts. Every failure after begin aborts the transaction, so a
 * failed load leaves nothing visible. Blocking: call it on a load thread, never on an event loop.
 */
public final class StreamLoadExecutor
{
    private static final Logger LOG = LoggerFactory.getLogger(StreamLoadExecutor.class);

    private final StreamLoadService frontend;
    private final TabletStore store;
    private final FrontendCallbacks callbacks;
    private final ErrorLogStore errorLogs;
    private final MemoryContext memory;

    /**
     * @param memory parent memory context; each load gets a child
     */
    public StreamLoadExecutor(StreamLoadService frontend, TabletStore store, FrontendCallbacks callbacks,
            ErrorLogStore errorLogs, MemoryContext memory)
    {
        this.frontend = frontend;
        this.store = store;
        this.callbacks = callbacks;
        this.errorLogs = errorLogs;
        this.memory = memory;
    }

    public ErrorLogStore errorLogs()
    {
        return errorLogs;
    }

    /** Authenticates, takes the label and plans (the FE does all three); never throws. */
    public StreamLoadBeginResult begin(StreamLoadRequest request)
    {
        try {
            return frontend.begin(request);
        }
        catch (RuntimeException e) {
            LOG.warn("stream load begin failed", e);
            return StreamLoadBeginResult.newBuilder().setStatus("Fail").setMessage(String.valueOf(e.getMessage()))
                    .build();
        }
    }

    /** The response for a load that {@link #begin} refused (label taken, bad auth, unknown table, ...). */
    public static StreamLoadResult refused(StreamLoadBeginResult b)
    {
        if ("Label Already Exists".equals(b.getStatus())) {
            return new StreamLoadResult(b.getTxnId(), b.getLabel(), StreamLoadResult.LABEL_ALREADY_EXISTS,
                    b.getMessage(), 0, 0, 0, 0, 0, 0, b.getBeginTxnTimeMs(), 0, 0, 0, 0, null,
                    b.getExistingJobStatus());
        }
        return StreamLoadResult.failed(b.getTxnId(), b.getLabel(), b.getMessage());
    }

    /**
     * Loads the body of a begun load and ends its transaction.
     *
     * @param headers     the request's headers, lower-cased (parsing options)
     * @param body        the request body (the caller closes it)
     * @param bodyBytes   how many body bytes arrived so far (for LoadBytes)
     * @param errorUrlFor maps an error-log file name to the ErrorURL
     */
    public StreamLoadResult load(StreamLoadBeginResult begun, Map<String, String> headers, InputStream body,
            java.util.function.LongSupplier bodyBytes, java.util.function.Function<String, String> errorUrlFor)
    {
        long start = System.nanoTime();
        StreamLoadPlan plan = begun.getPlan();
        long txnId = plan.getTxnId();
        String label = plan.getLabel();
        RejectLog rejects = new RejectLog();
        long readNanos = 0;
        long writeNanos = 0;
        long totalRows;
        long unselected;
        SinkResult sink;
        String failure = null;
        long rowsRead = 0;
        try (MemoryContext ctx = memory.newChild("stream_load_" + txnId)) {
            try (LoadPipeline pipeline = new LoadPipeline(plan, store, callbacks, ctx);
                    SourceBatchBuilder rows = new SourceBatchBuilder(plan.getSourceColumnsList(),
                            pipeline.source().getColumnsList(), plan.getStrictMode(), ctx, rejects)) {
                LoadOptions options = LoadOptions.fromHeaders(headers);
                Reader reader = reader(options, body, rows, plan);
                long deadline = start + plan.getTimeoutSeconds() * 1_000_000_000L;
                boolean more = true;
                while (more) {
                    long t0 = System.nanoTime();
                    more = reader.fill();
                    long t1 = System.nanoTime();
                    readNanos += t1 - t0;
                    if (!rows.isEmpty()) {
                        pipeline.push(rows.take());
                    }
                    writeNanos += System.nanoTime() - t1;
                    if (System.nanoTime() > deadline) {
                        throw new IOException("Load timed out after " + plan.getTimeoutSeconds()
                                + " s (timeout header)");
                    }
                }
                rowsRead = reader.rowsRead();
                long t2 = System.nanoTime();
                sink = pipeline.finish();
                writeNanos += System.nanoTime() - t2;
                unselected = pipeline.unselectedRows();
            }
            catch (IOException | RuntimeException e) {
                failure = describe(e);
                LOG.info("stream load {} (txn {}) failed: {}", label, txnId, failure);
                frontend.abort(txnId, failure);
                return new StreamLoadResult(txnId, label, StreamLoadResult.FAIL, failure, rowsRead, 0,
                        rejects.count(), 0, bodyBytes.getAsLong(), ms(System.nanoTime() - start),
                        begun.getBeginTxnTimeMs(), begun.getPlanTimeMs(), ms(readNanos), ms(writeNanos), 0,
                        errorUrl(rejects, label, txnId, errorUrlFor), null);
            }
        }
        rejects.addFormatted(sink.getErrorRowsList(), sink.getFilteredRows());
        totalRows = rowsRead;
        long filtered = rejects.count();
        long loaded = sink.getLoadedRows();
        String errorUrl = errorUrl(rejects, label, txnId, errorUrlFor);
        long considered = totalRows - unselected;
        if (filtered > 0 && (considered <= 0 || (double) filtered / considered > plan.getMaxFilterRatio())) {
            String msg = String.format("too many filtered rows: %d of %d rows filtered (ratio %.4f > max_filter_ratio %s)",
                    filtered, considered, considered <= 0 ? 1.0 : (double) filtered / considered,
                    plan.getMaxFilterRatio());
            frontend.abort(txnId, msg);
            return new StreamLoadResult(txnId, label, StreamLoadResult.FAIL, msg, totalRows, 0, filtered, unselected,
                    bodyBytes.getAsLong(), ms(System.nanoTime() - start), begun.getBeginTxnTimeMs(),
                    begun.getPlanTimeMs(), ms(readNanos), ms(writeNanos), 0, errorUrl, null);
        }
        SinkResult withCounts = sink.toBuilder().setFilteredRows(filtered).build();
        long c0 = System.nanoTime();
        StreamLoadCommitResult commit = frontend.commit(txnId, withCounts);
        long commitMs = ms(System.nanoTime() - c0);
        String status;
        String message;
        switch (commit.getStatus()) {
            case "VISIBLE" -> {
                status = StreamLoadResult.SUCCESS;
                message = "OK";
            }
            case "COMMITTED" -> {
                status = StreamLoadResult.PUBLISH_TIMEOUT;
                message = "transaction committed; publish pending: " + commit.getMessage();
            }
            default -> {
                status = StreamLoadResult.FAIL;
                message = commit.getMessage();
                loaded = 0;
            }
        }
        return new StreamLoadResult(txnId, label, status, message, totalRows, loaded, filtered, unselected,
                bodyBytes.getAsLong(), ms(System.nanoTime() - start), begun.getBeginTxnTimeMs(), begun.getPlanTimeMs(),
                ms(readNanos), ms(writeNanos), commitMs, errorUrl, null);
    }

    private static String describe(Throwable e)
    {
        String m = e.getMessage();
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            m = "Malformed JSON: " + j.getOriginalMessage();
        }
        return m == null ? e.toString() : m;
    }

    private String errorUrl(RejectLog rejects, String label, long txnId,
            java.util.function.Function<String, String> errorUrlFor)
    {
        if (rejects.lines().isEmpty()) {
            return null;
        }
        try {
            return errorUrlFor.apply(errorLogs.write(label, txnId, rejects.lines()));
        }
        catch (IOException e) {
            LOG.warn("cannot write the error log of load {}", label, e);
            return null;
        }
    }

    private static long ms(long nanos)
    {
        return nanos / 1_000_000;
    }

    /** A parser filling the builder one batch at a time. */
    private interface Reader
    {
        boolean fill() throws IOException;

        long rowsRead();
    }

    private static Reader reader(LoadOptions o, InputStream body, SourceBatchBuilder rows, StreamLoadPlan plan)
            throws IOException
    {
        if (o.format().equals("json")) {
            List<String> paths = plan.getSourceColumnsList().stream().map(c -> c.getJsonPath()).toList();
            boolean any = paths.stream().anyMatch(p -> !p.isEmpty());
            JsonReader r = new JsonReader(body, o, rows, any ? paths : null);
            return new Reader()
            {
                @Override
                public boolean fill() throws IOException
                {
                    return r.fill();
                }

                @Override
                public long rowsRead()
                {
                    return r.rowsRead();
                }
            };
        }
        CsvReader r = new CsvReader(body, o, rows);
        return new Reader()
        {
            @Override
            public boolean fill() throws IOException
            {
                return r.fill();
            }

            @Override
            public long rowsRead()
            {
                return r.rowsRead();
            }
        };
    }

}

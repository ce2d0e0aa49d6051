package io.starling.fe.qe.exec;

import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.RowSource;
import io.starling.fe.qe.Session;
import io.starling.fe.qe.SqlError;
import io.starling.rpc.proto.DataSink;
import io.starling.rpc.proto.PlanFragment;
import io.starling.rpc.proto.PlanNode;
import io.starling.rpc.proto.QueryOptions;
import io.starling.rpc.proto.ResultSink;
import io.starling.rpc.proto.SinkResult;
import io.starling.rpc.service.BackendService;
import io.starling.rpc.service.FragmentException;
import io.starling.rpc.service.FragmentHandle;
import io.starling.rpc.service.FrontendCallbacks;
import io.starling.storage.batch.ColumnBatch;

import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs plan fragments on the BE for a session (all-in-one: one fragment on the local BE) and turns the outcome
 * into MySQL errors: KILL QUERY → 1317, {@code query_timeout} → 3024, memory limit → 1105 with the BE's message.
 * The session's running canceller is set while a fragment runs, so KILL from another connection reaches it; a
 * timer cancels the fragment when {@code query_timeout} (seconds) passes.
 */
public final class QueryCoordinator implements AutoCloseable
{
    private final BackendService backend;
    private final FrontendCallbacks callbacks;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "query-timeout");
        t.setDaemon(true);
        return t;
    });

    /** Profiles of the recent fragments run with enable_profile = true (SHOW PROFILELIST, ANALYZE PROFILE). */
    private final io.starling.fe.qe.profile.ProfileStore profiles = new io.starling.fe.qe.profile.ProfileStore();

    public QueryCoordinator(BackendService backend, FrontendCallbacks callbacks)
    {
        this.backend = backend;
        this.callbacks = callbacks;
    }

    /** The backend fragments run on (compaction and tablet state requests go to it too). */
    public BackendService backend()
    {
        return backend;
    }

    public io.starling.fe.qe.profile.ProfileStore profiles()
    {
        return profiles;
    }

    /** Options from session variables: query_mem_limit (bytes, 0 = none), query_timeout (seconds), time_zone. */
    public static QueryOptions options(Session s)
    {
        long timeout = s.variables().getLong("query_timeout", 300);
        String tz = s.variables().get("time_zone");
        return QueryOptions.newBuilder().setMemLimitBytes(Math.max(0, s.variables().getLong("query_mem_limit", 0)))
                .setTimeoutSeconds((int) Math.max(0, Math.min(Integer.MAX_VALUE, timeout)))
                .setPipelineDop((int) Math.max(0, s.variables().getLong("pipeline_dop", 0)))
                .setTimeZone(tz == null ? "" : tz).build();
    }

    /** Starts a SELECT and returns its result stream; the fragment runs until the stream ends or is closed. */
    public RowSource query(Session session, PlanNode root) throws SqlError
    {
        PlanFragment f = PlanFragment.newBuilder().setQueryId(UUID.randomUUID().toString()).setFragmentId(0)
                .setRoot(root).setSink(DataSink.newBuilder().setResult(ResultSink.getDefaultInstance()))
                .setOptions(options(session)).build();
        Running run = start(session, f);
        return new RowSource()
        {
            private boolean closed;

            @Override
            public ColumnBatch next() throws SqlError
            {
                if (closed) {
                    return null;
                }
                try {
                    ColumnBatch b = run.handle.next();
                    if (b == null) {
                        close();
                    }
                    return b;
                }
                catch (FragmentException e) {
                    close();
                    throw run.translate(e);
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    close();
                    throw new SqlError(ErrorCode.QUERY_INTERRUPTED);
                }
            }

            @Override
            public void close()
            {
                if (!closed) {
                    closed = true;
                    run.finish();
                }
            }
        };
    }

    /** Runs a fragment with a table sink to the end and returns what it wrote. */
    public SinkResult sink(Session session, PlanFragment fragment) throws SqlError
    {
        PlanFragment f = fragment.toBuilder().setOptions(options(session)).build();
        Running run = start(session, f);
        try {
            return run.handle.sinkResult();
        }
        catch (FragmentException e) {
            throw run.translate(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.handle.cancel("interrupted");
            throw new SqlError(ErrorCode.QUERY_INTERRUPTED);
        }
        finally {
            run.finish();
        }
    }

    @Override
    public void close()
    {
        timer.shutdownNow();
    }

    /**
     * The client's message for a query stopped by a memory limit: StarRocks' wording first (tools match on "Mem
     * usage has exceed the limit"), then which limit, then the BE's detail (which context, used/requested bytes).
     */
    static String memLimitMessage(long queryLimitBytes, String detail)
    {
        String which = queryLimitBytes > 0
                ? "Mem usage has exceed the limit of query: query_mem_limit = " + queryLimitBytes + " bytes. "
                        + "Raise it with SET query_mem_limit = <bytes> (0 = no per-query limit). "
                : "Mem usage has exceed the limit of the process memory pool. ";
        return which + "Detail: " + detail;
    }

    // ---- internals ----

    private Running start(Session session, PlanFragment f) throws SqlError
    {
        if (session.isKilled() || session.isCancelRequested()) {
            throw new SqlError(ErrorCode.QUERY_INTERRUPTED);
        }
        FragmentHandle handle;
        try {
            handle = backend.execute(f, callbacks);
        }
        catch (RuntimeException e) {
            throw new SqlError(ErrorCode.INTERNAL, e, "Failed to start the query: " + e.getMessage());
        }
        Running run = new Running(session, handle, f.getOptions().getTimeoutSeconds(), f.getOptions().getMemLimitBytes());
        run.fragment = f;
        return run;
    }

    /** One running fragment with its cancellation hooks. */
    private final class Running
    {
        final Session session;
        final FragmentHandle handle;
        final int timeoutSeconds;
        final long memLimitBytes;
        final AtomicBoolean timedOut = new AtomicBoolean();
        final AtomicBoolean killed = new AtomicBoolean();
        final ScheduledFuture<?> timeoutTask;
        final AtomicBoolean finished = new AtomicBoolean();
        /** For the profile: the fragment, its start and the error it ended with (null: finished). */
        PlanFragment fragment;
        final long startMillis = System.currentTimeMillis();
        volatile String error;

        Running(Session session, FragmentHandle handle, int timeoutSeconds, long memLimitBytes)
        {
            this.session = session;
            this.handle = handle;
            this.timeoutSeconds = timeoutSeconds;
            this.memLimitBytes = memLimitBytes;
            session.setRunningCanceller(() -> {
                killed.set(true);
                handle.cancel("Query execution was interrupted");
            });
            timeoutTask = timeoutSeconds > 0 ? timer.schedule(() -> {
                timedOut.set(true);
                handle.cancel("query timeout");
            }, timeoutSeconds, TimeUnit.SECONDS) : null;
        }

        SqlError translate(FragmentException e)
        {
            error = e.getMessage();
            if (timedOut.get() || e.kind() == FragmentException.Kind.TIMEOUT) {
                return new SqlError(ErrorCode.QUERY_TIMEOUT, e, (long) timeoutSeconds);
            }
            if (killed.get() || e.kind() == FragmentException.Kind.CANCELLED) {
                return new SqlError(ErrorCode.QUERY_INTERRUPTED, e);
            }
            if (e.kind() == FragmentException.Kind.MEM_LIMIT) {
                return new SqlError(ErrorCode.MEM_LIMIT_EXCEEDED, e, memLimitMessage(memLimitBytes, e.getMessage()));
            }
            return new SqlError(ErrorCode.INTERNAL, e, e.getMessage());
        }

        void finish()
        {
            if (finished.compareAndSet(false, true)) {
                if (timeoutTask != null) {
                    timeoutTask.cancel(false);
                }
                session.setRunningCanceller(null);
                if (fragment != null && session.variables().getBoolean("enable_profile", false)) {
                    profiles.add(io.starling.fe.qe.profile.ProfileStore.capture(session, fragment, handle, startMillis,
                            error));
                }
                handle.close();
            }
        }
    }
}

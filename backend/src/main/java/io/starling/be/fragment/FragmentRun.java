package io.starling.be.fragment;

import io.starling.be.scan.ScanStats;
import io.starling.be.sink.OlapTableSinkOperator;
import io.starling.be.sink.ResultQueue;
import io.starling.exec.operator.OperatorContext;
import io.starling.exec.expr.ExpressionException;
import io.starling.rpc.proto.PlanFragment;
import io.starling.rpc.proto.SinkResult;
import io.starling.rpc.service.FragmentException;
import io.starling.rpc.service.FragmentHandle;
import io.starling.sched.driver.Driver;
import io.starling.sched.driver.DriverGroup;
import io.starling.sched.driver.OperatorChain;
import io.starling.sched.driver.OperatorStats;
import io.starling.sched.driver.PipelineOperator;
import io.starling.sched.worker.WorkerPool;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.memory.MemoryLimitExceededException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One running fragment: its query {@link MemoryContext} (limit = {@code mem_limit_bytes}), its {@link DriverGroup},
 * the result queue, the timeout timer and the resources released when every driver ended (tablet snapshots,
 * join tables, exchanges). Failures are translated into {@link FragmentException}s: memory limit → MEM_LIMIT,
 * timeout → TIMEOUT, cancel → CANCELLED, bad data (filter ratio, strict casts) → DATA_QUALITY, else INTERNAL.
 */
final class FragmentRun implements FragmentHandle
{
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "starling-fragment-timer");
        t.setDaemon(true);
        return t;
    });

    /** How often a waiting {@link #next()} re-checks (only bounds the reaction to a close from another thread). */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final PlanFragment fragment;
    private final WorkerPool pool;
    private final MemoryContext memory;
    private final ResultQueue results = new ResultQueue();
    private final List<Runnable> releases = new ArrayList<>();
    private final Map<String, ScanStats> scanStats = new LinkedHashMap<>();
    private final List<OlapTableSinkOperator> sinks = new ArrayList<>();
    private final List<OperatorChain> chains = new ArrayList<>();
    private final List<OperatorContext> operatorContexts = new ArrayList<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final long startNanos = System.nanoTime();
    /** Published only once every driver is registered (see {@link #start}); read by {@link #cancel}. */
    private volatile DriverGroup group;
    /** A cancel that arrived before {@link #group} was published; {@link #start} applies it. */
    private volatile FragmentException pendingCancel;
    private ScheduledFuture<?> timeout;
    private volatile FragmentException failure;
    private volatile boolean closed;

    FragmentRun(PlanFragment fragment, WorkerPool pool)
    {
        this.fragment = fragment;
        this.pool = pool;
        long limit = fragment.getOptions().getMemLimitBytes();
        this.memory = MemoryContext.process().newChild("query-" + fragment.getQueryId() + "-f" + fragment.getFragmentId(),
                limit > 0 ? limit : MemoryContext.UNLIMITED);
    }

    MemoryContext memory()
    {
        return memory;
    }

    ResultQueue results()
    {
        return results;
    }

    synchronized OlapTableSinkOperator track(OlapTableSinkOperator sink)
    {
        sinks.add(sink);
        return sink;
    }

    synchronized void onRelease(Runnable r)
    {
        releases.add(r);
    }

    /**
     * A context for one instance of a vectorized operator, kept for the profile (peak memory per operator). Its
     * memory is a child of the query's; it is never closed explicitly because batches it allocated may still sit in
     * the result queue after the driver ended (closing would release their bytes twice); the query context's close
     * covers it.
     */
    synchronized OperatorContext operatorContext(String name)
    {
        OperatorContext c = new OperatorContext(name, memory);
        operatorContexts.add(c);
        return c;
    }

    synchronized ScanStats scanStats(String label)
    {
        return scanStats.computeIfAbsent(label, k -> new ScanStats());
    }

    /** Instantiates one driver per DOP slot of every pipeline and submits them. */
    void start(List<PipelineBuilder> pipelines)
    {
        DriverGroup g = new DriverGroup(fragment.getQueryId() + "#" + fragment.getFragmentId());
        List<Driver> drivers = new ArrayList<>();
        for (PipelineBuilder p : pipelines) {
            for (int d = 0; d < p.dop; d++) {
                List<PipelineOperator> ops = new ArrayList<>();
                for (Supplier<PipelineOperator> f : p.factories) {
                    ops.add(f.get());
                }
                OperatorChain chain = new OperatorChain(ops);
                synchronized (this) {
                    chains.add(chain);
                }
                drivers.add(new Driver(p.name + "#" + d, chain, g));
            }
        }
        // Publish the group only now that every driver is registered, then apply a cancel (KILL QUERY, client gone)
        // that arrived while the drivers were being built: cancel() writes pendingCancel before reading group, this
        // writes group before reading pendingCancel, so one of the two always sees the other.
        group = g;
        FragmentException early = pendingCancel;
        if (early != null) {
            g.cancel(early);
        }
        g.done().whenComplete((v, t) -> onDone(t));
        int seconds = fragment.getOptions().getTimeoutSeconds();
        if (seconds > 0) {
            timeout = TIMER.schedule(() -> g.cancel(new FragmentException(FragmentException.Kind.TIMEOUT,
                    "Query exceeded time limit of " + seconds + " seconds (query_timeout); increase it with SET query_timeout = <seconds>")),
                    seconds, TimeUnit.SECONDS);
        }
        pool.submitAll(drivers);
    }

    void failToStart(RuntimeException e)
    {
        onDone(e);
    }

    private void onDone(Throwable t)
    {
        if (timeout != null) {
            timeout.cancel(false);
        }
        List<Runnable> toRun;
        synchronized (this) {
            toRun = List.copyOf(releases);
            releases.clear();
        }
        for (Runnable r : toRun) {
            try {
                r.run();
            }
            catch (RuntimeException e) {
                if (t == null) {
                    t = e;
                }
            }
        }
        if (t != null) {
            FragmentException fe = translate(t);
            failure = fe;
            abortWrittenRowsets();
            results.fail(fe);
            finished.completeExceptionally(fe);
        }
        else {
            results.finish();
            finished.complete(null);
        }
    }

    /** Finished rowsets of a failed load become invisible: the writers of unfinished ones were aborted on close. */
    private void abortWrittenRowsets()
    {
        for (OlapTableSinkOperator s : sinks) {
            SinkResult r = s.result();
            if (r == null) {
                continue;
            }
            for (var info : r.getCommitInfosList()) {
                s.abortCommitted(info.getTabletId());
            }
        }
    }

    static FragmentException translate(Throwable t)
    {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof FragmentException fe) {
                return fe;
            }
            if (c instanceof MemoryLimitExceededException m) {
                return new FragmentException(FragmentException.Kind.MEM_LIMIT, "Memory limit exceeded: " + m.getMessage(), m);
            }
            if (c instanceof ExpressionException e) {
                return new FragmentException(FragmentException.Kind.DATA_QUALITY, e.getMessage(), e);
            }
            if (c instanceof io.starling.storage.tablet.TooManyVersionsException v) {
                // StarRocks' exact text, without our exception class name
                return new FragmentException(FragmentException.Kind.INTERNAL, v.getMessage(), v);
            }
        }
        Throwable root = t;
        while ((root instanceof java.util.concurrent.CompletionException || root instanceof ExecutionException) && root.getCause() != null) {
            root = root.getCause();
        }
        return new FragmentException(FragmentException.Kind.INTERNAL, root.getClass().getSimpleName() + ": " + root.getMessage(), root);
    }

    @Override
    public ColumnBatch next() throws FragmentException, InterruptedException
    {
        while (true) {
            if (closed) {
                throw new FragmentException(FragmentException.Kind.CANCELLED, "fragment handle is closed");
            }
            ResultQueue.Taken t = results.take(POLL_NANOS);
            if (t.failure() != null) {
                throw translate(t.failure());
            }
            if (t.batch() != null) {
                return t.batch();
            }
            if (t.end()) {
                return null;
            }
        }
    }

    @Override
    public SinkResult sinkResult() throws FragmentException, InterruptedException
    {
        try {
            finished.get();
        }
        catch (ExecutionException e) {
            throw translate(e.getCause());
        }
        synchronized (this) {
            SinkResult merged = null;
            for (OlapTableSinkOperator s : sinks) {
                merged = merged == null ? s.result() : merged.toBuilder().mergeFrom(s.result()).build();
            }
            return merged == null ? SinkResult.getDefaultInstance() : merged;
        }
    }

    @Override
    public void cancel(String reason)
    {
        FragmentException fe = new FragmentException(FragmentException.Kind.CANCELLED, "Query cancelled: " + reason);
        pendingCancel = fe;
        DriverGroup g = group;
        if (g != null) {
            g.cancel(fe);
        }
        // Also when every driver already finished but the consumer has not drained the results yet: the consumer
        // must see the cancel (the first cause wins, so a later driver failure does not replace it).
        results.fail(fe);
    }

    /** Whether every driver ended (for tests and the service's bookkeeping). */
    CompletableFuture<Void> finished()
    {
        return finished;
    }

    /**
     * The EXPLAIN ANALYZE text: one header line, then one line per operator (summed over its driver instances, in
     * pipeline order: build sides first, the result pipeline last) with instances, rows and batches in/out, time
     * inside the operator and, for vectorized operators, the sum of the instances' peak memory; then one line per
     * scan with its pruning counters (see {@link ScanStats}).
     */
    @Override
    public String profile()
    {
        StringBuilder sb = new StringBuilder();
        sb.append("Fragment ").append(fragment.getQueryId()).append('#').append(fragment.getFragmentId())
                .append(": total ").append(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos)).append(" ms, peak memory ")
                .append(memory.peak()).append(" bytes\n");
        Map<String, OperatorStats> byName = new LinkedHashMap<>();
        Map<String, Integer> instances = new LinkedHashMap<>();
        Map<String, Long> peaks = new LinkedHashMap<>();
        synchronized (this) {
            for (OperatorChain c : chains) {
                for (OperatorStats s : c.stats()) {
                    byName.computeIfAbsent(s.name(), OperatorStats::new).add(s);
                    instances.merge(s.name(), 1, Integer::sum);
                }
            }
            for (OperatorContext c : operatorContexts) {
                peaks.merge(c.name(), c.memory().peak(), Long::sum);
            }
        }
        for (Map.Entry<String, OperatorStats> e : byName.entrySet()) {
            OperatorStats s = e.getValue();
            sb.append("  ").append(e.getKey()).append(": instances=").append(instances.get(e.getKey()))
                    .append(", rows in=").append(s.rowsIn()).append(", rows out=").append(s.rowsOut())
                    .append(", batches in=").append(s.batchesIn()).append(", batches out=").append(s.batchesOut())
                    .append(", time=").append(String.format(Locale.ROOT, "%.3f ms", s.nanos() / 1e6));
            Long peak = peaks.get(e.getKey());
            if (peak != null) {
                sb.append(", peak memory=").append(peak).append(" bytes");
            }
            sb.append('\n');
        }
        synchronized (this) {
            for (Map.Entry<String, ScanStats> e : scanStats.entrySet()) {
                sb.append("  ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
            }
        }
        return sb.toString();
    }

    @Override
    public void close()
    {
        if (closed) {
            return;
        }
        if (!finished.isDone()) {
            cancel("handle closed");
            try {
                finished.get(30, TimeUnit.SECONDS);
            }
            catch (Exception ignored) {
                // failure or cancel: what matters is that every driver ended
            }
        }
        closed = true;
        results.close();
        memory.close();
    }
}

package io.starling.launcher;

import io.starling.be.http.BeHttpServer;
import io.starling.be.load.ErrorLogStore;
import io.starling.be.load.StreamLoadExecutor;
import io.starling.be.service.LocalBackendService;
import io.starling.fe.CalcitePlanning;
import io.starling.fe.FrontendServer;
import io.starling.fe.http.FeHttpServer;
import io.starling.fe.journal.EditLog;
import io.starling.fe.load.StreamLoadManager;
import io.starling.fe.mysql.ConnectionRegistry;
import io.starling.fe.mysql.MysqlServer;
import io.starling.fe.qe.SessionVariables;
import io.starling.sched.worker.WorkerPool;
import io.starling.storage.memory.MemoryContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;

/**
 * An all-in-one Starling: one FE (MySQL protocol, HTTP, catalog + journal, planner, coordinator) and one BE
 * (tablet storage + fragment execution on the pipeline scheduler) in this JVM. The FE talks to the BE through the
 * same {@link io.starling.rpc.service.BackendService} interface a remote BE implements, in process.
 */
public final class StarlingServer implements AutoCloseable
{
    public static final String VERSION = "0.1.0";

    private static final Logger LOG = LoggerFactory.getLogger(StarlingServer.class);

    private final ServerConfig config;
    private WorkerPool workers;
    private LocalBackendService backend;
    private FrontendServer frontend;
    private MysqlServer mysql;
    private FeHttpServer http;
    private BeHttpServer beHttp;
    private int mysqlPort = -1;
    private int httpPort = -1;
    private int beHttpPort = -1;
    private boolean closed;

    public StarlingServer(ServerConfig config)
    {
        this.config = config;
    }

    /** Opens storage and metadata (replaying the journal), then starts listening. */
    public synchronized void start() throws IOException, InterruptedException
    {
        Files.createDirectories(config.dataDir());
        int threads = config.workerThreads() > 0 ? config.workerThreads() : Runtime.getRuntime().availableProcessors();
        workers = new WorkerPool("pipeline", threads);
        backend = new LocalBackendService(config.dataDir(), workers);
        ConnectionRegistry registry = new ConnectionRegistry();
        CalcitePlanning planning = new CalcitePlanning();
        frontend = new FrontendServer(config.dataDir(), backend, registry, planning, EditLog.DEFAULT_CHECKPOINT_INTERVAL);
        planning.bind(frontend.catalog(), frontend.informationSchema());
        mysql = new MysqlServer(config.bindHost(), config.mysqlPort(), frontend.executor(), frontend.users(), registry,
                SessionVariables.DEFAULT_MAX_ALLOWED_PACKET);
        mysql.start();
        mysqlPort = mysql.port();
        StreamLoadManager loads = new StreamLoadManager(frontend.catalog(), frontend.transactions(), frontend.users(),
                frontend.informationSchema());
        StreamLoadExecutor loadExecutor = new StreamLoadExecutor(loads, backend.store(), frontend.callbacks(),
                new ErrorLogStore(config.dataDir().resolve("be").resolve("error_log")), MemoryContext.process());
        beHttp = new BeHttpServer(loadExecutor);
        beHttpPort = beHttp.start(config.bindHost(), config.beHttpPort());
        http = new FeHttpServer(loads, beHttpPort);
        httpPort = http.start(config.bindHost(), config.httpPort());
        LOG.info("Starling {} started: data {}, MySQL port {}, HTTP port {}, BE HTTP port {}, {} pipeline workers",
                VERSION, config.dataDir().toAbsolutePath(), mysqlPort, httpPort, beHttpPort, threads);
    }

    public int mysqlPort()
    {
        return mysqlPort;
    }

    public int httpPort()
    {
        return httpPort;
    }

    /** The bound BE HTTP port (Stream Load target of the FE's redirect). */
    public int beHttpPort()
    {
        return beHttpPort;
    }

    /** Clean shutdown: stop accepting, cancel running work, close metadata and storage. */
    @Override
    public synchronized void close()
    {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(http);
        closeQuietly(beHttp);
        closeQuietly(mysql);
        if (frontend != null) {
            try {
                frontend.close();
            }
            catch (IOException | RuntimeException e) {
                LOG.warn("closing frontend", e);
            }
        }
        closeQuietly(backend);
        closeQuietly(workers);
        LOG.info("Starling stopped");
    }

    /**
     * Test hook that imitates {@code kill -9}: the listeners stop and the worker threads die, but nothing is
     * flushed, closed or cleaned up; the next server on the same data directory must recover from the files as
     * they are.
     */
    synchronized void crash()
    {
        closed = true;
        closeQuietly(http);
        closeQuietly(beHttp);
        closeQuietly(mysql);
        closeQuietly(workers);
    }

    private static void closeQuietly(AutoCloseable c)
    {
        if (c == null) {
            return;
        }
        try {
            c.close();
        }
        catch (Exception e) {
            LOG.warn("closing {}", c.getClass().getSimpleName(), e);
        }
    }
}

package io.starling.fe;

import io.starling.fe.auth.UserStore;
import io.starling.fe.catalog.Catalog;
import io.starling.fe.catalog.SinkDescs;
import io.starling.fe.journal.EditLog;
import io.starling.fe.journal.UserJournal;
import io.starling.fe.meta.InformationSchema;
import io.starling.fe.qe.SessionRegistry;
import io.starling.fe.qe.StatementExecutor;
import io.starling.fe.qe.exec.QueryCoordinator;
import io.starling.fe.qe.exec.QueryPlanning;
import io.starling.fe.qe.exec.StarlingStatementExecutor;
import io.starling.fe.txn.TransactionManager;
import io.starling.rpc.service.BackendService;
import io.starling.rpc.service.FrontendCallbacks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The FE facade the launcher creates: opens the metadata journal under {@code <dataDir>/meta}, replays it
 * (catalog, transactions, users), recovers transactions with the BE, and exposes the {@link StatementExecutor},
 * the catalog, the user store and the {@link FrontendCallbacks} the BE calls back into. {@link #close()} writes a
 * checkpoint image and closes the journal.
 */
public final class FrontendServer implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(FrontendServer.class);

    private final EditLog editLog;
    private final Catalog catalog;
    private final TransactionManager transactions;
    private final UserStore users = new UserStore();
    private final InformationSchema informationSchema;
    private final QueryCoordinator coordinator;
    private final StarlingStatementExecutor executor;
    private final FrontendCallbacks callbacks;

    public FrontendServer(Path dataDir, BackendService backend, SessionRegistry registry) throws IOException
    {
        this(dataDir, backend, registry, QueryPlanning.NONE, EditLog.DEFAULT_CHECKPOINT_INTERVAL);
    }

    /**
     * @param planning           the query planner seam (the launcher passes an adapter of the planner)
     * @param checkpointInterval journal entries between checkpoint images
     */
    public FrontendServer(Path dataDir, BackendService backend, SessionRegistry registry, QueryPlanning planning,
            int checkpointInterval) throws IOException
    {
        editLog = EditLog.open(dataDir.resolve("meta"), checkpointInterval);
        catalog = new Catalog(editLog, backend);
        transactions = new TransactionManager(editLog, catalog, backend);
        UserJournal userJournal = new UserJournal(users);
        editLog.register(catalog);
        editLog.register(transactions);
        editLog.register(userJournal);
        editLog.replay();
        userJournal.attach(editLog);
        transactions.recover();
        callbacks = SinkDescs.automaticPartitions(catalog);
        informationSchema = new InformationSchema(catalog, () -> registry == null ? List.of() : registry.sessions());
        coordinator = new QueryCoordinator(backend, callbacks);
        executor = new StarlingStatementExecutor(catalog, transactions, users, registry, planning, coordinator,
                informationSchema);
        LOG.info("frontend metadata ready: {} database(s)", catalog.databases().size() - 1);
    }

    public StatementExecutor executor()
    {
        return executor;
    }

    public Catalog catalog()
    {
        return catalog;
    }

    public InformationSchema informationSchema()
    {
        return informationSchema;
    }

    public TransactionManager transactions()
    {
        return transactions;
    }

    public UserStore users()
    {
        return users;
    }

    public FrontendCallbacks callbacks()
    {
        return callbacks;
    }

    public QueryCoordinator coordinator()
    {
        return coordinator;
    }

    @Override
    public void close() throws IOException
    {
        coordinator.close();
        try {
            editLog.checkpoint();
        }
        finally {
            editLog.close();
        }
    }
}

package io.starling.fe.qe;

import java.util.concurrent.atomic.AtomicReference;

/**
 * State of one client connection: identity, current database, session variables, transaction flags and the
 * running statement (for SHOW PROCESSLIST and KILL). Created by the protocol layer after authentication.
 * Fields written by the connection's own thread; {@link #cancelRunning()} may be called from any thread.
 */
public class Session
{
    private final long connectionId;
    private final String user;
    private final String remoteHost;
    private final long connectTimeMillis = System.currentTimeMillis();
    private final SessionVariables variables;
    private volatile String currentDb = "";
    private volatile boolean autocommit = true;
    private volatile boolean inTransaction;
    private volatile String command = "Sleep";
    private volatile String currentSql;
    private volatile long commandStartMillis = System.currentTimeMillis();
    private volatile boolean killed;
    private final AtomicReference<Runnable> runningCanceller = new AtomicReference<>();
    private volatile Runnable killListener;

    public Session(long connectionId, String user, String remoteHost, SessionVariables variables)
    {
        this.connectionId = connectionId;
        this.user = user;
        this.remoteHost = remoteHost;
        this.variables = variables;
    }

    public long connectionId()
    {
        return connectionId;
    }

    public String user()
    {
        return user;
    }

    public String remoteHost()
    {
        return remoteHost;
    }

    public long connectTimeMillis()
    {
        return connectTimeMillis;
    }

    public SessionVariables variables()
    {
        return variables;
    }

    /** Current database, "" when none selected. */
    public String currentDb()
    {
        return currentDb;
    }

    public void setCurrentDb(String db)
    {
        this.currentDb = db == null ? "" : db;
    }

    public boolean autocommit()
    {
        return autocommit;
    }

    public void setAutocommit(boolean autocommit)
    {
        this.autocommit = autocommit;
    }

    public boolean inTransaction()
    {
        return inTransaction;
    }

    public void setInTransaction(boolean inTransaction)
    {
        this.inTransaction = inTransaction;
    }

    /** PROCESSLIST "Command" column: Sleep, Query, ... */
    public String command()
    {
        return command;
    }

    public String currentSql()
    {
        return currentSql;
    }

    public long commandStartMillis()
    {
        return commandStartMillis;
    }

    /** Called by the protocol layer when a command starts / ends. */
    public void beginCommand(String commandName, String sql)
    {
        this.command = commandName;
        this.currentSql = sql;
        this.commandStartMillis = System.currentTimeMillis();
    }

    public void endCommand()
    {
        this.command = "Sleep";
        this.currentSql = null;
        this.commandStartMillis = System.currentTimeMillis();
    }

    /**
     * Registers how to cancel the statement now running (null to clear). The statement layer sets it when a query
     * starts executing and clears it when done.
     */
    public void setRunningCanceller(Runnable canceller)
    {
        runningCanceller.set(canceller);
    }

    /** KILL QUERY: cancels the running statement, if any. Thread-safe. */
    public void cancelRunning()
    {
        Runnable r = runningCanceller.get();
        if (r != null) {
            r.run();
        }
    }

    /** KILL CONNECTION: marks the session killed and cancels the running statement; the protocol layer closes it. */
    public void kill()
    {
        killed = true;
        cancelRunning();
        Runnable l = killListener;
        if (l != null) {
            l.run();
        }
    }

    /**
     * Installed by the protocol layer: closes the connection when {@link #kill()} is called, even if the
     * connection is idle (waiting for the next command). Runs on the killing thread; must not block.
     */
    public void setKillListener(Runnable listener)
    {
        this.killListener = listener;
    }

    /**
     * COM_RESET_CONNECTION: session variables back to defaults, autocommit on, no open transaction. The current
     * database is kept (as MySQL does).
     */
    public void resetState()
    {
        variables.reset();
        autocommit = true;
        inTransaction = false;
    }

    public boolean isKilled()
    {
        return killed;
    }
}

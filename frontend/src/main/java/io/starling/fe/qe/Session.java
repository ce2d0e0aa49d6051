package io.starling.fe.qe;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    /** True between {@link #beginCommand} and {@link #endCommand}. */
    private volatile boolean commandActive;
    /**
     * KILL QUERY arrived while the current command runs. Sticky until the command ends, so a KILL that lands while
     * the statement is still parsing or planning (before any canceller is registered) still stops it.
     */
    private volatile boolean cancelRequested;
    private final AtomicReference<Runnable> runningCanceller = new AtomicReference<>();
    private volatile Runnable killListener;
    /**
     * User variables ({@code SET @v = ...}), lower-case names as MySQL treats them case-insensitively. Values are
     * Long, BigDecimal, Double or String; SQL NULL is an absent entry (an unset variable reads as NULL too).
     */
    private final Map<String, Object> userVariables = new ConcurrentHashMap<>();

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

    /** Value of user variable {@code @name}: Long, BigDecimal, Double, String, or null when NULL or never set. */
    public Object userVariable(String name)
    {
        return userVariables.get(name.toLowerCase(Locale.ROOT));
    }

    /** Sets user variable {@code @name}; null makes it SQL NULL. */
    public void setUserVariable(String name, Object value)
    {
        String key = name.toLowerCase(Locale.ROOT);
        if (value == null) {
            userVariables.remove(key);
        }
        else {
            userVariables.put(key, value);
        }
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
        this.cancelRequested = false;
        this.commandActive = true;
        this.command = commandName;
        this.currentSql = sql;
        this.commandStartMillis = System.currentTimeMillis();
    }

    public void endCommand()
    {
        this.commandActive = false;
        this.cancelRequested = false;
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
        // Pairs with cancelRunning(): each writes its volatile before reading the other's, so a concurrent KILL
        // is seen by at least one side (the canceller may run twice; cancelling is idempotent).
        if (canceller != null && cancelRequested) {
            canceller.run();
        }
    }

    /**
     * KILL QUERY: cancels the running statement, if any, including one that has not started executing yet (see
     * {@link #isCancelRequested()}). An idle session is not affected: its next statement runs normally.
     * Thread-safe.
     */
    public void cancelRunning()
    {
        if (commandActive) {
            cancelRequested = true;
        }
        Runnable r = runningCanceller.get();
        if (r != null) {
            r.run();
        }
    }

    /** True if KILL QUERY (or KILL, or a vanished client) asked to stop the command now running. */
    public boolean isCancelRequested()
    {
        return cancelRequested;
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
     * COM_RESET_CONNECTION: session variables back to defaults, user variables gone, autocommit on, no open
     * transaction. The current database is kept (as MySQL does).
     */
    public void resetState()
    {
        variables.reset();
        userVariables.clear();
        autocommit = true;
        inTransaction = false;
    }

    public boolean isKilled()
    {
        return killed;
    }
}

package io.starling.fe.mysql;

import io.starling.fe.qe.Session;
import io.starling.fe.qe.SessionRegistry;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live MySQL connections of this FE: hands out connection ids and maps them to {@link Session}s for
 * SHOW PROCESSLIST and KILL. Create one per FE and pass it both to the statement executor (which reads it) and
 * to {@link MysqlServer} (which fills it).
 */
public final class ConnectionRegistry implements SessionRegistry
{
    /** Ids start at 1 as in MySQL; 0 would read as "no connection" to some tools. */
    private final AtomicLong nextId = new AtomicLong(1);
    private final ConcurrentMap<Long, Session> sessions = new ConcurrentHashMap<>();

    /** A fresh connection id (sent in the handshake, before the session exists). */
    public long nextConnectionId()
    {
        return nextId.getAndIncrement();
    }

    /** Adds an authenticated session. */
    public void register(Session session)
    {
        sessions.put(session.connectionId(), session);
    }

    /** Removes a session when its connection closes. */
    public void unregister(Session session)
    {
        sessions.remove(session.connectionId(), session);
    }

    @Override
    public Collection<Session> sessions()
    {
        return List.copyOf(sessions.values());
    }

    @Override
    public Session get(long connectionId)
    {
        return sessions.get(connectionId);
    }
}

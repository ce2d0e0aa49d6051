package io.starling.fe.qe;

import java.util.Collection;

/** The live connections of this FE, for SHOW PROCESSLIST and KILL. Implemented by the protocol layer. */
public interface SessionRegistry
{
    Collection<Session> sessions();

    /** The session with this connection id, or null. */
    Session get(long connectionId);
}

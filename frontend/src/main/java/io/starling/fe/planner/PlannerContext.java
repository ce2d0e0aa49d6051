package io.starling.fe.planner;

import io.starling.fe.catalog.CatalogReader;
import io.starling.fe.catalog.SystemTables;
import io.starling.fe.qe.Session;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * What planning one statement needs from its surroundings: the catalog snapshot, information_schema, the session
 * (current database, variables for {@code @@var}, user, connection id) and the statement's start time, which
 * NOW()/CURDATE()/CURRENT_TIMESTAMP are folded to (MySQL: one value for the whole statement).
 *
 * @param currentDb        current database, "" or null when none is selected
 * @param queryStartMillis wall-clock start of the statement
 * @param zone             session time zone used to turn the start time into local date/time values
 */
public record PlannerContext(CatalogReader catalog, SystemTables systemTables, String currentDb, Session session,
        long queryStartMillis, ZoneId zone)
{
    public PlannerContext
    {
        currentDb = currentDb == null ? "" : currentDb;
        zone = zone == null ? ZoneId.systemDefault() : zone;
    }

    /** Context using the session's current database and the system time zone. */
    public static PlannerContext of(CatalogReader catalog, SystemTables systemTables, Session session,
            long queryStartMillis)
    {
        return new PlannerContext(catalog, systemTables, session.currentDb(), session, queryStartMillis, null);
    }

    /** The statement start as a local date-time in the session zone, truncated to whole seconds like MySQL NOW(). */
    public LocalDateTime queryStart()
    {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(queryStartMillis - Math.floorMod(queryStartMillis, 1000L)),
                zone);
    }
}

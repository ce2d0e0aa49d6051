package io.starling.fe;

import io.starling.fe.catalog.CatalogReader;
import io.starling.fe.catalog.OlapTable;
import io.starling.fe.catalog.SystemTables;
import io.starling.fe.parser.StarRocksParser;
import io.starling.fe.planner.PlannedQuery;
import io.starling.fe.planner.PlannerContext;
import io.starling.fe.planner.QueryPlanner;
import io.starling.fe.qe.Session;
import io.starling.fe.qe.SqlError;
import io.starling.fe.qe.exec.QueryPlanning;
import io.starling.rpc.proto.PlanNode;

import java.time.ZoneId;

/**
 * Connects the statement executor's {@link QueryPlanning} seam to the Calcite-based {@link QueryPlanner}. The
 * catalog and information_schema are bound after {@link FrontendServer} has built them ({@link #bind}).
 */
public final class CalcitePlanning implements QueryPlanning
{
    private final QueryPlanner planner = new QueryPlanner();
    private volatile CatalogReader catalog;
    private volatile SystemTables systemTables;

    public void bind(CatalogReader catalogReader, SystemTables tables)
    {
        this.catalog = catalogReader;
        this.systemTables = tables;
    }

    @Override
    public Planned plan(StarRocksParser.QueryStatementContext query, Session session) throws SqlError
    {
        PlannedQuery pq = planner.plan(query, context(session));
        return new Planned(pq.root(), pq.columns(), pq.explain());
    }

    @Override
    public PlanNode planInsertSource(StarRocksParser.InsertStatementContext insert, OlapTable table, Session session)
            throws SqlError
    {
        return planner.planInsertSource(insert, table, context(session));
    }

    private PlannerContext context(Session session)
    {
        if (catalog == null) {
            throw new IllegalStateException("CalcitePlanning used before bind()");
        }
        return new PlannerContext(catalog, systemTables, session.currentDb(), session, System.currentTimeMillis(),
                zone(session));
    }

    private static ZoneId zone(Session session)
    {
        String tz = session.variables().get("time_zone");
        if (tz == null || tz.isBlank() || tz.equalsIgnoreCase("SYSTEM")) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(tz.trim());
        }
        catch (RuntimeException e) {
            return ZoneId.systemDefault();
        }
    }
}

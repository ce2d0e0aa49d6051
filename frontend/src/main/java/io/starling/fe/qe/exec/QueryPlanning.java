package io.starling.fe.qe.exec;

import io.starling.fe.catalog.OlapTable;
import io.starling.fe.parser.StarRocksParser;
import io.starling.fe.qe.ResultColumn;
import io.starling.fe.qe.Session;
import io.starling.fe.qe.SqlError;
import io.starling.rpc.proto.PlanNode;

import java.util.List;

/**
 * What the statement executor needs from the query planner. {@code io.starling.fe.FrontendServer} adapts
 * {@code io.starling.fe.planner.QueryPlanner} to it; tests plug in fakes. Keeping this seam small lets the
 * executor be built and tested independently of the planner.
 */
public interface QueryPlanning
{
    /** A planned SELECT: the fragment root, its result columns and EXPLAIN text. */
    record Planned(PlanNode root, List<ResultColumn> columns, String explain)
    {
    }

    Planned plan(StarRocksParser.QueryStatementContext query, Session session) throws SqlError;

    /** The source of an INSERT: a plan producing exactly {@code table}'s columns in schema order. */
    PlanNode planInsertSource(StarRocksParser.InsertStatementContext insert, OlapTable table, Session session)
            throws SqlError;

    /** Used until a planner is wired: every query fails with 1235. */
    QueryPlanning NONE = new QueryPlanning()
    {
        @Override
        public Planned plan(StarRocksParser.QueryStatementContext query, Session session) throws SqlError
        {
            throw new SqlError(io.starling.fe.qe.ErrorCode.NOT_SUPPORTED, "No query planner is configured");
        }

        @Override
        public PlanNode planInsertSource(StarRocksParser.InsertStatementContext insert, OlapTable table, Session session)
                throws SqlError
        {
            throw new SqlError(io.starling.fe.qe.ErrorCode.NOT_SUPPORTED, "No query planner is configured");
        }
    };
}

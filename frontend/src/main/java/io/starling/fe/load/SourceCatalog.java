package io.starling.fe.load;

import io.starling.fe.catalog.CatalogReader;
import io.starling.fe.catalog.Database;
import io.starling.fe.catalog.OlapTable;

import java.util.List;

/**
 * The catalog as the Stream Load planner sees it: the real catalog plus one transient table, the load's source
 * rows, in the target's database. Planning {@code SELECT ... FROM <source>} through the ordinary query planner
 * gives the load casts, functions and filters exactly as SQL has them; the BE then feeds parsed rows where the
 * plan scans this table.
 */
final class SourceCatalog implements CatalogReader
{
    /** Name of the transient source table; chosen so that it cannot collide with a user table name in practice. */
    static final String SOURCE_TABLE = "__starling_stream_load_source__";
    /** Id of the transient source table: catalog ids are positive, so the plan's scan of it is unambiguous. */
    static final long SOURCE_TABLE_ID = -1;

    private final CatalogReader delegate;
    private final String db;
    private final OlapTable source;

    SourceCatalog(CatalogReader delegate, String db, OlapTable source)
    {
        this.delegate = delegate;
        this.db = db;
        this.source = source;
    }

    @Override
    public Database getDatabase(String name)
    {
        return delegate.getDatabase(name);
    }

    @Override
    public OlapTable getTable(String database, String table)
    {
        if (db.equals(database) && SOURCE_TABLE.equals(table)) {
            return source;
        }
        return delegate.getTable(database, table);
    }

    @Override
    public List<Database> databases()
    {
        return delegate.databases();
    }

    @Override
    public List<OlapTable> tables(String database)
    {
        return delegate.tables(database);
    }
}

package io.starling.fe.catalog;

import java.util.List;

/**
 * Read access to the FE catalog, as the planner and metadata statements use it. Database and table names are
 * case-sensitive (StarRocks with lower_case_table_names = 0). The returned objects are immutable snapshots.
 */
public interface CatalogReader
{
    /** The database or null. */
    Database getDatabase(String name);

    /** The table or null (null also when the database does not exist). */
    OlapTable getTable(String database, String table);

    /** All databases, sorted by name (information_schema is included by the implementation if it models it). */
    List<Database> databases();

    /** Tables of a database, sorted by name; empty if the database does not exist. */
    List<OlapTable> tables(String database);

    /**
     * A view or null (null also when the database does not exist). Readers without views (test catalogs, the
     * Stream Load source overlay) keep the default.
     */
    default View getView(String database, String view)
    {
        return null;
    }

    /** Views of a database, sorted by name; empty if the database does not exist. */
    default List<View> views(String database)
    {
        return List.of();
    }
}

package io.starling.fe.planner;

import io.starling.fe.catalog.Column;
import io.starling.fe.catalog.OlapTable;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * A catalog table as Calcite sees it: the row type built from the Starling columns, and the row count as statistic
 * (used by the heuristic join ordering). Exactly one of {@code olap} and {@code systemRows} is set: an OLAP table
 * becomes an OlapScanNode, an information_schema table a ValuesNode of its current rows.
 *
 * @param database   the database name as stored in the catalog (or "information_schema")
 * @param name       the table name as stored
 * @param systemRows current rows of a system table, else null
 */
record CatalogTable(String database, String name, List<Column> columns, OlapTable olap, List<List<Object>> systemRows)
{
    /** The Calcite view of this table. */
    AbstractTable calcite()
    {
        return new Adapter(this);
    }

    private static final class Adapter extends AbstractTable
    {
        /** Row-count guess for a table without loaded rows, so joins with it are not ordered as if free. */
        private static final double UNKNOWN_ROWS = 100;

        private final CatalogTable table;

        Adapter(CatalogTable table)
        {
            this.table = table;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory f)
        {
            RelDataTypeFactory.Builder b = f.builder();
            for (Column c : table.columns()) {
                b.add(c.name(), TypeMapping.toCalcite(f, c.type(), c.nullable()));
            }
            return b.build();
        }

        @Override
        public Statistic getStatistic()
        {
            double rows = table.olap() != null ? table.olap().rowCount() : table.systemRows().size();
            return Statistics.of(rows > 0 ? rows : UNKNOWN_ROWS, List.of());
        }

        @Override
        public <C> C unwrap(Class<C> aClass)
        {
            if (aClass.isInstance(table)) {
                return aClass.cast(table);
            }
            return super.unwrap(aClass);
        }
    }
}

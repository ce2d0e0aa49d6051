package io.starling.fe.load;

import io.starling.fe.catalog.CatalogReader;
import io.starling.fe.catalog.Column;
import io.starling.fe.catalog.Database;
import io.starling.fe.catalog.Distribution;
import io.starling.fe.catalog.KeysType;
import io.starling.fe.catalog.OlapTable;
import io.starling.fe.catalog.PartitionScheme;
import io.starling.rpc.proto.StreamLoadPlan;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamLoadPlannerTest
{
    private static final Database DB = new Database(1, "db1", 0);
    private static final OlapTable T = new OlapTable(2, "t", List.of(
            new Column("a", DataType.INT, false, true, null, null, null),
            new Column("b", DataType.varchar(20), true, false, null, null, null),
            new Column("c", DataType.BIGINT, true, false, "7", null, null)),
            KeysType.DUP_KEYS, List.of("a"), PartitionScheme.NONE, List.of(), new Distribution(false, List.of("a"), 1),
            Map.of(), "", 0);

    private static final CatalogReader CATALOG = new CatalogReader()
    {
        @Override
        public Database getDatabase(String name)
        {
            return name.equals("db1") ? DB : null;
        }

        @Override
        public OlapTable getTable(String database, String table)
        {
            return database.equals("db1") && table.equals("t") ? T : null;
        }

        @Override
        public List<Database> databases()
        {
            return List.of(DB);
        }

        @Override
        public List<OlapTable> tables(String database)
        {
            return List.of(T);
        }
    };

    private static StreamLoadPlan plan(String columns, String where, List<String> paths) throws Exception
    {
        return new StreamLoadPlanner(CATALOG, null).plan(DB, T, 5, "l", new StreamLoadPlanner.Options("csv", columns,
                where, paths, null, 0, false, 600));
    }

    @Test
    void withoutColumnsEveryFieldIsTypedAsItsColumn() throws Exception
    {
        StreamLoadPlan p = plan(null, null, null);
        System.out.println(p.getFragment().getRoot());
        assertThat(p.getSourceColumnsList()).extracting(c -> c.getName()).containsExactly("a", "b", "c");
        assertThat(p.getSourceColumns(0).getType().getKind().name()).isEqualTo("TYPE_INT");
        assertThat(p.getSourceColumnsList()).allMatch(c -> c.getUsed());
        assertThat(p.getFragment().getSink().getOlapTable().getTxnId()).isEqualTo(5);
        assertThat(StreamLoadPlanner.sourceScan(p)).isNotNull();
    }

    @Test
    void derivedColumnsPlaceholdersAndDefaults() throws Exception
    {
        StreamLoadPlan p = plan("x, skip, b, a = x * 2", "a > 1", null);
        assertThat(p.getSourceColumnsList()).extracting(c -> c.getName()).containsExactly("x", "skip", "b");
        assertThat(p.getSourceColumns(0).getType().getKind().name()).isEqualTo("TYPE_VARCHAR");
        assertThat(p.getSourceColumns(1).getUsed()).isFalse();
        assertThat(p.getFragment().getRoot().getOutputTypesCount()).isEqualTo(3);
    }

    @Test
    void unknownDerivedTargetAndMissingNotNullColumnFail()
    {
        assertThatThrownBy(() -> plan("a, b, zz = a + 1", null, null)).hasMessageContaining("zz");
        assertThatThrownBy(() -> plan("b, c", null, null)).hasMessageContaining("no default value");
        assertThatThrownBy(() -> plan("a, b, c = nosuch + 1", null, null)).hasMessageContaining("nosuch");
    }

    @Test
    void columnMappingSplitsAtTopLevel()
    {
        ColumnMapping m = ColumnMapping.parse("a, `b c`, d = concat(a, ','), e = if(a >= 1, 1, 0)");
        assertThat(m.sources()).containsExactly("a", "b c");
        assertThat(m.derived()).extracting(ColumnMapping.Derived::column).containsExactly("d", "e");
        assertThat(m.derived().get(1).expression()).isEqualTo("if(a >= 1, 1, 0)");
        assertThat(m.referencedByExpression("a")).isTrue();
        assertThat(m.referencedByExpression("b c")).isFalse();
    }
}

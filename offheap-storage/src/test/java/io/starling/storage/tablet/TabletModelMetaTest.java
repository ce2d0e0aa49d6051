package io.starling.storage.tablet;

import io.starling.storage.merge.AggType;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The tablet meta's model block (aggregation types, sort key): persisted across restart, absent in old metas. */
class TabletModelMetaTest
{
    private static final List<DataType> SCHEMA = List.of(DataType.INT, DataType.varchar(10), DataType.BIGINT, DataType.INT);
    private static final List<String> NAMES = List.of("k1", "k2", "s", "m");

    @Test
    void aggregationTypesAndSortKeySurviveRestart(@TempDir Path dir) throws Exception
    {
        List<AggType> aggs = List.of(AggType.NONE, AggType.NONE, AggType.SUM, AggType.REPLACE_IF_NOT_NULL);
        try (TabletStore store = new TabletStore(dir)) {
            store.createTablet(1, SCHEMA, NAMES, KeysModel.AGGREGATE, 2, aggs, List.of(1, 0));
            store.createTablet(2, SCHEMA, NAMES, KeysModel.DUPLICATE, 0, List.of(), List.of(3));
        }
        try (TabletStore store = new TabletStore(dir)) {
            try (RowsetWriter w = store.openRowset(1, 7)) {
                assertEquals(aggs, w.aggregationTypes());
                assertArrayEquals(new int[] {1, 0}, w.sortKeyColumns());
            }
            try (RowsetWriter w = store.openRowset(2, 7)) {
                assertEquals(List.of(AggType.NONE, AggType.NONE, AggType.NONE, AggType.NONE), w.aggregationTypes());
                assertArrayEquals(new int[] {3}, w.sortKeyColumns());
            }
        }
    }

    @Test
    void metasWithoutTheBlockReadWithDefaults()
    {
        TabletMeta old = new TabletMeta(3, SCHEMA, NAMES, KeysModel.UNIQUE, 2, 1, List.of());
        TabletMeta back = TabletMeta.parse(old.serialize());
        assertEquals(List.of(), back.aggTypes());
        assertArrayEquals(new int[] {0, 1}, back.sortKeyColumns());
        TabletMeta dup = TabletMeta.parse(new TabletMeta(4, SCHEMA, NAMES, KeysModel.DUPLICATE, 0, 1, List.of()).serialize());
        assertArrayEquals(new int[0], dup.sortKeyColumns());
        TabletMeta with = new TabletMeta(5, SCHEMA, NAMES, KeysModel.AGGREGATE, 2, 1, List.of(),
                List.of(AggType.NONE, AggType.NONE, AggType.MAX, AggType.MIN), List.of(0, 1));
        assertEquals(with, TabletMeta.parse(with.serialize()));
    }
}

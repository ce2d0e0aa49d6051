package io.starling.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest
{
    private static ResultTable table(String[]... rows)
    {
        return new ResultTable(List.of("k", "v"), new boolean[] {false, true}, new ArrayList<>(List.of(rows)));
    }

    @Test
    void numbersEqualToTwoDecimals()
    {
        ResultTable duck = table(new String[] {"a", "1.234999"}, new String[] {"b", "2"});
        assertThat(duck.diff(table(new String[] {"a", "1.2350"}, new String[] {"b", "2.000000"}), true)).isNull();
        assertThat(duck.diff(table(new String[] {"a", "1.25"}, new String[] {"b", "2"}), true))
                .contains("column v");
    }

    @Test
    void unorderedQueriesAreSortedAndCharPaddingIgnored()
    {
        ResultTable duck = table(new String[] {"a", "1"}, new String[] {"b", "2"});
        ResultTable starling = table(new String[] {"b  ", "2"}, new String[] {"a", "1"});
        assertThat(duck.diff(starling, false)).isNull();
        assertThat(duck.diff(starling, true)).isNotNull();
        assertThat(duck.diff(table(new String[] {"a", "1"}), false)).contains("row count");
    }

    @Test
    void insertRowsQuoteText()
    {
        StringBuilder sql = new StringBuilder();
        List<TableDef.Column> cols = TableDef.of("t", "a", 1, "a int, b varchar(10), c decimal(15, 2), d date")
                .columns();
        StarlingLoader.appendRow(sql, cols, "1|it's|2.50|1995-01-02");
        assertThat(sql.toString()).isEqualTo("(1,'it''s',2.50,'1995-01-02')");
    }
}

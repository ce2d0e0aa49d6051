package io.starling.bench;

import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * TPC-H data from io.trino.tpch (a Java port of dbgen, same values): each table's rows as dbgen's '|'-separated
 * lines, with dbgen's trailing '|' dropped so DuckDB's COPY and Starling's loaders see exactly the table's columns.
 */
final class TpchData
{
    private TpchData()
    {
    }

    static void generate(Path dir, double scaleFactor) throws IOException
    {
        if (DataFiles.isComplete(dir)) {
            return;
        }
        for (TpchTable<?> table : TpchTable.getTables()) {
            write(dir, table, scaleFactor);
        }
        DataFiles.markComplete(dir);
    }

    private static <E extends TpchEntity> void write(Path dir, TpchTable<E> table, double scaleFactor)
            throws IOException
    {
        // trino names the tables as dbgen does (lineitem, partsupp, ...), which are also our table names
        try (BufferedWriter w = DataFiles.writer(dir, table.getTableName())) {
            for (E row : table.createGenerator(scaleFactor, 1, 1)) {
                String line = row.toLine();
                if (line.endsWith("|")) {
                    line = line.substring(0, line.length() - 1);
                }
                w.write(line);
                w.write('\n');
            }
        }
    }
}

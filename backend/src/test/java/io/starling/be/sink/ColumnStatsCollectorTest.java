package io.starling.be.sink;

import io.starling.rpc.proto.NdvColumnStats;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.index.IndexValues;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.sketch.HllSketch;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ColumnStatsCollectorTest
{
    private final MemoryContext memory = MemoryContext.process().newChild("column-stats-test");

    @Test
    void countsDistinctValuesRangesAndNullsOfTheAcceptedRowsOnly() throws IOException
    {
        List<DataType> types = List.of(DataType.BIGINT, DataType.STRING, DataType.DOUBLE);
        ColumnStatsCollector c = new ColumnStatsCollector(types);
        try (ColumnBatch b = ColumnBatch.allocate(types, memory)) {
            String[] strings = {"pear", null, "apple", "pear", "zebra-skipped", "a longer string than eight"};
            long[] longs = {5, -3, 5, 12, 1000, 7};
            for (int r = 0; r < strings.length; r++) {
                b.column(0).setLong(r, longs[r]);
                if (strings[r] == null) {
                    b.column(1).setBytes(r, new byte[0]);
                    b.column(1).setNull(r, true);
                    b.column(2).setNull(r, true);
                }
                else {
                    b.column(1).setString(r, strings[r]);
                    b.column(2).setDouble(r, r * 0.5);
                }
            }
            b.setRowCount(strings.length);
            // row 4 was rejected by the sink
            c.add(b, new int[] {0, 1, 2, 3, 5}, 5);
        }
        List<NdvColumnStats> out = c.result(null);
        NdvColumnStats k = out.get(0);
        assertThat(k.getNonNull()).isEqualTo(5);
        assertThat(k.getNulls()).isZero();
        assertThat(HllSketch.fromBytes(k.getSketch().toByteArray()).estimate()).isEqualTo(4);
        assertThat(k.getMin().getLongValue()).isEqualTo(-3);
        assertThat(k.getMax().getLongValue()).isEqualTo(12);
        NdvColumnStats s = out.get(1);
        assertThat(s.getNonNull()).isEqualTo(4);
        assertThat(s.getNulls()).isEqualTo(1);
        assertThat(HllSketch.fromBytes(s.getSketch().toByteArray()).estimate()).isEqualTo(3);
        assertThat(s.getMin().getBytesValue().toStringUtf8()).isEqualTo("a longer string than eight");
        assertThat(s.getMax().getBytesValue().toStringUtf8()).isEqualTo("pear");
        assertThat(s.getStringBytes()).isEqualTo(4 + 5 + 4 + 26);
        NdvColumnStats d = out.get(2);
        assertThat(d.getMin().getDoubleValue()).isEqualTo(0.0);
        assertThat(d.getMax().getDoubleValue()).isEqualTo(2.5);
        // a partial update reports only the columns it wrote
        assertThat(c.result(new boolean[] {true, false, false})).hasSize(1);
    }

    @Test
    void offHeapStringHashEqualsTheIndexHash()
    {
        List<DataType> types = List.of(DataType.STRING);
        try (ColumnBatch b = ColumnBatch.allocate(types, memory)) {
            String[] values = {"", "x", "12345678", "123456789", "unicode \u00e9\u4e2d and more than sixteen bytes"};
            for (int r = 0; r < values.length; r++) {
                b.column(0).setString(r, values[r]);
            }
            ColumnVector v = b.column(0);
            for (int r = 0; r < values.length; r++) {
                byte[] bytes = values[r].getBytes(StandardCharsets.UTF_8);
                assertThat(ColumnStatsCollector.hashBytes(v.bytes(), v.getOffset(r), v.getLength(r)))
                        .isEqualTo(IndexValues.hashBytes(bytes, 0, bytes.length));
            }
        }
    }
}

package io.starling.be.load;

import io.starling.be.expr.ProtoTypes;
import io.starling.rpc.proto.ScanColumn;
import io.starling.rpc.proto.StreamSourceColumn;
import io.starling.rpc.proto.TypeDesc;
import io.starling.rpc.proto.TypeKindPb;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.memory.MemoryContext;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CsvReaderTest
{
    private static final TypeDesc INT = TypeDesc.newBuilder().setKind(TypeKindPb.TYPE_INT).build();
    private static final TypeDesc TEXT = TypeDesc.newBuilder().setKind(TypeKindPb.TYPE_VARCHAR).setLength(100).build();
    private static final TypeDesc DEC = TypeDesc.newBuilder().setKind(TypeKindPb.TYPE_DECIMAL).setPrecision(10).setScale(2).build();
    private static final TypeDesc DATE = TypeDesc.newBuilder().setKind(TypeKindPb.TYPE_DATE).build();

    /** Parses {@code body} into rows of rendered values; rejects go to {@code rejects}. */
    private static List<String> parse(String body, Map<String, String> headers, List<TypeDesc> types, boolean strict,
            RejectLog rejects, int chunk) throws Exception
    {
        List<StreamSourceColumn> sources = new ArrayList<>();
        List<ScanColumn> scan = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            sources.add(StreamSourceColumn.newBuilder().setName("c" + i).setType(types.get(i)).setUsed(true).build());
            scan.add(ScanColumn.newBuilder().setName("c" + i).setTableColumnIndex(i).setType(types.get(i)).build());
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        // a stream that returns at most `chunk` bytes per read, to cross buffer boundaries mid-row
        InputStream in = new ByteArrayInputStream(bytes)
        {
            @Override
            public synchronized int read(byte[] b, int off, int len)
            {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
        List<String> out = new ArrayList<>();
        try (MemoryContext ctx = MemoryContext.process().newChild("csv-test");
                SourceBatchBuilder rows = new SourceBatchBuilder(sources, scan, strict, ctx, rejects)) {
            CsvReader r = new CsvReader(in, LoadOptions.fromHeaders(headers), rows);
            boolean more = true;
            while (more) {
                more = r.fill();
                if (!rows.isEmpty()) {
                    try (ColumnBatch b = rows.take()) {
                        for (int i = 0; i < b.size(); i++) {
                            StringBuilder sb = new StringBuilder();
                            for (int c = 0; c < types.size(); c++) {
                                Object v = io.starling.exec.expr.Values.read(b.column(c), i);
                                sb.append(c == 0 ? "" : "|").append(v);
                            }
                            out.add(sb.toString());
                        }
                    }
                }
            }
        }
        return out;
    }

    @Test
    void multiByteSeparatorsEncloseEscapeAndNulls() throws Exception
    {
        RejectLog rejects = new RejectLog();
        String body = "1||\"a||b\"\r\n2||\\N\r\n3||\"say \"\"hi\"\"\"\r\n4||x\\|y\r\n";
        List<String> rows = parse(body, Map.of("column_separator", "||", "row_delimiter", "\\x0D0A", "enclose", "\"",
                "escape", "\\"), List.of(INT, TEXT), false, rejects, 3);
        assertThat(rows).containsExactly("1|a||b", "2|null", "3|say \"hi\"", "4|x|y");
        assertThat(rejects.count()).isZero();
        assertThat(ProtoTypes.toDataType(TEXT).length()).isEqualTo(100);
    }

    /** DECIMAL(10, 2) values read back unscaled: 12.345 rounds half up to 1235, -0.5 is -50. */
    @Test
    void skipHeaderColumnCountAndStrictMode() throws Exception
    {
        RejectLog lenient = new RejectLog();
        String body = "id,amount,day\n1,12.345,2024-02-29\n2,abc,2024-13-01\n3\n4,-0.5,1999-12-31";
        List<String> rows = parse(body, Map.of("column_separator", ",", "skip_header", "1"), List.of(INT, DEC, DATE),
                false, lenient, 7);
        assertThat(rows).containsExactly("1|1235|19782", "2|null|null", "4|-50|10956");
        assertThat(lenient.count()).isEqualTo(1);
        assertThat(lenient.lines().getFirst()).contains("Expect 3, but got 1").contains("Row: 3");

        RejectLog strict = new RejectLog();
        List<String> strictRows = parse(body, Map.of("column_separator", ",", "skip_header", "1"),
                List.of(INT, DEC, DATE), true, strict, 1 << 20);
        assertThat(strictRows).containsExactly("1|1235|19782", "4|-50|10956");
        assertThat(strict.count()).isEqualTo(2);
        assertThat(strict.lines().getFirst()).contains("strict_mode").contains("2,abc,2024-13-01");
    }

    @Test
    void manyRowsSplitIntoFullBatches() throws Exception
    {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            sb.append(i).append('\t').append("v").append(i).append('\n');
        }
        List<String> rows = parse(sb.toString(), Map.of(), List.of(INT, TEXT), false, new RejectLog(), 4093);
        assertThat(rows).hasSize(10_000);
        assertThat(rows.get(9_999)).isEqualTo("9999|v9999");
    }
}

package io.starling.exec.operator;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.starling.exec.operator.OperatorTestSupport.batch;
import static io.starling.exec.operator.OperatorTestSupport.col;
import static io.starling.exec.operator.OperatorTestSupport.drive;
import static io.starling.exec.operator.OperatorTestSupport.row;
import static io.starling.exec.operator.OperatorTestSupport.test;
import static org.assertj.core.api.Assertions.assertThat;

/** Filter, project, limit and values operators. */
class SimpleOperatorsTest
{
    private static final List<DataType> TYPES = List.of(DataType.INT, DataType.STRING);
    private MemoryContext query;

    @BeforeEach
    void setUp()
    {
        query = MemoryContext.process().newChild("test-query", 256L << 20);
    }

    @AfterEach
    void tearDown()
    {
        assertThat(query.used()).as("all memory returned").isZero();
        query.close();
    }

    private OperatorContext ctx(String name)
    {
        return new OperatorContext(name, query);
    }

    private List<ColumnBatch> numbered(int rows, int nullEvery)
    {
        List<ColumnBatch> out = new ArrayList<>();
        for (int start = 0; start < rows; start += ColumnBatch.MAX_ROWS) {
            List<Object[]> r = new ArrayList<>();
            for (int i = start; i < Math.min(rows, start + ColumnBatch.MAX_ROWS); i++) {
                r.add(row(nullEvery > 0 && i % nullEvery == 0 ? null : i, "s" + i));
            }
            out.add(batch(TYPES, query, r));
        }
        return out;
    }

    @Test
    void filterTreatsNullAsFalseAcrossBatches()
    {
        try (OperatorContext c = ctx("filter"); FilterOperator op = new FilterOperator(c, test(0, v -> v % 3 == 0))) {
            List<List<Object>> out = drive(op, numbered(10_000, 7));
            List<List<Object>> expected = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                if (i % 7 != 0 && i % 3 == 0) {
                    expected.add(List.of(i, "s" + i));
                }
            }
            assertThat(out).map(r -> List.of(((Long) r.get(0)).intValue(), r.get(1))).isEqualTo(expected);
            assertThat(c.inputRows()).isEqualTo(10_000);
            assertThat(c.outputRows()).isEqualTo(expected.size());
        }
    }

    @Test
    void filterRespectsAnExistingSelectionAndDropsEmptyBatches()
    {
        try (OperatorContext c = ctx("filter"); FilterOperator op = new FilterOperator(c, test(0, v -> v >= 2))) {
            ColumnBatch b = batch(TYPES, query, row(1, "a"), row(2, "b"), row(3, "c"), row(4, "d"));
            b.setSelection(new int[] {0, 1, 3}, 3);
            ColumnBatch none = batch(TYPES, query, row(0, "z"));
            ColumnBatch empty = batch(TYPES, query);
            assertThat(drive(op, List.of(b, none, empty))).containsExactly(List.of(2L, "b"), List.of(4L, "d"));
            assertThat(c.outputBatches()).isEqualTo(1);
        }
    }

    @Test
    void projectKeepsTheSelection()
    {
        try (OperatorContext c = ctx("project");
                ProjectOperator op = new ProjectOperator(c, List.of(col(1, DataType.STRING), col(0, DataType.INT)))) {
            ColumnBatch b = batch(TYPES, query, row(1, "a"), row(null, "b"), row(3, "c"));
            b.setSelection(new int[] {1, 2}, 2);
            assertThat(drive(op, List.of(b))).containsExactly(java.util.Arrays.asList("b", null), List.of("c", 3L));
            assertThat(op.outputTypes()).containsExactly(DataType.STRING, DataType.INT);
        }
    }

    @Test
    void limitWithOffsetAcrossBatchesStopsEarly()
    {
        try (OperatorContext c = ctx("limit"); LimitOperator op = new LimitOperator(c, 5000, 4000)) {
            List<ColumnBatch> in = numbered(20_000, 0);
            List<List<Object>> out = drive(op, in);
            assertThat(out).hasSize(5000);
            assertThat(out.getFirst().get(0)).isEqualTo(4000L);
            assertThat(out.getLast().get(0)).isEqualTo(8999L);
            assertThat(c.inputRows()).isEqualTo(3 * ColumnBatch.MAX_ROWS);
        }
        try (OperatorContext c = ctx("limit0"); LimitOperator op = new LimitOperator(c, 0, 0)) {
            assertThat(op.isFinished()).isTrue();
        }
    }

    @Test
    void valuesReturnsItsBatchesAndFreesUnpulledOnes()
    {
        try (OperatorContext c = ctx("values")) {
            try (ValuesOperator op = new ValuesOperator(c, numbered(5000, 0))) {
                assertThat(drive(op, List.of())).hasSize(5000);
                assertThat(op.needsInput()).isFalse();
            }
            ValuesOperator early = new ValuesOperator(c, numbered(9000, 0));
            ColumnBatch first = early.pull();
            first.close();
            early.close();
        }
    }
}

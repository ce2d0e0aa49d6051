package io.starling.exec.operator;

import io.starling.storage.memory.MemoryContext;

/**
 * Per-operator runtime context: the operator's own {@link MemoryContext} (a child of the query's, so that the
 * query limit applies to everything the operator allocates) and its profile counters.
 *
 * <p>Counters are plain fields: an operator instance runs on one driver at a time, and the driver hands it to
 * another worker only through a happens-before edge (the scheduler queue). Closing the context closes the
 * memory context; bytes still reserved then are reported as leaked by {@link MemoryContext#leakedBytesOnClose()}.
 */
public final class OperatorContext
        implements AutoCloseable
{
    private final String name;
    private final MemoryContext memory;
    private long inputRows;
    private long inputBatches;
    private long outputRows;
    private long outputBatches;
    private long cpuNanos;

    /**
     * Creates a context with a new child of {@code queryMemory} named after the operator.
     *
     * @param name operator name for profiles, e.g. {@code "HashAggregate#3"}
     */
    public OperatorContext(String name, MemoryContext queryMemory)
    {
        this.name = name;
        this.memory = queryMemory.newChild(name);
    }

    public String name()
    {
        return name;
    }

    /** Memory of this operator's state and output batches. */
    public MemoryContext memory()
    {
        return memory;
    }

    /** Counts one pushed batch of {@code rows} logical rows. */
    public void recordInput(int rows)
    {
        inputRows += rows;
        inputBatches++;
    }

    /** Counts one pulled batch; returns it for call chaining (null passes through uncounted). */
    public <B extends io.starling.storage.batch.ColumnBatch> B recordOutput(B batch)
    {
        if (batch != null) {
            outputRows += batch.size();
            outputBatches++;
        }
        return batch;
    }

    /** Adds time spent inside the operator (measured per call, never per row). */
    public void addCpuNanos(long nanos)
    {
        cpuNanos += nanos;
    }

    public long inputRows()
    {
        return inputRows;
    }

    public long inputBatches()
    {
        return inputBatches;
    }

    public long outputRows()
    {
        return outputRows;
    }

    public long outputBatches()
    {
        return outputBatches;
    }

    public long cpuNanos()
    {
        return cpuNanos;
    }

    @Override
    public void close()
    {
        memory.close();
    }

    @Override
    public String toString()
    {
        return name + "{in=" + inputRows + " rows/" + inputBatches + " batches, out=" + outputRows + " rows/" + outputBatches
                + " batches, cpu=" + cpuNanos / 1000 + " us, mem peak=" + memory.peak() + " B}";
    }
}

package io.starling.sched.driver;

/**
 * Per-operator counters of one driver, for profiles: rows and batches pushed in, rows and batches pulled out, and
 * nanoseconds spent inside the operator's push/pull/finish calls. Written by the driver's worker only; read after
 * the driver ended (or racily while running, which profiles tolerate).
 */
public final class OperatorStats
{
    private final String name;
    long rowsIn;
    long rowsOut;
    long batchesIn;
    long batchesOut;
    long nanos;

    public OperatorStats(String name)
    {
        this.name = name;
    }

    public String name()
    {
        return name;
    }

    public long rowsIn()
    {
        return rowsIn;
    }

    public long rowsOut()
    {
        return rowsOut;
    }

    public long batchesIn()
    {
        return batchesIn;
    }

    public long batchesOut()
    {
        return batchesOut;
    }

    public long nanos()
    {
        return nanos;
    }

    /** Adds another driver's counters for the same operator (same name). */
    public void add(OperatorStats o)
    {
        rowsIn += o.rowsIn;
        rowsOut += o.rowsOut;
        batchesIn += o.batchesIn;
        batchesOut += o.batchesOut;
        nanos += o.nanos;
    }
}

package io.starling.sched.driver;

/** Lets tests in other packages give a group a CPU history without running it. */
public final class DriverTestSupport
{
    private DriverTestSupport()
    {
    }

    /** Adds {@code nanos} to the group's CPU time, as if its drivers had run that long. */
    public static void charge(DriverGroup group, long nanos)
    {
        group.addCpuNanos(nanos);
    }

    /** A body that yields forever (the queue tests never run it) and counts its close calls. */
    public static DriverBody idleBody()
    {
        return new DriverBody()
        {
            @Override
            public Step process(long deadlineNanos)
            {
                return Step.YIELD;
            }

            @Override
            public void close()
            {
            }
        };
    }
}

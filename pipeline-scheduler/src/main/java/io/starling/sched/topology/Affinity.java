package io.starling.sched.topology;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/**
 * Thread-to-CPU pinning through libc's {@code sched_setaffinity(2)} and {@code sched_getcpu(3)}, called with the FFM
 * API (notes/jdk25-performance.md §2.4: handles in static finals, {@code errno} captured, {@code cpu_set_t} of
 * 1024 bits). On anything but Linux, or when the symbols are missing or the JVM refuses native access, the class
 * reports {@link #isSupported()} false and {@link #pinCurrentThread} returns a reason instead of throwing.
 */
public final class Affinity
{
    /** glibc's {@code cpu_set_t}: {@code __CPU_SETSIZE} = 1024 bits = 128 bytes. */
    public static final int CPU_SET_BYTES = 1024 / 8;

    private static final MethodHandle SET_AFFINITY;
    private static final MethodHandle GET_CPU;
    private static final StructLayout CAPTURE_LAYOUT;
    private static final VarHandle ERRNO;
    private static final String UNSUPPORTED_REASON;

    static {
        MethodHandle set = null;
        MethodHandle get = null;
        StructLayout capture = null;
        VarHandle errno = null;
        String reason = null;
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            reason = "not Linux (" + os + ")";
        }
        else {
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                capture = Linker.Option.captureStateLayout();
                errno = capture.varHandle(MemoryLayout.PathElement.groupElement("errno"));
                set = linker.downcallHandle(libc.find("sched_setaffinity").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
                        Linker.Option.captureCallState("errno"));
                get = linker.downcallHandle(libc.find("sched_getcpu").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT));
            }
            catch (Throwable t) {
                // IllegalCallerException when native access is denied, NoSuchElementException for a missing symbol
                reason = t.getClass().getSimpleName() + ": " + t.getMessage();
                set = null;
                get = null;
            }
        }
        SET_AFFINITY = set;
        GET_CPU = get;
        CAPTURE_LAYOUT = capture;
        ERRNO = errno;
        UNSUPPORTED_REASON = reason;
    }

    private Affinity()
    {
    }

    /** Whether pinning can be attempted at all on this JVM and OS. */
    public static boolean isSupported()
    {
        return UNSUPPORTED_REASON == null;
    }

    /** Why pinning is unsupported, or null. */
    public static String unsupportedReason()
    {
        return UNSUPPORTED_REASON;
    }

    /**
     * Restricts the calling thread to {@code cpu}. Returns null on success, otherwise the reason (unsupported,
     * {@code EINVAL} for a CPU outside the cpuset, {@code EPERM} under a seccomp policy, ...).
     */
    public static String pinCurrentThread(int cpu)
    {
        if (!isSupported()) {
            return UNSUPPORTED_REASON;
        }
        if (cpu < 0 || cpu >= CPU_SET_BYTES * 8) {
            return "CPU " + cpu + " outside cpu_set_t";
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(CPU_SET_BYTES, 8);
            mask.set(ValueLayout.JAVA_LONG, (cpu / 64) * 8L, 1L << (cpu % 64));
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            // pid 0 = the calling thread (a Linux thread id, not the process)
            int rc = (int) SET_AFFINITY.invokeExact(state, 0, (long) CPU_SET_BYTES, mask);
            if (rc != 0) {
                int err = (int) ERRNO.get(state, 0L);
                return "sched_setaffinity(cpu " + cpu + ") failed, errno " + err + errnoName(err);
            }
            return null;
        }
        catch (Throwable t) {
            return "sched_setaffinity(cpu " + cpu + ") threw " + t;
        }
    }

    /** The CPU the calling thread runs on now, or -1 if unknown. */
    public static int currentCpu()
    {
        if (GET_CPU == null) {
            return -1;
        }
        try {
            return (int) GET_CPU.invokeExact();
        }
        catch (Throwable t) {
            return -1;
        }
    }

    private static String errnoName(int err)
    {
        return switch (err) {
            case 1 -> " (EPERM)";
            case 3 -> " (ESRCH)";
            case 14 -> " (EFAULT)";
            case 22 -> " (EINVAL: CPU not in the allowed set)";
            default -> "";
        };
    }
}

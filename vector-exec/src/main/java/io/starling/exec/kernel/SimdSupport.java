package io.starling.exec.kernel;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Decides once per process whether the Vector API kernels are used (Lucene {@code VectorizationProvider} style).
 *
 * <p>Rules for {@code -Dio.starling.simd}:
 * <ul>
 *   <li>{@code auto} (default): Panama only if {@code jdk.incubator.vector} is in the boot layer, the JIT is
 *       HotSpot C2 (not {@code -Xint}, not {@code TieredStopAtLevel<4}, not a JVMCI compiler) and the preferred
 *       vector shape is at least {@link PanamaKernelProvider#MIN_VECTOR_BITS} bits;</li>
 *   <li>{@code off}: always scalar (tests, benchmarks, bug triage);</li>
 *   <li>{@code on}: Panama whenever the module is present, even on narrower or non-C2 configurations (to test
 *       the vector code paths; may be slower than scalar).</li>
 * </ul>
 * One INFO line states the decision and its reason. The Panama provider is loaded through a
 * {@link MethodHandles.Lookup} only after the module check, so a scalar JVM never loads a vector class.
 */
public final class SimdSupport
{
    /** System property that overrides the automatic choice. */
    public static final String PROPERTY = "io.starling.simd";

    private static final Logger LOG = LoggerFactory.getLogger(SimdSupport.class);
    private static final String PANAMA_CLASS = "io.starling.exec.kernel.PanamaKernelProvider";
    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    private SimdSupport()
    {
    }

    /** Lazy holder: the decision runs when {@link KernelProvider#get()} is first called. */
    static final class Holder
    {
        static final KernelProvider INSTANCE = lookup();

        private Holder()
        {
        }
    }

    /** Chooses a provider according to the system property (see the class comment) and logs the choice. */
    public static KernelProvider lookup()
    {
        return lookup(System.getProperty(PROPERTY, "auto"));
    }

    /**
     * Chooses a provider for an explicit mode ({@code auto}, {@code off}, {@code on}) and logs the choice.
     *
     * @throws IllegalArgumentException for an unknown mode, naming the accepted values
     */
    public static KernelProvider lookup(String mode)
    {
        String m = mode.trim().toLowerCase(Locale.ROOT);
        switch (m) {
            case "off" -> {
                return scalar("disabled by -D" + PROPERTY + "=off");
            }
            case "auto", "on" -> {
                // handled below
            }
            default -> throw new IllegalArgumentException(
                    "-D" + PROPERTY + "=" + mode + " is not valid; use auto, off or on");
        }
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            return scalar(VECTOR_MODULE + " is not in the boot layer; add --add-modules=" + VECTOR_MODULE + " to the JVM flags");
        }
        boolean forced = m.equals("on");
        if (!forced) {
            String noC2 = missingC2Reason();
            if (noC2 != null) {
                return scalar(noC2 + " (the Vector API is only intrinsified by C2)");
            }
        }
        try {
            KernelProvider provider = loadPanama(!forced);
            LOG.info("Kernels: panama ({}-bit preferred vectors{})", preferredBitsReflectively(), forced ? ", forced by -D" + PROPERTY + "=on" : "");
            return provider;
        }
        catch (UnsupportedOperationException e) {
            return scalar(e.getMessage());
        }
    }

    /** Instantiates the Panama provider reflectively (tests use this to compare both providers). */
    public static KernelProvider loadPanama(boolean requireWidth)
    {
        try {
            Class<?> cls = Class.forName(PANAMA_CLASS);
            MethodHandle ctor = MethodHandles.lookup().findConstructor(cls, MethodType.methodType(void.class, boolean.class));
            return (KernelProvider) ctor.invoke(requireWidth);
        }
        catch (UnsupportedOperationException e) {
            throw e;
        }
        catch (Throwable e) {
            throw new UnsupportedOperationException("cannot load " + PANAMA_CLASS + ": " + e, e);
        }
    }

    private static int preferredBitsReflectively()
    {
        try {
            return (int) MethodHandles.lookup()
                    .findStatic(Class.forName(PANAMA_CLASS), "preferredBits", MethodType.methodType(int.class))
                    .invoke();
        }
        catch (Throwable e) {
            return -1;
        }
    }

    private static KernelProvider scalar(String reason)
    {
        LOG.info("Kernels: scalar ({})", reason);
        return ScalarKernelProvider.INSTANCE;
    }

    /** Null if C2 compiles hot code, else why not. */
    private static String missingC2Reason()
    {
        String vmInfo = System.getProperty("java.vm.info", "");
        if (vmInfo.contains("interpreted mode")) {
            return "the JVM runs interpreted (-Xint)";
        }
        try {
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (bean == null) {
                return "not a HotSpot JVM";
            }
            if (Boolean.parseBoolean(option(bean, "UseJVMCICompiler", "false"))) {
                return "a JVMCI compiler replaces C2";
            }
            boolean tiered = Boolean.parseBoolean(option(bean, "TieredCompilation", "true"));
            int stopAt = Integer.parseInt(option(bean, "TieredStopAtLevel", "4"));
            if (tiered && stopAt < 4) {
                return "C2 is disabled by -XX:TieredStopAtLevel=" + stopAt;
            }
            return null;
        }
        catch (RuntimeException | LinkageError e) {
            return "cannot inspect the JIT configuration (" + e + ")";
        }
    }

    private static String option(HotSpotDiagnosticMXBean bean, String name, String fallback)
    {
        try {
            return bean.getVMOption(name).getValue();
        }
        catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}

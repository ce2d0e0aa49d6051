package io.starling.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine and JDK a report was measured on, read from /proc and the running JVM. */
final class Machine
{
    private Machine()
    {
    }

    static String cpuModel()
    {
        return procField("/proc/cpuinfo", "model name");
    }

    static String memory()
    {
        String kb = procField("/proc/meminfo", "MemTotal");
        try {
            long k = Long.parseLong(kb.replace("kB", "").trim());
            return String.format(java.util.Locale.ROOT, "%.1f GiB", k / 1024.0 / 1024.0);
        }
        catch (NumberFormatException e) {
            return kb;
        }
    }

    static int cores()
    {
        return Runtime.getRuntime().availableProcessors();
    }

    static String jdk()
    {
        return System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.name") + " "
                + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name") + ")";
    }

    static String os()
    {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
    }

    static List<String> harnessJvmArgs()
    {
        return ManagementFactory.getRuntimeMXBean().getInputArguments();
    }

    private static String procField(String file, String field)
    {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(field)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        }
        catch (IOException e) {
            // not Linux
        }
        return "unknown";
    }
}

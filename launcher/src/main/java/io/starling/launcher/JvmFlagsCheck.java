package io.starling.launcher;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks at start-up that the JVM runs with the flags listed in conf/jvm.properties, and fails with the exact fix
 * (CONVENTIONS.md §18) instead of failing later in a kernel or a downcall.
 */
public final class JvmFlagsCheck
{
    private JvmFlagsCheck()
    {
    }

    /** Problems found, each with the flag to add; empty when everything is in place. */
    public static List<String> problems()
    {
        List<String> problems = new ArrayList<>();
        if (Runtime.version().feature() < 25) {
            problems.add("Starling needs Java 25 or newer, this is Java " + Runtime.version()
                    + ". Set JAVA_HOME to a JDK 25 (bin/starling finds one under /usr/lib/jvm).");
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            problems.add("The Vector API module is missing: add --add-modules=jdk.incubator.vector to the java command"
                    + " (all flags: conf/jvm.properties).");
        }
        if (!JvmFlagsCheck.class.getModule().isNativeAccessEnabled()) {
            problems.add("Native access is not enabled: add --enable-native-access=ALL-UNNAMED to the java command"
                    + " (all flags: conf/jvm.properties).");
        }
        return problems;
    }
}

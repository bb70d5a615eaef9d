package dev.udsotel.agent.instrumentation.channel;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.util.Map;
import java.util.Set;

/**
 * Defines the classes inlined advice calls ({@code sun.nio.ch.UdsOtel*}) inside java.base, next to the channels they
 * serve, through a private lookup in that package. Appending a jar to the boot class path would work too, but the JVM
 * then switches class-data sharing off for every class outside the JDK, and says so on standard error.
 */
public final class BootClasses {
    static final String PACKAGE = "sun.nio.ch";
    static final String RECORDER = PACKAGE + ".UdsOtelRecorder";

    private BootClasses() {}

    /**
     * Called reflectively by the launcher before anything refers to the recorder. Defines each class that is not
     * already there (an earlier load of the agent into this JVM defined them) and answers whether an earlier load
     * is running.
     */
    public static boolean defineUnlessRunning(Instrumentation instrumentation, Map<String, byte[]> classFiles)
            throws ReflectiveOperationException {
        Module base = Object.class.getModule();
        instrumentation.redefineModule(base, Set.of(), Map.of(), Map.of(PACKAGE, Set.of(BootClasses.class.getModule())),
                Set.of(), Map.of());
        MethodHandles.Lookup inPackage = MethodHandles.privateLookupIn(
                Class.forName(SocketChannelInstrumentation.TYPE, false, null), MethodHandles.lookup());
        for (Map.Entry<String, byte[]> classFile : classFiles.entrySet()) {
            if (!PACKAGE.equals(classFile.getKey().substring(0, classFile.getKey().lastIndexOf('.')))) {
                throw new IllegalArgumentException(classFile.getKey() + " does not belong in " + PACKAGE);
            }
            if (find(classFile.getKey()) == null) {
                inPackage.defineClass(classFile.getValue());
            }
        }
        return Class.forName(RECORDER, true, null).getField("observer").get(null) != null;
    }

    private static Class<?> find(String name) {
        try {
            return Class.forName(name, false, null);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}

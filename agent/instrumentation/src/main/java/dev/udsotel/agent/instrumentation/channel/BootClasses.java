package dev.udsotel.agent.instrumentation.channel;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.util.Map;
import java.util.Set;

/**
 * Defines the classes inlined advice calls ({@code sun.nio.ch.UdsOtel*}) inside java.base, next to the channels they
 * serve, through a private lookup in that package. Appending a jar to the boot class path would work too, but the JVM
 * then switches class-data sharing off for every class outside the JDK, and says so on standard error. The classes
 * advice in library classes calls ({@code dev.udsotel.agent.bridge}) go into the boot loader's unnamed module, which
 * application class loaders reach by delegation while they cannot read java.base's internals.
 */
public final class BootClasses {
    static final String PACKAGE = "sun.nio.ch";
    static final String RECORDER = PACKAGE + ".UdsOtelRecorder";
    static final String BRIDGE_PACKAGE = "dev.udsotel.agent.bridge";
    private static final String INTERNAL_MISC = "jdk.internal.misc";

    private BootClasses() {}

    /**
     * Called reflectively by the launcher before anything refers to the recorder. Defines each class that is not
     * already there (an earlier load of the agent into this JVM defined them) and answers whether an earlier load
     * is running.
     */
    public static boolean defineUnlessRunning(Instrumentation instrumentation, Map<String, byte[]> classFiles)
            throws ReflectiveOperationException {
        Module base = Object.class.getModule();
        instrumentation.redefineModule(
                base, Set.of(), Map.of(), Map.of(PACKAGE, Set.of(BootClasses.class.getModule())), Set.of(), Map.of());
        MethodHandles.Lookup inPackage = MethodHandles.privateLookupIn(
                Class.forName(SocketChannelInstrumentation.TYPE, false, null), MethodHandles.lookup());
        for (Map.Entry<String, byte[]> classFile : classFiles.entrySet()) {
            String packageName =
                    classFile.getKey().substring(0, classFile.getKey().lastIndexOf('.'));
            if (find(classFile.getKey()) != null) {
                continue;
            }
            if (PACKAGE.equals(packageName)) {
                inPackage.defineClass(classFile.getValue());
            } else if (BRIDGE_PACKAGE.equals(packageName)) {
                defineInBootLoader(instrumentation, classFile.getKey(), classFile.getValue());
            } else {
                throw new IllegalArgumentException(
                        classFile.getKey() + " belongs in neither " + PACKAGE + " nor " + BRIDGE_PACKAGE);
            }
        }
        return Class.forName(RECORDER, true, null).getField("observer").get(null) != null;
    }

    /** The only public way to the boot loader's unnamed module appends a jar, which costs class-data sharing. */
    private static void defineInBootLoader(Instrumentation instrumentation, String name, byte[] classFile)
            throws ReflectiveOperationException {
        Module base = Object.class.getModule();
        instrumentation.redefineModule(
                base,
                Set.of(),
                Map.of(),
                Map.of(INTERNAL_MISC, Set.of(BootClasses.class.getModule())),
                Set.of(),
                Map.of());
        Class<?> unsafeClass = Class.forName(INTERNAL_MISC + ".Unsafe", false, null);
        Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
        unsafeClass
                .getMethod(
                        "defineClass",
                        String.class,
                        byte[].class,
                        int.class,
                        int.class,
                        ClassLoader.class,
                        java.security.ProtectionDomain.class)
                .invoke(unsafe, name, classFile, 0, classFile.length, null, null);
    }

    private static Class<?> find(String name) {
        try {
            return Class.forName(name, false, null);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}

package dev.udsotel.agent.instrumentation.channel;

import dev.udsotel.agent.instrumentation.AgentLog;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Installs the advice into the JDK's channel classes: from the class file cache when it holds them for this JDK and
 * agent build (a plain transformer and one retransformation, no Byte Buddy), otherwise with Byte Buddy, whose class
 * files are then stored for the next start.
 */
public final class UnixChannelTransformations {
    private static final List<String> TYPES = List.of(
            SocketChannelInstrumentation.TYPE,
            ServerSocketChannelInstrumentation.TYPE,
            FileChannelInstrumentation.TYPE);

    private UnixChannelTransformations() {}

    /**
     * @param cacheDirectory a directory private to this user, or null for no cache
     * @param agentBuild what identifies this agent build; part of every cache key
     * @return true when the class files came from the cache
     */
    public static boolean install(Instrumentation instrumentation, Path cacheDirectory, String agentBuild)
            throws Exception {
        if (cacheDirectory == null) {
            ByteBuddyTransformations.install(instrumentation, (name, classFile) -> {});
            return false;
        }
        Class<?>[] types = new Class<?>[TYPES.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = Class.forName(TYPES.get(i), false, null);
        }
        ClassFileCache cache = new ClassFileCache(cacheDirectory, agentBuild);
        Set<String> internalNames =
                TYPES.stream().map(name -> name.replace('.', '/')).collect(Collectors.toUnmodifiableSet());
        CachedClassFiles cached = new CachedClassFiles(cache, internalNames);
        instrumentation.addTransformer(cached, true);
        boolean retransformed = false;
        try {
            instrumentation.retransformClasses(types);
            retransformed = true;
        } catch (Throwable e) {
            cache.warnOnce("the JVM refused the cached class files in " + cacheDirectory + " (" + e
                    + "); building the advice again");
        }
        if (retransformed && cached.servedAll()) {
            return true;
        }
        cached.stopServing();
        try {
            ByteBuddyTransformations.install(instrumentation, (name, classFile) -> {
                String key = cached.keyOf(name);
                if (key != null) {
                    cache.write(name, key, classFile);
                }
            });
        } finally {
            instrumentation.removeTransformer(cached);
        }
        if (Boolean.getBoolean("uds.debug")) {
            AgentLog.info("instrumented the channel classes with Byte Buddy; class files stored in " + cacheDirectory);
        }
        return false;
    }
}

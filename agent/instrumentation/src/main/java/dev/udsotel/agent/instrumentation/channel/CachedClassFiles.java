package dev.udsotel.agent.instrumentation.channel;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A plain transformer that hands the JVM the cached instrumented class file of each channel class, matched to the
 * original class file it receives. It stays registered, so a later retransformation by anyone keeps the advice, as
 * Byte Buddy's transformer would. Once told to stop serving, it only notes the key of each original it sees, which
 * is what the class files Byte Buddy then builds are stored under.
 */
final class CachedClassFiles implements ClassFileTransformer {
    private final ClassFileCache cache;
    private final Set<String> internalNames;
    private final Map<String, String> keys = new ConcurrentHashMap<>();
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private volatile boolean serving = true;

    CachedClassFiles(ClassFileCache cache, Set<String> internalNames) {
        this.cache = cache;
        this.internalNames = internalNames;
    }

    @Override
    public byte[] transform(
            ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
        if (loader != null || className == null || !internalNames.contains(className)) {
            return null;
        }
        try {
            String key = cache.key(className, bytes);
            keys.put(className, key);
            if (!serving) {
                return null;
            }
            byte[] classFile = served.get(key);
            if (classFile == null) {
                classFile = cache.read(className, key);
                if (classFile != null) {
                    served.put(key, classFile);
                }
            }
            return classFile;
        } catch (Throwable t) {
            return null;
        }
    }

    /** Whether the last retransformation found every class in the cache. */
    boolean servedAll() {
        return internalNames.stream().allMatch(name -> keys.containsKey(name) && served.containsKey(keys.get(name)));
    }

    void stopServing() {
        serving = false;
        served.clear();
    }

    /** The key of the original class file last seen for this class, or null. */
    String keyOf(String internalName) {
        return keys.get(internalName);
    }
}

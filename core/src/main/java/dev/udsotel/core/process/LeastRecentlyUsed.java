package dev.udsotel.core.process;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that forgets its least recently used entry beyond a fixed size: caches keyed by pid, inode,
 * path or connection end stay bounded on a host whose processes and sockets come and go. Not thread-safe.
 */
public final class LeastRecentlyUsed<K, V> extends LinkedHashMap<K, V> {
    private final int most;

    public LeastRecentlyUsed(int most) {
        super(Math.min(most, 256), 0.75f, true);
        this.most = most;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > most;
    }
}

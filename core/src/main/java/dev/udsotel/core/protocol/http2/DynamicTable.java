package dev.udsotel.core.protocol.http2;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * One direction's HPACK dynamic table, as far as it is known.
 *
 * <p>An index counts entries from the newest, so the entry at {@code 62 + k} is the one inserted {@code k}
 * insertions ago, whatever happened before it. After a header block was lost, only the entries inserted since are
 * certain: the older ones are forgotten and an index past the known ones reads as unknown. Eviction by size can
 * only err safely: an entry kept too long is never referred to by the encoder, one dropped too early reads as
 * unknown.
 */
final class DynamicTable {
    /** Bigger tables are honoured only up to this, which bounds memory whatever a peer announces. */
    static final int MOST_BYTES = 1 << 20;

    private final ArrayDeque<HeaderField> entries = new ArrayDeque<>();
    private int size;
    private int maxSize = 4096;
    private boolean olderEntriesUnknown;

    /** Starts from a table whose content is unknown, as when capture began mid-connection. */
    void forgetAll() {
        entries.clear();
        size = 0;
        olderEntriesUnknown = true;
    }

    boolean olderEntriesUnknown() {
        return olderEntriesUnknown;
    }

    void setMaxSize(int bytes) {
        maxSize = Math.min(bytes, MOST_BYTES);
        evictTo(maxSize);
    }

    void add(HeaderField field) {
        int fieldSize = field.tableSize();
        if (fieldSize > maxSize) {
            entries.clear();
            size = 0;
            return;
        }
        evictTo(maxSize - fieldSize);
        entries.addFirst(field);
        size += fieldSize;
    }

    /**
     * The entry at {@code index} (62 and up), or null when it is not known: past the known entries after a loss,
     * or past the end of a table whose whole history was seen (a peer's error, or a size change missed).
     */
    HeaderField get(int index) {
        int position = index - StaticTable.SIZE - 1;
        if (position < 0 || position >= entries.size()) {
            return null;
        }
        Iterator<HeaderField> it = entries.iterator();
        for (int i = 0; i < position; i++) {
            it.next();
        }
        return it.next();
    }

    int entryCount() {
        return entries.size();
    }

    private void evictTo(int target) {
        while (size > target && !entries.isEmpty()) {
            size -= entries.removeLast().tableSize();
        }
    }
}

package io.dualaccess.cli.report;

/**
 * A set of 64-bit hashes of strings (open addressing, no boxing): remembers which group keys were
 * folded into "other" at 8 bytes a key instead of the key itself. Two keys sharing a 64-bit hash
 * are possible but, for the numbers of keys a log has, improbable.
 */
final class KeyHashes {

    private final int maxSize;
    private long[] slots = new long[1024];
    private int size;
    private boolean hasZero;

    /** @param maxSize how many hashes it holds at most; {@link #add} refuses past that */
    KeyHashes(int maxSize) {
        this.maxSize = maxSize;
    }

    /** FNV-1a over the UTF-16 code units, finished with a mixer so nearby keys spread. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    boolean contains(String key) {
        long h = hash(key);
        if (h == 0) {
            return hasZero;
        }
        int mask = slots.length - 1;
        for (int i = (int) h & mask; ; i = (i + 1) & mask) {
            if (slots[i] == 0) {
                return false;
            }
            if (slots[i] == h) {
                return true;
            }
        }
    }

    /** Adds the key's hash; false when it was there already. */
    boolean add(String key) {
        long h = hash(key);
        if (h == 0) {
            boolean added = !hasZero;
            hasZero = true;
            size += added ? 1 : 0;
            return added;
        }
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        for (int i = (int) h & mask; ; i = (i + 1) & mask) {
            if (slots[i] == 0) {
                slots[i] = h;
                size++;
                return true;
            }
            if (slots[i] == h) {
                return false;
            }
        }
    }

    /** Whether another key may be added. */
    boolean full() {
        return size >= maxSize;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long h : old) {
            if (h != 0) {
                int i = (int) h & mask;
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = h;
            }
        }
    }
}

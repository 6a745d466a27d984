package io.dualaccess.sidecar.http;

import java.util.Arrays;

/**
 * Bytes kept up to a cap; past it only the fact is kept. Written by the one thread serving the
 * request, read after it finished.
 */
final class CappedBuffer {

    private final int cap;
    private byte[] bytes = new byte[0];
    private int size;
    private boolean over;

    CappedBuffer(int cap) {
        this.cap = cap;
    }

    void write(int b) {
        if (room(1)) {
            bytes[size++] = (byte) b;
        }
    }

    void write(byte[] b, int off, int len) {
        if (room(len)) {
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }
    }

    private boolean room(int len) {
        if (over) {
            return false;
        }
        if (size + len > cap || size + len < 0) {
            over = true;
            bytes = new byte[0];
            size = 0;
            return false;
        }
        if (size + len > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(cap, Math.max(size + len, Math.max(256, bytes.length * 2))));
        }
        return true;
    }

    /** Forgets what was written (the application reset its response). */
    void clear() {
        bytes = new byte[0];
        size = 0;
        over = false;
    }

    /** Whether more than the cap was written (the bytes are then dropped). */
    boolean over() {
        return over;
    }

    /** How many bytes are kept. */
    int size() {
        return size;
    }

    /** A copy of the bytes kept. */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }
}

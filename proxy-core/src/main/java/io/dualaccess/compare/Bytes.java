package io.dualaccess.compare;

import java.util.Arrays;

/**
 * A binary value as compared: an immutable copy of the bytes, equal by content (a {@code byte[]}
 * is neither immutable nor equal by content).
 */
public final class Bytes {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int SHOWN = 32;

    private final byte[] bytes;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of part of an array. */
    public static Bytes copyOf(byte[] b, int offset, int length) {
        return new Bytes(Arrays.copyOfRange(b, offset, offset + length));
    }

    /** A copy of an array. */
    public static Bytes copyOf(byte[] b) {
        return new Bytes(b.clone());
    }

    /** The number of bytes. */
    public int length() {
        return bytes.length;
    }

    /** A copy of the bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    // For the hasher only: it reads and never writes.
    byte[] array() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** {@code 0x0102ff}, the first 32 bytes and the length of longer values. */
    @Override
    public String toString() {
        int n = Math.min(bytes.length, SHOWN);
        StringBuilder b = new StringBuilder(2 + 2 * n + 24).append("0x");
        for (int i = 0; i < n; i++) {
            b.append(HEX[(bytes[i] >> 4) & 0xf]).append(HEX[bytes[i] & 0xf]);
        }
        if (bytes.length > n) {
            b.append("... (").append(bytes.length).append(" bytes)");
        }
        return b.toString();
    }

    static String hex(byte[] b) {
        char[] out = new char[b.length * 2];
        for (int i = 0; i < b.length; i++) {
            out[2 * i] = HEX[(b[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[b[i] & 0xf];
        }
        return new String(out);
    }
}

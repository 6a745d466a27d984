package io.dualaccess.compare;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Streams a value's content into SHA-256 for {@code lobs-hash}. Text is encoded as UTF-8 here, a
 * character at a time, so a string and a CLOB read in chunks hash alike whatever the chunk
 * boundaries (a surrogate pair may straddle two reads). One instance per normaliser; not
 * thread-safe; no allocation per value beyond the result.
 */
final class ContentHasher {

    private final MessageDigest sha;
    private final byte[] out = new byte[4096];
    private int pos;
    private long length;
    private char high;

    ContentHasher() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest's contract).
            throw new IllegalStateException(e);
        }
    }

    void start() {
        sha.reset();
        pos = 0;
        length = 0;
        high = 0;
    }

    /** The first {@code end} characters of a string, as one text value. */
    ContentHash text(String s, int end) {
        start();
        for (int i = 0; i < end; i++) {
            text(s.charAt(i));
        }
        return finishText();
    }

    /** Part of a byte array, as one binary value. */
    ContentHash binary(byte[] b, int offset, int len) {
        start();
        bytes(b, offset, len);
        return finishBinary();
    }

    void text(char[] c, int offset, int len) {
        for (int i = offset; i < offset + len; i++) {
            text(c[i]);
        }
    }

    void text(char ch) {
        length++;
        if (high != 0) {
            char h = high;
            high = 0;
            if (Character.isLowSurrogate(ch)) {
                codePoint(Character.toCodePoint(h, ch));
                return;
            }
            put('?'); // a lone high surrogate, as String.getBytes(UTF_8) writes it
        }
        if (ch < 0x80) {
            put(ch);
        } else if (ch < 0x800) {
            put(0xc0 | (ch >> 6));
            put(0x80 | (ch & 0x3f));
        } else if (Character.isHighSurrogate(ch)) {
            high = ch;
        } else if (Character.isLowSurrogate(ch)) {
            put('?');
        } else {
            put(0xe0 | (ch >> 12));
            put(0x80 | ((ch >> 6) & 0x3f));
            put(0x80 | (ch & 0x3f));
        }
    }

    private void codePoint(int cp) {
        put(0xf0 | (cp >> 18));
        put(0x80 | ((cp >> 12) & 0x3f));
        put(0x80 | ((cp >> 6) & 0x3f));
        put(0x80 | (cp & 0x3f));
    }

    private void put(int b) {
        if (pos == out.length) {
            sha.update(out, 0, pos);
            pos = 0;
        }
        out[pos++] = (byte) b;
    }

    void bytes(byte[] b, int offset, int len) {
        length += len;
        sha.update(b, offset, len);
    }

    ContentHash finishText() {
        if (high != 0) {
            put('?');
            high = 0;
        }
        sha.update(out, 0, pos);
        pos = 0;
        return new ContentHash(true, length, Bytes.hex(sha.digest()));
    }

    ContentHash finishBinary() {
        return new ContentHash(false, length, Bytes.hex(sha.digest()));
    }
}

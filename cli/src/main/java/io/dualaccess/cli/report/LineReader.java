package io.dualaccess.cli.report;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines with a cap on their length, so one line without a newline (a truncated or corrupt
 * file) cannot take the report's memory: the part past the cap is skipped and the line is marked
 * {@linkplain #truncated() truncated}. The returned buffer is reused; read it before the next call.
 */
final class LineReader {

    private final Reader in;
    private final int maxLine;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int limit;
    private char[] line = new char[1024];
    private int length;
    private boolean truncated;
    private boolean eof;

    LineReader(Reader in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
    }

    /** Advances to the next line; false at the end of input. */
    boolean next() throws IOException {
        length = 0;
        truncated = false;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                if (eof) {
                    return any;
                }
                limit = in.read(buf, 0, buf.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    eof = true;
                    return any;
                }
            }
            any = true;
            int start = pos;
            while (pos < limit && buf[pos] != '\n') {
                pos++;
            }
            append(start, pos);
            if (pos < limit) {
                pos++;
                if (length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                return true;
            }
        }
    }

    private void append(int from, int to) {
        int n = to - from;
        if (n == 0) {
            return;
        }
        int room = maxLine - length;
        if (n > room) {
            truncated = true;
            n = Math.max(room, 0);
        }
        if (length + n > line.length) {
            char[] bigger = new char[Math.min(maxLine, Math.max(line.length * 2, length + n))];
            System.arraycopy(line, 0, bigger, 0, length);
            line = bigger;
        }
        System.arraycopy(buf, from, line, length, n);
        length += n;
    }

    /** The current line's characters (valid up to {@link #length()}). */
    char[] chars() {
        return line;
    }

    int length() {
        return length;
    }

    /** Whether the current line was longer than the cap (its tail was skipped). */
    boolean truncated() {
        return truncated;
    }
}

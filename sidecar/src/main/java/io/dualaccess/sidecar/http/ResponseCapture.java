package io.dualaccess.sidecar.http;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The application's response as it goes out: every byte or character is passed on to the
 * container first, then copied into a capped buffer. Nothing is held back, reordered or added, so
 * the client receives what it would have without dualaccess, when it would have.
 */
final class ResponseCapture extends HttpServletResponseWrapper {

    private final CappedBuffer bytes;
    private final CappedBuffer chars;
    private ServletOutputStream stream;
    private PrintWriter writer;

    ResponseCapture(HttpServletResponse response, int cap) {
        super(response);
        this.bytes = new CappedBuffer(cap);
        this.chars = new CappedBuffer(cap);
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        ServletOutputStream out = super.getOutputStream();
        if (stream == null) {
            stream = new Tee(out, bytes);
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        PrintWriter out = super.getWriter();
        if (writer == null) {
            writer = new TeeWriter(out, chars, charset());
        }
        return writer;
    }

    @Override
    public void reset() {
        super.reset();
        bytes.clear();
        chars.clear();
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer();
        bytes.clear();
        chars.clear();
    }

    private Charset charset() {
        String name = getCharacterEncoding();
        try {
            return name == null ? StandardCharsets.ISO_8859_1 : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** Whether more than the cap was written. */
    boolean over() {
        return bytes.over() || chars.over();
    }

    /** The body as sent (bytes, or the characters in the response's encoding), up to the cap. */
    byte[] body() {
        if (bytes.size() == 0) {
            return chars.toByteArray();
        }
        if (chars.size() == 0) {
            return bytes.toByteArray();
        }
        // Both used (unusual, but allowed after a reset): in the order the container received them is
        // unknown, so the bytes come first, as servlets that mix them usually write.
        byte[] b = bytes.toByteArray();
        byte[] c = chars.toByteArray();
        byte[] out = Arrays.copyOf(b, b.length + c.length);
        System.arraycopy(c, 0, out, b.length, c.length);
        return out;
    }

    /** Passes bytes on, then keeps a copy. */
    private static final class Tee extends ServletOutputStream {
        private final ServletOutputStream out;
        private final CappedBuffer copy;

        Tee(ServletOutputStream out, CappedBuffer copy) {
            this.out = out;
            this.copy = copy;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            copy.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            copy.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }

    /**
     * Passes characters on to the container's writer, then keeps them encoded in the response's
     * charset. Errors stay the container writer's: {@link #checkError()} asks it.
     */
    private static final class TeeWriter extends PrintWriter {
        private final PrintWriter out;

        TeeWriter(PrintWriter out, CappedBuffer copy, Charset charset) {
            super(new Writer() {
                @Override
                public void write(char[] cbuf, int off, int len) {
                    out.write(cbuf, off, len);
                    byte[] b = new String(cbuf, off, len).getBytes(charset);
                    copy.write(b, 0, b.length);
                }

                @Override
                public void flush() {
                    out.flush();
                }

                @Override
                public void close() {
                    out.close();
                }
            });
            this.out = out;
        }

        @Override
        public boolean checkError() {
            return out.checkError() || super.checkError();
        }
    }
}

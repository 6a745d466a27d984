package io.dualaccess.sidecar.http;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The request body as the application reads it, copied up to a cap. dualaccess never reads the
 * body itself (that would change what the application sees and when); a body the application left
 * unread is not replayed.
 */
final class RequestCapture extends HttpServletRequestWrapper {

    private final CappedBuffer copy;
    private ServletInputStream stream;
    private BufferedReader reader;

    RequestCapture(HttpServletRequest request, int cap) {
        super(request);
        this.copy = new CappedBuffer(cap);
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        ServletInputStream in = super.getInputStream();
        if (stream == null) {
            stream = new Tee(in, copy);
        }
        return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        if (reader == null) {
            // The container's reader would read past our copy: decode our own stream instead, in the
            // request's encoding as the container would.
            String enc = getCharacterEncoding();
            Charset cs;
            try {
                cs = enc == null ? StandardCharsets.ISO_8859_1 : Charset.forName(enc);
            } catch (IllegalArgumentException e) {
                return super.getReader();
            }
            reader = new BufferedReader(new InputStreamReader(getInputStream(), cs));
        }
        return reader;
    }

    /** Whether the body read was longer than the cap. */
    boolean over() {
        return copy.over();
    }

    /** The body as read so far. */
    byte[] body() {
        return copy.toByteArray();
    }

    /** How many bytes the application read. */
    int bytesRead() {
        return copy.size();
    }

    private static final class Tee extends ServletInputStream {
        private final ServletInputStream in;
        private final CappedBuffer copy;

        Tee(ServletInputStream in, CappedBuffer copy) {
            this.in = in;
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                copy.write(b, off, n);
            }
            return n;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}

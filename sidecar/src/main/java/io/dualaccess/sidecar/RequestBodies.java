package io.dualaccess.sidecar;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

import java.io.IOException;
import java.io.InputStream;

/** Reading a request body with a hard cap, whatever its transfer encoding (a length given or chunked). */
final class RequestBodies {

    private RequestBodies() {
    }

    /**
     * The whole body when it has at most {@code max} bytes, else null after reading no more than
     * {@code max + 1} of them: the rest stays unread (the caller answers and closes the connection).
     */
    static byte[] readAtMost(Request request, int max) throws IOException {
        // Not closed on the refusal path: closing would make Jetty read on to the end of the body.
        InputStream in = Content.Source.asInputStream(request);
        byte[] bytes = in.readNBytes(max + 1);
        return bytes.length > max ? null : bytes;
    }
}

package io.dualaccess.sidecar.http;

import java.util.Map;

/**
 * One implementation's response, as compared: status, the compared headers (lower-case names),
 * the body up to the cap, and how long it took; or the error that stopped it.
 *
 * @param status HTTP status, or 0 when there was no response
 * @param headers compared headers present in the response, lower-case names
 * @param contentType the Content-Type, or null
 * @param body the body (empty when over the cap)
 * @param overCap whether the body was longer than the cap
 * @param nanos time from sending (or, for the application, from the filter) to the last byte
 * @param error why there is no response, or null
 * @param timedOut whether the error is the timeout
 */
record Answer(int status, Map<String, String> headers, String contentType, byte[] body, boolean overCap, long nanos,
              String error, boolean timedOut) {

    /** A failed replay. */
    static Answer failed(String error, boolean timedOut, long nanos) {
        return new Answer(0, Map.of(), null, new byte[0], false, nanos, error, timedOut);
    }

    /** Whether there is a response to compare. */
    boolean ok() {
        return error == null;
    }
}

package io.dualaccess.sidecar.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * One place where two responses differ: {@code status}, {@code header.<name>}, {@code body} (not
 * JSON: compared by bytes) or a JSON path such as {@code $.lines[2].price}, with the value on each
 * side ({@link MissingNode} where a side has none). Values are the parsed responses' own nodes:
 * they are rendered (and masked) only when an event is written.
 */
record Difference(String path, JsonNode a, JsonNode b) {

    /** The value a side lacks. */
    static final JsonNode ABSENT = MissingNode.getInstance();

    /** Whether the path is inside a JSON body. */
    boolean inBody() {
        return path.startsWith(JsonPaths.ROOT);
    }
}

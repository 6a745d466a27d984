package io.dualaccess.sidecar;

import com.fasterxml.jackson.databind.JsonNode;
import io.dualaccess.runtime.DualAccessRuntime;

import java.util.LinkedHashMap;
import java.util.Map;

/** The phase part of {@code /status}, and {@code POST /phase}. */
final class PhaseEndpoint {

    private final DualAccessRuntime runtime;

    PhaseEndpoint(DualAccessRuntime runtime) {
        this.runtime = runtime;
    }

    /** What a phase request answers. */
    record Result(int status, Object body) {
    }

    void describe(Map<String, Object> out) {
        out.put("phase", runtime.config().phase().configValue());
        out.put("reads", runtime.config().reads().configValue());
        out.put("writes", runtime.config().writes().configValue());
        out.put("tables", new LinkedHashMap<String, Object>());
    }

    Result apply(JsonNode request, String actor) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "phase control is not available in this build");
        return new Result(501, body);
    }
}

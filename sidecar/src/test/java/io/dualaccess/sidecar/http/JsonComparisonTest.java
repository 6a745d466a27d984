package io.dualaccess.sidecar.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The structural JSON comparison and its rules, on documents written as text. */
class JsonComparisonTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static List<String> paths(String a, String b, CompareRules rules) throws Exception {
        JsonNode ja = JSON.readTree(a);
        JsonNode jb = JSON.readTree(b);
        return JsonComparison.compare(ja, jb, rules, 20).differences().stream().map(Difference::path).toList();
    }

    private static List<String> paths(String a, String b) throws Exception {
        return paths(a, b, CompareRules.NONE);
    }

    @Test
    void keyOrderWhitespaceAndNumberFormatDoNotMatter() throws Exception {
        assertThat(paths("{\"a\":1,\"b\":[1.50,2],\"c\":{\"x\":1e2}}", "{ \"c\": {\"x\": 100.0}, \"b\": [1.5, 2.00], \"a\": 1.0 }")).isEmpty();
    }

    @Test
    void eachDifferenceIsNamedByItsPath() throws Exception {
        assertThat(paths("{\"a\":1,\"lines\":[{\"p\":1},{\"p\":2}],\"gone\":true,\"odd key\":1}",
            "{\"a\":2,\"lines\":[{\"p\":1},{\"p\":3},{\"p\":4}],\"new\":null,\"odd key\":2}"))
            .containsExactly("$.a", "$.gone", "$.lines[1].p", "$.lines[2]", "$.new", "$['odd key']");
    }

    @Test
    void typesDifferEvenWhenTheTextLooksAlike() throws Exception {
        assertThat(paths("{\"n\":1,\"s\":\"1\",\"z\":null}", "{\"n\":\"1\",\"s\":1,\"z\":false}")).containsExactly("$.n", "$.s", "$.z");
    }

    @Test
    void arraysAreOrderedUnlessTheirPathIsUnordered() throws Exception {
        String a = "{\"tags\":[\"x\",\"y\",{\"k\":1,\"j\":2}],\"seq\":[1,2]}";
        String b = "{\"tags\":[{\"j\":2,\"k\":1.0},\"y\",\"x\"],\"seq\":[2,1]}";
        assertThat(paths(a, b)).contains("$.tags[0]", "$.seq[0]", "$.seq[1]");
        CompareRules rules = CompareRules.of(JsonPaths.NONE, JsonPaths.parse("$.tags"), "");
        assertThat(paths(a, b, rules)).containsExactly("$.seq[0]", "$.seq[1]");
        assertThat(paths("{\"tags\":[\"x\",\"x\"]}", "{\"tags\":[\"x\",\"y\"]}", rules)).containsExactly("$.tags[0]", "$.tags[1]");
    }

    @Test
    void ignoredPathsAndTheirSubtreesAreSkipped() throws Exception {
        CompareRules rules = CompareRules.of(JsonPaths.parse("$.meta, $.lines[*].id"), JsonPaths.NONE, "");
        assertThat(paths("{\"meta\":{\"at\":1},\"lines\":[{\"id\":1,\"q\":1}]}", "{\"meta\":{\"at\":2,\"x\":0},\"lines\":[{\"id\":9,\"q\":2}]}", rules))
            .containsExactly("$.lines[0].q");
    }

    @Test
    void pathRulesCompareByPresenceTypeOrTimestamp() throws Exception {
        CompareRules rules = CompareRules.of(JsonPaths.NONE, JsonPaths.NONE, "$.id:present, $.n:type, $.at:timestamp, $.bad:timestamp");
        assertThat(paths("{\"id\":1,\"n\":1,\"at\":\"2026-01-01T00:00:00Z\",\"bad\":\"2026-01-01\"}",
            "{\"id\":\"x-9\",\"n\":2,\"at\":\"2026-12-07T01:00:00.123+01:00\",\"bad\":\"yesterday\"}", rules))
            .containsExactly("$.bad");
        assertThat(paths("{\"n\":1}", "{\"n\":\"1\"}", rules)).containsExactly("$.n");
        assertThat(paths("{\"id\":1}", "{}", rules)).containsExactly("$.id");
    }

    @Test
    void pathPatternsAreCheckedWithAMessageSayingWhatWasExpected() {
        assertThatThrownBy(() -> JsonPaths.parse("generatedAt")).hasMessageContaining("does not start with $");
        assertThatThrownBy(() -> JsonPaths.parse("$.items[x]")).hasMessageContaining("not [n], [*] or ['name']");
        assertThatThrownBy(() -> CompareRules.of(JsonPaths.NONE, JsonPaths.NONE, "$.at:later"))
            .hasMessageContaining("expected a rule present, type or timestamp");
        assertThat(JsonPaths.parse("$.*.etag, $['a.b']").matches("$.x.etag")).isTrue();
        assertThat(JsonPaths.parse("$['a.b']").matches("$['a.b']")).isTrue();
        assertThat(JsonPaths.general("$.lines[12].p[0]")).isEqualTo("$.lines[*].p[*]");
    }

    @Test
    void routesMatchSegmentsAndTheRest() {
        Routes r = Routes.parse("/orders/{id}/summary, /files/**, /p/*");
        assertThat(r.match("/orders/42/summary")).isEqualTo("/orders/{id}/summary");
        assertThat(r.match("/orders/42/summary/")).isEqualTo("/orders/{id}/summary");
        assertThat(r.match("/orders/42")).isNull();
        assertThat(r.match("/orders/4/2/summary")).isNull();
        assertThat(r.match("/files")).isEqualTo("/files/**");
        assertThat(r.match("/files/a/b.txt")).isEqualTo("/files/**");
        assertThat(r.match("/p/1")).isEqualTo("/p/*");
        assertThatThrownBy(() -> Routes.parse("orders")).hasMessageContaining("starting with /");
        assertThatThrownBy(() -> Routes.parse("/orders/x*")).hasMessageContaining("segment 'x*'");
    }

    @Test
    void contentTypesCompareByMediaTypeAndCharset() {
        assertThat(ResponseComparison.mediaType("application/json")).isEqualTo(ResponseComparison.mediaType("Application/JSON; charset=UTF-8"));
        assertThat(ResponseComparison.mediaType("text/plain")).isNotEqualTo(ResponseComparison.mediaType("text/plain;charset=utf-8"));
    }
}

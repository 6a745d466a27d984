package io.dualaccess.context;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PathTemplateTest {

    @Test
    void identifiersBecomePlaceholders() {
        assertThat(PathTemplate.of("/products/17")).isEqualTo("/products/{id}");
        assertThat(PathTemplate.of("/products/18/reviews/3?page=2")).isEqualTo("/products/{id}/reviews/{id}");
        assertThat(PathTemplate.of("/orders/3f2b8c1e-1111-4a2b-9c3d-0123456789ab")).isEqualTo("/orders/{uuid}");
        assertThat(PathTemplate.of("/reset/a1B2c3D4e5F6g7H8i9")).isEqualTo("/reset/{token}");
    }

    @Test
    void wordsStay() {
        assertThat(PathTemplate.of("/products")).isEqualTo("/products");
        assertThat(PathTemplate.of("/")).isEqualTo("/");
        assertThat(PathTemplate.of("/owners/find")).isEqualTo("/owners/find");
        assertThat(PathTemplate.of("/api/v2/internationalization")).isEqualTo("/api/v2/internationalization");
        assertThat(PathTemplate.of(null)).isNull();
    }
}

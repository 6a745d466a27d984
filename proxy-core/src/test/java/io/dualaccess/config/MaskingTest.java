package io.dualaccess.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MaskingTest {

    @Test
    void masksPasswordParameters() {
        assertThat(Masking.url("jdbc:postgresql://h:5432/db?user=app&password=hunter2&ssl=true"))
            .isEqualTo("jdbc:postgresql://h:5432/db?user=app&password=****&ssl=true");
        assertThat(Masking.url("jdbc:sqlserver://h;user=app;password=hunter2;db=x"))
            .isEqualTo("jdbc:sqlserver://h;user=app;password=****;db=x");
        assertThat(Masking.url("jdbc:h2:mem:x;PASSWORD=hunter2")).doesNotContain("hunter2");
    }

    @Test
    void masksUserInfo() {
        assertThat(Masking.url("jdbc:mariadb://app:hunter2@h:3306/db")).isEqualTo("jdbc:mariadb://app:****@h:3306/db");
    }

    @Test
    void leavesUrlsWithoutSecretsAlone() {
        assertThat(Masking.url("jdbc:postgresql://h:5432/db?ssl=true")).isEqualTo("jdbc:postgresql://h:5432/db?ssl=true");
        assertThat(Masking.url(null)).isNull();
    }

    @Test
    void secretKeysAreAlwaysMasked() {
        assertThat(Masking.value(ConfigKey.B_PASSWORD, "x")).isEqualTo("****");
        assertThat(Masking.value(ConfigKey.PHASE, "off")).isEqualTo("off");
    }
}

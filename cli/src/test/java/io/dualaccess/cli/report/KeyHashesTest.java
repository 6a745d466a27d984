package io.dualaccess.cli.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyHashesTest {

    @Test
    void remembersWhatWasAddedAcrossGrowth() {
        KeyHashes set = new KeyHashes(100_000);
        for (int i = 0; i < 50_000; i++) {
            assertThat(set.add("select " + i)).isTrue();
        }
        for (int i = 0; i < 50_000; i++) {
            assertThat(set.add("select " + i)).isFalse();
            assertThat(set.contains("select " + i)).isTrue();
            assertThat(set.contains("update " + i)).isFalse();
        }
        assertThat(set.size()).isEqualTo(50_000);
        assertThat(set.full()).isFalse();
    }

    @Test
    void saysWhenFull() {
        KeyHashes set = new KeyHashes(3);
        set.add("a");
        set.add("b");
        assertThat(set.full()).isFalse();
        set.add("c");
        assertThat(set.full()).isTrue();
    }
}

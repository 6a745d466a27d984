package io.dualaccess.sql;

import io.dualaccess.DualAccessConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TableScopeTest {

    @Test
    void syncedTablesAreLeftOutOfMirroringOnlyWhileTheSyncIsEnabled() throws Exception {
        DualAccessConfig enabled = DualAccessConfig.builder()
            .set("dualaccess.sync.enabled", "true").set("dualaccess.sync.tables", "orders, public.customers")
            .set("dualaccess.tables.exclude", "audit").build();
        TableScope mirrored = TableScope.mirrored(enabled);
        assertThat(mirrored.covers("orders")).isFalse();
        assertThat(mirrored.covers("public.customers")).isFalse();
        assertThat(mirrored.covers("audit")).isFalse();
        assertThat(mirrored.covers("items")).isTrue();
        assertThat(mirrored.coversAny(List.of("orders"))).isFalse();
        // shadow reads, verify and repair keep covering synced tables
        assertThat(TableScope.of(enabled).covers("orders")).isTrue();

        DualAccessConfig disabled = DualAccessConfig.builder().set("dualaccess.sync.tables", "orders").build();
        assertThat(TableScope.mirrored(disabled).covers("orders")).isTrue();
    }
}

package io.dualaccess.cdc;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class MariaDbBinlogRelayTest {

    @Test
    void onlyTheCapabilityQueryChanges() {
        byte[] packet = "\0\0\0\3SET @mariadb_slave_capability=4".getBytes(StandardCharsets.ISO_8859_1);
        MariaDbBinlogRelay.rewrite(packet, packet.length);
        assertThat(new String(packet, StandardCharsets.ISO_8859_1)).endsWith("SET @mariadb_slave_capability=3");

        byte[] other = "select 'SET @mariadb_slave_capability=' || 4".getBytes(StandardCharsets.ISO_8859_1);
        byte[] copy = other.clone();
        MariaDbBinlogRelay.rewrite(other, other.length);
        assertThat(other).isEqualTo(copy);
    }

    @Test
    void showBinaryLogStatusIsAskedTheMariaDbWay() {
        assertThat(MariaDbAsMySqlDriver.rewrite("SHOW BINARY LOG STATUS")).isEqualTo("SHOW MASTER STATUS");
        assertThat(MariaDbAsMySqlDriver.rewrite("SHOW BINARY LOGS")).isEqualTo("SHOW BINARY LOGS");
    }
}

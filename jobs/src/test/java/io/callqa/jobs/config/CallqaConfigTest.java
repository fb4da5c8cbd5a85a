package io.callqa.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqa.warehouse.CallqaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallqaConfigTest {
  @Test
  void defaultsFollowTheSpec() {
    CallqaConfig c = CallqaConfig.defaults();
    assertThat(c.get(ConfigKey.TIME_ZONE)).isEqualTo(ZoneId.of("Asia/Shanghai"));
    assertThat(c.get(ConfigKey.SL_THRESHOLD_S)).isEqualTo(15);
    assertThat(c.get(ConfigKey.SHORT_ABANDON_S)).isEqualTo(5);
    assertThat(c.get(ConfigKey.FCR_WINDOW_DAYS)).isEqualTo(7);
    assertThat(c.get(ConfigKey.CSAT_TOP_BOX_MIN)).isEqualTo(4);
    assertThat(c.get(ConfigKey.INTERVAL_MINUTES)).isEqualTo(30);
  }

  @Test
  void commandLineBeatsFileBeatsDefault(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("callqa.properties");
    Files.writeString(file, "kpi.service-level.threshold-s = 20\nkpi.fcr.window-days=3\n");
    CallqaConfig c = CallqaConfig.load(file, Map.of("kpi.service-level.threshold-s", "30"));
    assertThat(c.get(ConfigKey.SL_THRESHOLD_S)).isEqualTo(30);
    assertThat(c.get(ConfigKey.FCR_WINDOW_DAYS)).isEqualTo(3);
    assertThat(c.get(ConfigKey.SHORT_ABANDON_S)).isEqualTo(5);
  }

  @Test
  void badValuesNameTheKey(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> CallqaConfig.load(null, Map.of("centre.time-zone", "Mars/Olympus")))
        .isInstanceOf(CallqaException.class)
        .hasMessageContaining("centre.time-zone = 'Mars/Olympus' is not a time zone id");
    assertThatThrownBy(() -> CallqaConfig.load(null, Map.of("kpi.interval-minutes", "7")))
        .hasMessageContaining("kpi.interval-minutes = 7 is out of range");
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "kpi.unknown=1\n");
    assertThatThrownBy(() -> CallqaConfig.load(file, Map.of()))
        .hasMessageContaining("unknown configuration key 'kpi.unknown' in config file " + file);
    assertThatThrownBy(() -> CallqaConfig.load(dir.resolve("missing.properties"), Map.of()))
        .hasMessageContaining("cannot read config file");
  }
}

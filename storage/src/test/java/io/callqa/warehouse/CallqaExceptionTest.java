package io.callqa.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CallqaExceptionTest {
  @Test
  void theFactoriesWriteTheMessagesTheCommandsAlwaysPrinted() {
    assertThat(
            CallqaException.cannotRead(
                "config file c.properties", new IOException("Permission denied")))
        .hasMessage("cannot read config file c.properties: Permission denied")
        .hasCauseInstanceOf(IOException.class);
    assertThat(CallqaException.noFolder("warehouse", Path.of("wh"), "run `callqa run` first"))
        .hasMessage("warehouse folder wh does not exist; run `callqa run` first");
    assertThat(CallqaException.badValue("kpi.service-level.threshold-s", "abc", "a whole number"))
        .hasMessage("configuration kpi.service-level.threshold-s = 'abc' is not a whole number");
  }

  @Test
  void aLowerLayersMessageIsKeptAndACallqaExceptionIsNotWrappedTwice() {
    IllegalArgumentException bad =
        new IllegalArgumentException("users file u.conf, line 3: no role");
    assertThat(CallqaException.of(bad))
        .hasMessage("users file u.conf, line 3: no role")
        .hasCause(bad);
    CallqaException already = new CallqaException("x");
    assertThat(CallqaException.of(already)).isSameAs(already);
  }
}

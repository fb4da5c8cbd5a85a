package io.callqa.jobs.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqa.access.Role;
import io.callqa.warehouse.tables.Rejects;
import io.callqa.warehouse.tables.Transcripts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SqlAccessTest {
  @Test
  void theReadmeShowsTheMatrixTheEndpointEnforces() throws Exception {
    Path readme = Path.of("..", "README.md");
    assertThat(Files.readString(readme))
        .as("README's SQL role matrix; regenerate it from SqlAccess.markdown()")
        .contains(SqlAccess.markdown());
  }

  @Test
  void freeTextFollowsTheRoleAndAuditTablesOnlyTheOperator() {
    assertThat(SqlAccess.mayReadColumn(Role.ANALYST, Transcripts.SPEC, Transcripts.TEXT)).isFalse();
    assertThat(SqlAccess.mayReadColumn(Role.ANALYST, Transcripts.SPEC, Transcripts.CALL_ID))
        .isTrue();
    assertThat(SqlAccess.mayReadColumn(Role.REVIEWER, Transcripts.SPEC, Transcripts.TEXT)).isTrue();
    assertThat(SqlAccess.mayRead(Role.SERVICE, Transcripts.SPEC)).isFalse();
    assertThat(SqlAccess.mayRead(Role.REVIEWER, Rejects.SPEC)).isFalse();
    assertThat(SqlAccess.mayReadColumn(Role.OPERATOR, Rejects.SPEC, Rejects.RAW)).isTrue();
  }
}

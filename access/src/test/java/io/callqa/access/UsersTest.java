package io.callqa.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersTest {
  @TempDir Path dir;

  @Test
  void passwordsAreStoredHashedAndChecked() throws Exception {
    Path file = dir.resolve("users.conf");
    Users.add(file, "anna", Role.REVIEWER, "s3cret-words".toCharArray(), 1000);
    Users.add(file, "bob", Role.ANALYST, "other-words".toCharArray(), 1000);
    String text = Files.readString(file);
    assertThat(text).doesNotContain("s3cret").contains("anna = reviewer:pbkdf2-sha256$1000$");
    Users users = Users.load(file);
    assertThat(users.authenticate("anna", "s3cret-words"))
        .map(Users.User::role)
        .contains(Role.REVIEWER);
    assertThat(users.authenticate("anna", "s3cret-wordz")).isEmpty();
    assertThat(users.authenticate("carol", "s3cret-words")).isEmpty();
    assertThat(users.authenticate("bob", "other-words"))
        .map(Users.User::role)
        .contains(Role.ANALYST);
    // The same password twice gives two different hashes (random salt); re-adding replaces the
    // entry.
    Users.add(file, "anna", Role.ANALYST, "s3cret-words".toCharArray(), 1000);
    assertThat(Files.readString(file))
        .doesNotContain(text.lines().filter(l -> l.startsWith("anna")).findFirst().orElseThrow());
    assertThat(Users.load(file).authenticate("anna", "s3cret-words"))
        .map(Users.User::role)
        .contains(Role.ANALYST);
  }

  @Test
  void badFilesNameTheLine() throws Exception {
    Path file = dir.resolve("bad.conf");
    Files.writeString(
        file,
        "# users\nanna = reviewer:pbkdf2-sha256$1000$c2FsdA==$aGFzaA==\nbob = boss:pbkdf2-sha256$1$a$b\n");
    assertThatThrownBy(() -> Users.load(file))
        .hasMessage(
            file + " line 3: unknown role 'boss'; use reviewer, analyst, service or operator");
    Files.writeString(file, "anna reviewer\n");
    assertThatThrownBy(() -> Users.load(file))
        .hasMessageContaining("line 1: expected 'name = role:hash'");
    Files.writeString(file, "anna = reviewer:plaintext\n");
    assertThatThrownBy(() -> Users.load(file))
        .hasMessageContaining("line 1: the hash of 'anna' is not pbkdf2-sha256");
    assertThatThrownBy(() -> Users.load(dir.resolve("none.conf")))
        .hasMessageContaining("./callqa users add");
    assertThatThrownBy(
            () -> Users.add(file, "a b", Role.REVIEWER, "long-enough".toCharArray(), 1000))
        .hasMessageContaining("user name 'a b'");
    assertThatThrownBy(() -> Users.add(file, "carl", Role.REVIEWER, "short".toCharArray(), 1000))
        .hasMessageContaining("at least 8 characters");
  }
}

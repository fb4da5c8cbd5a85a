package io.callqa.warehouse.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqa.warehouse.CallqaException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user may type for --warehouse and --landing, and what becomes of it. */
class LocationTest {

  @Test
  void plainPathsAndFileUrisAreLocalFolders() {
    Location a = Location.parse("warehouse", "demo/warehouse");
    assertThat(a.isLocal()).isTrue();
    assertThat(a.localPath()).isEqualTo(Path.of("demo/warehouse").toAbsolutePath());
    Location b = Location.parse("warehouse", "file:///tmp/wh");
    assertThat(b.isLocal()).isTrue();
    assertThat(b.localPath()).isEqualTo(Path.of("/tmp/wh"));
    assertThat(b.toString()).isEqualTo("/tmp/wh");
  }

  @Test
  void hdfsAndS3aAreRemote() {
    Location h = Location.parse("warehouse", "hdfs://nn.bank.local:8020/callqa/wh/");
    assertThat(h.isLocal()).isFalse();
    assertThat(h.scheme()).isEqualTo("hdfs");
    assertThat(h.toString()).isEqualTo("hdfs://nn.bank.local:8020/callqa/wh");
    assertThat(h.resolve("calls").toString())
        .isEqualTo("hdfs://nn.bank.local:8020/callqa/wh/calls");
    Location s = Location.parse("warehouse", "s3a://bucket/callqa");
    assertThat(s.scheme()).isEqualTo("s3a");
    assertThat(s.resolve("index/LATEST").toString()).isEqualTo("s3a://bucket/callqa/index/LATEST");
    assertThat(s.name()).isEqualTo("callqa");
    assertThatThrownBy(s::localPath).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anUnservedSchemeIsAnErrorNotALocalFolder() {
    assertThatThrownBy(() -> Location.parse("warehouse", "s3://bucket/wh"))
        .isInstanceOf(CallqaException.class)
        .hasMessage(
            "warehouse 's3://bucket/wh' has the URI scheme 's3:', which callqa does not serve;"
                + " for Amazon S3, MinIO or Ceph use s3a://BUCKET/PATH; callqa reads and writes a"
                + " local folder (a path or file:///path), hdfs://HOST:PORT/PATH and"
                + " s3a://BUCKET/PATH");
    assertThatThrownBy(() -> Location.parse("landing zone", "gs://b/x"))
        .isInstanceOf(CallqaException.class)
        .hasMessageStartingWith("landing zone 'gs://b/x' has the URI scheme 'gs:'");
    assertThatThrownBy(() -> Location.parse("warehouse", "hdfs:relative"))
        .isInstanceOf(CallqaException.class)
        .hasMessageContaining("names no NameNode");
    assertThatThrownBy(() -> Location.parse("warehouse", "s3a:///no-bucket"))
        .isInstanceOf(CallqaException.class)
        .hasMessageContaining("names no bucket");
    assertThatThrownBy(() -> Location.parse("warehouse", "file://host/tmp/wh"))
        .isInstanceOf(CallqaException.class)
        .hasMessageContaining("names a host");
    assertThatThrownBy(() -> Location.parse("warehouse", "")).isInstanceOf(CallqaException.class);
  }

  @Test
  void childrenStayBelow() {
    Location s = Location.parse("warehouse", "s3a://bucket/callqa");
    assertThatThrownBy(() -> s.resolve("../other")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.resolve("/abs")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Location.parse("warehouse", "hdfs://nn:8020/a/../../b"))
        .isInstanceOf(CallqaException.class);
  }

  @Test
  void localFilesAreWrittenWholeAndCopied(@TempDir Path dir) throws Exception {
    Location f = Location.local(dir).resolve("_state/x.properties");
    assertThat(f.readAllBytesOrNull()).isNull();
    assertThat(f.size()).isEqualTo(-1);
    f.write("a=1\n".getBytes());
    assertThat(new String(f.readAllBytesOrNull())).isEqualTo("a=1\n");
    assertThat(Location.local(dir).resolve("_state").list()).containsExactly(f);
    Location copy = Location.local(dir).resolve("copy");
    copy.copyFromLocal(dir.resolve("_state"));
    assertThat(Files.readString(dir.resolve("copy/x.properties"))).isEqualTo("a=1\n");
    copy.deleteTree();
    assertThat(copy.exists()).isFalse();
  }
}

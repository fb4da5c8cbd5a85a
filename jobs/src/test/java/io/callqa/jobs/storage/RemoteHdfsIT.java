package io.callqa.jobs.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqa.warehouse.CallqaException;
import io.callqa.warehouse.storage.Location;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The pipeline with the warehouse and the landing zone on a real HDFS (a MiniDFSCluster: a NameNode
 * and a DataNode in this JVM), compared with the local run ({@link RemoteWarehouseBase}); the
 * one-line error for a NameNode that is down; a file rewritten under a concurrent reader.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemoteHdfsIT extends RemoteWarehouseBase {
  MiniDFSCluster hdfs;

  @Override
  Map<String, String> startRemote() throws Exception {
    long t0 = System.nanoTime();
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
    hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfs.waitActive();
    figures.put("hdfs start s", seconds(t0));
    return Map.of("spark.hadoop.dfs.replication", "1");
  }

  @Override
  void stopRemote() {
    if (hdfs != null) {
      hdfs.shutdown();
    }
  }

  @Override
  String scheme() {
    return "hdfs";
  }

  String hdfsRoot() {
    return "hdfs://127.0.0.1:" + hdfs.getNameNodePort();
  }

  @Test
  @Order(1)
  void pipelineOnHdfsEqualsTheLocalRun() throws Exception {
    runRemote("hdfs", hdfsRoot() + "/callqa", "default");
  }

  @Test
  @Order(2)
  void aNameNodeThatIsDownIsOneLine() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Location wh = Location.parse("warehouse", "hdfs://127.0.0.1:" + port + "/callqa/warehouse");
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> wh.checkReachable("warehouse"))
        .isInstanceOf(CallqaException.class)
        .hasMessageStartingWith("cannot reach the warehouse hdfs://127.0.0.1:" + port)
        .hasMessageContaining("connection refused")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    figures.put("NameNode down, error after s", seconds(t0));
  }

  @Test
  @Order(3)
  void aFileRewrittenOnHdfsIsNeverMissingToAReader() throws Exception {
    // The review server rewrites its journal while other readers list and read it: every read
    // must find the old content or the new, never no file (a delete and then a rename did).
    Location file = Location.parse("journal", hdfsRoot() + "/callqa/atomic/journal.jsonl");
    file.write("0\n".getBytes(StandardCharsets.UTF_8));
    int rewrites = 200;
    AtomicBoolean done = new AtomicBoolean();
    List<String> missing = new CopyOnWriteArrayList<>();
    AtomicInteger reads = new AtomicInteger();
    Thread reader =
        new Thread(
            () -> {
              while (!done.get()) {
                byte[] b = file.readAllBytesOrNull();
                reads.incrementAndGet();
                if (b == null || b.length == 0) {
                  missing.add("read " + reads.get() + ": " + (b == null ? "no file" : "empty"));
                }
              }
            });
    reader.start();
    try {
      for (int i = 1; i <= rewrites; i++) {
        file.write((i + "\n").getBytes(StandardCharsets.UTF_8));
      }
    } finally {
      done.set(true);
      reader.join();
    }
    figures.put("HDFS rewrites / concurrent reads", rewrites + " / " + reads.get());
    assertThat(reads.get()).isGreaterThan(20);
    assertThat(missing).isEmpty();
    assertThat(new String(file.readAllBytesOrNull(), StandardCharsets.UTF_8))
        .isEqualTo(rewrites + "\n");
  }
}

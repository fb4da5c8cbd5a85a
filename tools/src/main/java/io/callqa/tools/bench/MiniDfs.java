package io.callqa.tools.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real HDFS for {@code bench cluster --fs hdfs}: a NameNode and one DataNode in this JVM
 * (Hadoop's MiniDFSCluster), their blocks under {@code dir}, reached as {@code
 * hdfs://127.0.0.1:PORT} by the driver and the executors.
 */
final class MiniDfs implements AutoCloseable {
  private final MiniDFSCluster cluster;

  private MiniDfs(MiniDFSCluster cluster) {
    this.cluster = cluster;
  }

  static MiniDfs start(Path dir, Consumer<String> out) throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.toAbsolutePath().toString());
    MiniDFSCluster c = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    c.waitActive();
    out.accept("hdfs: NameNode at hdfs://127.0.0.1:" + c.getNameNodePort() + ", one DataNode");
    return new MiniDfs(c);
  }

  String uri() {
    return "hdfs://127.0.0.1:" + cluster.getNameNodePort();
  }

  @Override
  public void close() {
    cluster.shutdown();
  }
}

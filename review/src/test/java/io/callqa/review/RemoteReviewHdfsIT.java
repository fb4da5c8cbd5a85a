package io.callqa.review;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/** {@link RemoteReviewChecks} on a real HDFS: a MiniDFSCluster (NameNode and DataNode) here. */
class RemoteReviewHdfsIT extends RemoteReviewChecks {
  MiniDFSCluster hdfs;

  @Override
  String startStore(Path dir) throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
    hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfs.waitActive();
    return "hdfs://127.0.0.1:" + hdfs.getNameNodePort();
  }

  @Override
  void stopStore() {
    if (hdfs != null) {
      hdfs.shutdown();
    }
  }

  @Override
  void takeStoreDown() {
    hdfs.shutdownNameNode(0);
  }
}

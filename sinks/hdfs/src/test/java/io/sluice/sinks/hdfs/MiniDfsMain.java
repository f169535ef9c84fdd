package io.sluice.sinks.hdfs;

import java.io.File;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * Runs a MiniDFSCluster (one namenode, {@code args[1]} datanodes, default 1) in its own JVM until it
 * is killed, for the hdfs benchmark figures in docs/performance.md: it prints the cluster's URI,
 * which {@code bin/agent benchmark --hdfs-uri} then writes to. Not a test.
 */
public final class MiniDfsMain {
    private MiniDfsMain() {
    }

    public static void main(String[] args) throws Exception {
        int datanodes = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        HdfsConfiguration conf = new HdfsConfiguration();
        conf.setInt("dfs.replication", datanodes);
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf, new File(args[0])).numDataNodes(datanodes).build();
        cluster.waitActive();
        System.out.println("MiniDFSCluster at " + cluster.getURI());
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> cluster.shutdown(true)));
        Thread.currentThread().join();
    }
}

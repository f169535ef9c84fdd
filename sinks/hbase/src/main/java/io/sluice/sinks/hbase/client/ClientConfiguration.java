package io.sluice.sinks.hbase.client;

import io.sluice.sinks.hbase.HBaseSinkSettings;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.AuthUtil;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.HConstants;

/**
 * The HBase client configuration of one sink: {@code hbase-default.xml} and
 * {@code hbase-site.xml} from the class path (bin/agent puts the agent's conf directory on it, as
 * flume-ng does), then the sink's own keys on top. Made with the HBase class loader as the thread's
 * context class loader, which {@code hbase-default.xml} is read through. Stateless.
 */
final class ClientConfiguration {
    private ClientConfiguration() {
    }

    static Configuration of(HBaseSinkSettings s) {
        Configuration conf = HBaseConfiguration.create();
        if (s.zookeeperHosts() != null) {
            conf.set(HConstants.ZOOKEEPER_QUORUM, s.zookeeperHosts());
            conf.setInt(HConstants.ZOOKEEPER_CLIENT_PORT, s.zookeeperPort());
        }
        if (s.znodeParent() != null) {
            conf.set(HConstants.ZOOKEEPER_ZNODE_PARENT, s.znodeParent());
        }
        if (s.kerberosPrincipal() != null) {
            conf.set("hadoop.security.authentication", "kerberos");
            conf.set("hbase.security.authentication", "kerberos");
            conf.set(AuthUtil.HBASE_CLIENT_KERBEROS_PRINCIPAL, s.kerberosPrincipal());
            conf.set(AuthUtil.HBASE_CLIENT_KEYTAB_FILE, s.kerberosKeytab());
        }
        if (s.operationTimeoutMillis() != null) {
            conf.setLong(HConstants.HBASE_CLIENT_OPERATION_TIMEOUT, s.operationTimeoutMillis());
        }
        return conf;
    }
}

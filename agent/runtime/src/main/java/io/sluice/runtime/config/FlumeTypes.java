package io.sluice.runtime.config;

import io.sluice.api.config.Kind;
import java.util.Locale;
import java.util.Map;

/**
 * Flume 1.11's built-in type aliases and their classes (spec §1.2). Sluice components declare the
 * ones they implement themselves; this table only lets validation say "Flume's hdfs sink is not
 * available in Sluice yet" instead of "unknown type", and map a Flume class name to its alias.
 */
final class FlumeTypes {
    private static final Map<Kind, Map<String, String>> ALIASES = Map.of(
            Kind.SOURCE, Map.ofEntries(
                    Map.entry("seq", "org.apache.flume.source.SequenceGeneratorSource"),
                    Map.entry("netcat", "org.apache.flume.source.NetcatSource"),
                    Map.entry("netcatudp", "org.apache.flume.source.NetcatUdpSource"),
                    Map.entry("exec", "org.apache.flume.source.ExecSource"),
                    Map.entry("avro", "org.apache.flume.source.AvroSource"),
                    Map.entry("thrift", "org.apache.flume.source.ThriftSource"),
                    Map.entry("syslogtcp", "org.apache.flume.source.SyslogTcpSource"),
                    Map.entry("multiport_syslogtcp", "org.apache.flume.source.MultiportSyslogTCPSource"),
                    Map.entry("syslogudp", "org.apache.flume.source.SyslogUDPSource"),
                    Map.entry("spooldir", "org.apache.flume.source.SpoolDirectorySource"),
                    Map.entry("http", "org.apache.flume.source.http.HTTPSource"),
                    Map.entry("jms", "org.apache.flume.source.jms.JMSSource"),
                    Map.entry("taildir", "org.apache.flume.source.taildir.TaildirSource")),
            Kind.CHANNEL, Map.of(
                    "memory", "org.apache.flume.channel.MemoryChannel",
                    "file", "org.apache.flume.channel.file.FileChannel",
                    "jdbc", "org.apache.flume.channel.jdbc.JdbcChannel",
                    "spillablememory", "org.apache.flume.channel.SpillableMemoryChannel"),
            Kind.SINK, Map.ofEntries(
                    Map.entry("null", "org.apache.flume.sink.NullSink"),
                    Map.entry("logger", "org.apache.flume.sink.LoggerSink"),
                    Map.entry("file_roll", "org.apache.flume.sink.RollingFileSink"),
                    Map.entry("hdfs", "org.apache.flume.sink.hdfs.HDFSEventSink"),
                    Map.entry("irc", "org.apache.flume.sink.irc.IRCSink"),
                    Map.entry("avro", "org.apache.flume.sink.AvroSink"),
                    Map.entry("thrift", "org.apache.flume.sink.ThriftSink"),
                    Map.entry("elasticsearch", "org.apache.flume.sink.elasticsearch.ElasticSearchSink"),
                    Map.entry("hbase", "org.apache.flume.sink.hbase.HBaseSink"),
                    Map.entry("hbase2", "org.apache.flume.sink.hbase2.HBase2Sink"),
                    Map.entry("asynchbase", "org.apache.flume.sink.hbase.AsyncHBaseSink"),
                    Map.entry("morphline_solr", "org.apache.flume.sink.solr.morphline.MorphlineSolrSink"),
                    Map.entry("hive", "org.apache.flume.sink.hive.HiveSink"),
                    Map.entry("http", "org.apache.flume.sink.http.HttpSink")),
            Kind.INTERCEPTOR, Map.of(
                    "timestamp", "org.apache.flume.interceptor.TimestampInterceptor$Builder",
                    "host", "org.apache.flume.interceptor.HostInterceptor$Builder",
                    "static", "org.apache.flume.interceptor.StaticInterceptor$Builder",
                    "regex_filter", "org.apache.flume.interceptor.RegexFilteringInterceptor$Builder",
                    "regex_extractor", "org.apache.flume.interceptor.RegexExtractorInterceptor$Builder",
                    "remove_header", "org.apache.flume.interceptor.RemoveHeaderInterceptor$Builder",
                    "search_replace", "org.apache.flume.interceptor.SearchAndReplaceInterceptor$Builder"),
            Kind.SELECTOR, Map.of(
                    "replicating", "org.apache.flume.channel.ReplicatingChannelSelector",
                    "multiplexing", "org.apache.flume.channel.MultiplexingChannelSelector",
                    "load_balancing", "org.apache.flume.channel.LoadBalancingChannelSelector"),
            Kind.SINK_PROCESSOR, Map.of(
                    "default", "org.apache.flume.sink.DefaultSinkProcessor",
                    "failover", "org.apache.flume.sink.FailoverSinkProcessor",
                    "load_balance", "org.apache.flume.sink.LoadBalancingSinkProcessor"));

    private FlumeTypes() {
    }

    /** The Flume alias a type names (given as alias or as Flume's class name), or null if Flume has none. */
    static String flumeAlias(Kind kind, String type) {
        Map<String, String> table = ALIASES.getOrDefault(kind, Map.of());
        String lower = type.toLowerCase(Locale.ENGLISH);
        if (table.containsKey(lower)) {
            return lower;
        }
        for (Map.Entry<String, String> e : table.entrySet()) {
            if (e.getValue().equals(type)) {
                return e.getKey();
            }
        }
        return null;
    }
}

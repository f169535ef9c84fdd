package io.sluice.sources.net;

import io.sluice.api.ComponentProvider;
import io.sluice.api.config.ComponentSpec;
import io.sluice.sources.net.http.HttpSource;
import io.sluice.sources.net.netcat.NetcatSource;
import io.sluice.sources.net.netcatudp.NetcatUdpSource;
import io.sluice.sources.net.syslog.MultiportSyslogTcpSource;
import io.sluice.sources.net.syslog.SyslogTcpSource;
import io.sluice.sources.net.syslog.SyslogUdpSource;
import java.util.List;

/** Makes this module's source types known to the runtime (registered for {@link java.util.ServiceLoader}). */
public final class NetSourcesProvider implements ComponentProvider {
    @Override
    public List<ComponentSpec<?, ?>> components() {
        return List.of(NetcatSource.SPEC, NetcatUdpSource.SPEC, SyslogTcpSource.SPEC, SyslogUdpSource.SPEC,
                MultiportSyslogTcpSource.SPEC, HttpSource.SPEC);
    }
}

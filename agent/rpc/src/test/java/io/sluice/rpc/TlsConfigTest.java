package io.sluice.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TlsConfigTest {
    static final String[] SUPPORTED = {"SSLv3", "TLSv1.2", "TLSv1.3"};

    @Test
    void componentKeysWinOverSystemPropertiesWhichWinOverEnvironment() {
        Properties sys = new Properties();
        sys.setProperty("javax.net.ssl.keyStore", "/sys.jks");
        sys.setProperty("javax.net.ssl.keyStorePassword", "sysPass");
        Map<String, String> env = Map.of("FLUME_SSL_KEYSTORE_PATH", "/env.jks", "FLUME_SSL_KEYSTORE_TYPE", "PKCS12");
        TlsConfig fromGlobals = TlsConfig.resolve(TlsConfig.Side.SERVER, null, null, null, false, false, null, null,
                null, null, sys, env);
        assertEquals("/sys.jks", fromGlobals.store());
        assertEquals("sysPass", fromGlobals.storePassword());
        assertEquals("PKCS12", fromGlobals.storeType());
        TlsConfig fromKeys = TlsConfig.resolve(TlsConfig.Side.SERVER, "/own.jks", "own", "JKS", false, false, null,
                null, null, null, sys, env);
        assertEquals("/own.jks", fromKeys.store());
        assertEquals("JKS", fromKeys.storeType());
    }

    @Test
    void sslv3IsNeverEnabledAndExcludesApplyToIncludes() {
        TlsConfig all = TlsConfig.resolve(TlsConfig.Side.CLIENT, null, null, null, false, true, null, null, null, null,
                new Properties(), Map.of());
        assertArrayEquals(new String[] {"TLSv1.2", "TLSv1.3"}, all.enabledProtocols(SUPPORTED, SUPPORTED));
        TlsConfig some = TlsConfig.resolve(TlsConfig.Side.CLIENT, null, null, null, false, true, "SSLv3 TLSv1.2 TLSv1.3",
                "TLSv1.3", null, null, new Properties(), Map.of());
        assertArrayEquals(new String[] {"TLSv1.2"}, some.enabledProtocols(SUPPORTED, SUPPORTED));
    }

    @Test
    void globalProtocolListsAreCommaSeparated() {
        Properties sys = new Properties();
        sys.setProperty("flume.ssl.exclude.protocols", "TLSv1.2,SSLv3");
        TlsConfig t = TlsConfig.resolve(TlsConfig.Side.CLIENT, null, null, null, false, true, null, null, null, null, sys,
                Map.of());
        assertArrayEquals(new String[] {"TLSv1.3"}, t.enabledProtocols(SUPPORTED, SUPPORTED));
    }
}

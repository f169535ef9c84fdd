package io.sluice.rpc;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS engines of Avro endpoints from a {@link TlsConfig} (spec §3.4). Servers present the
 * keystore's key and ask for no client certificate, as Flume's do; clients trust the truststore,
 * the JDK's CAs, or anything ({@code trust-all-certs}), and check the host name unless told not to.
 * Stores are read once, when the context is built, so a bad path or password fails start-up with
 * its reason. Contexts are immutable and thread-safe.
 */
public final class SslContexts {
    private SslContexts() {
    }

    public static SslContext server(TlsConfig tls) throws IOException, GeneralSecurityException {
        if (tls.store() == null) {
            throw new IOException("ssl = true needs a keystore (the keystore key, -Djavax.net.ssl.keyStore or "
                    + "FLUME_SSL_KEYSTORE_PATH)");
        }
        if (tls.storePassword() == null) {
            throw new IOException("ssl = true needs keystore-password (or -Djavax.net.ssl.keyStorePassword or "
                    + "FLUME_SSL_KEYSTORE_PASSWORD)");
        }
        KeyStore ks = load(tls);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, tls.storePassword().toCharArray());
        return SslContextBuilder.forServer(kmf).sslProvider(SslProvider.JDK).build();
    }

    public static SslContext client(TlsConfig tls) throws IOException, GeneralSecurityException {
        SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
        if (tls.trustAll()) {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else if (tls.store() != null) {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(tls));
            b.trustManager(tmf);
        }
        return b.build();
    }

    /** A server-side handler with the configured protocols and cipher suites. */
    public static SslHandler serverHandler(SslContext ctx, TlsConfig tls, ByteBufAllocator alloc) {
        SSLEngine engine = ctx.newEngine(alloc);
        restrict(engine, tls);
        return new SslHandler(engine);
    }

    /** A client-side handler for {@code host:port}, verifying the host name when configured to. */
    public static SslHandler clientHandler(SslContext ctx, TlsConfig tls, ByteBufAllocator alloc, String host, int port) {
        SSLEngine engine = ctx.newEngine(alloc, host, port);
        restrict(engine, tls);
        if (tls.verifyHostname() && !tls.trustAll()) {
            SSLParameters p = engine.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(p);
        }
        return new SslHandler(engine);
    }

    private static void restrict(SSLEngine engine, TlsConfig tls) {
        engine.setEnabledProtocols(tls.enabledProtocols(engine.getSupportedProtocols(), engine.getEnabledProtocols()));
        engine.setEnabledCipherSuites(tls.enabledCipherSuites(engine.getSupportedCipherSuites(),
                engine.getEnabledCipherSuites()));
    }

    private static KeyStore load(TlsConfig tls) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(tls.storeType());
        try (InputStream in = Files.newInputStream(Path.of(tls.store()))) {
            ks.load(in, tls.storePassword() == null ? null : tls.storePassword().toCharArray());
        } catch (IOException e) {
            throw new IOException("cannot read " + tls.storeType() + " store " + tls.store() + ": " + e.getMessage(), e);
        }
        return ks;
    }
}

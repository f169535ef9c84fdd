package io.sluice.sources.avro;

import io.netty.channel.Channel;
import io.sluice.rpc.ServerSession;
import java.net.SocketAddress;

/**
 * One accepted connection as the source's handlers and its responder see it: the socket, its
 * handshake state, and whether it is to be closed once the reply now being written has gone (after
 * a malformed call). The responder runs on Avro's caller threads and {@link FrameGuard} on the event
 * loop; the guard lets one call of a connection reach the responder at a time, and hand-offs through
 * the event loop order their accesses, so the session needs no lock.
 */
final class AvroConnection {
    private final Channel channel;
    private final ServerSession session;
    private volatile boolean closeAfterReply;

    AvroConnection(Channel channel, ServerSession session) {
        this.channel = channel;
        this.session = session;
    }

    ServerSession session() {
        return session;
    }

    SocketAddress peer() {
        return channel.remoteAddress();
    }

    /** Asks for the connection to be closed once the reply being prepared is written. */
    void closeAfterReply() {
        closeAfterReply = true;
    }

    boolean closingAfterReply() {
        return closeAfterReply;
    }
}

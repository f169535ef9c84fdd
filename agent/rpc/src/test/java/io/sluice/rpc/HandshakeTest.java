package io.sluice.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.api.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakeTest {

    @Test
    void requestAndResponseRoundTrip() throws Exception {
        ByteBuf b = Unpooled.buffer();
        Handshake.writeRequest(b, FlumeProtocol.md5(), FlumeProtocol.TEXT, new byte[16]);
        Handshake.Request r = Handshake.readRequest(b);
        assertArrayEquals(FlumeProtocol.md5(), r.clientHash());
        assertEquals(FlumeProtocol.TEXT, r.clientProtocol());
        Handshake.writeResponse(b, Handshake.Match.CLIENT, FlumeProtocol.TEXT, FlumeProtocol.md5());
        Handshake.Response s = Handshake.readResponse(b);
        assertEquals(Handshake.Match.CLIENT, s.match());
        assertArrayEquals(FlumeProtocol.md5(), s.serverHash());
    }

    @Test
    void clientWithACosmeticallyDifferentProtocolGetsClientMatchAndItsCallsAreRead() throws Exception {
        String theirs = FlumeProtocol.TEXT.replace("\"doc\":", "\"olddoc\":");
        byte[] theirHash = org.apache.avro.Protocol.parse(theirs).getMD5();
        ServerSession session = new ServerSession(new KnownProtocols());
        ByteBuf call = Unpooled.buffer();
        Handshake.writeRequest(call, theirHash, theirs, theirHash);
        call.writeByte(0);
        AvroOutput.writeString(call, FlumeProtocol.APPEND_BATCH);
        EventCodec.writeBatch(call, List.of(Event.ofString("x")));
        ByteBuf reply = Unpooled.buffer();
        ServerSession.Call c = session.read(call, reply, 10);
        assertEquals(Handshake.Match.CLIENT, Handshake.readResponse(reply).match());
        assertEquals(ServerSession.Kind.APPEND_BATCH, c.kind());
        assertEquals(1, c.events().size());
        assertTrue(session.handshaken());
    }

    @Test
    void clientWhoseEventsHaveAnotherShapeIsRefusedAtItsFirstCall() throws Exception {
        String theirs = FlumeProtocol.TEXT.replace("{\"name\":\"body\",\"type\":\"bytes\"}",
                "{\"name\":\"body\",\"type\":\"long\"}");
        byte[] theirHash = org.apache.avro.Protocol.parse(theirs).getMD5();
        ServerSession session = new ServerSession(new KnownProtocols());
        ByteBuf call = Unpooled.buffer();
        Handshake.writeRequest(call, theirHash, theirs, FlumeProtocol.md5());
        call.writeByte(0);
        AvroOutput.writeString(call, FlumeProtocol.APPEND_BATCH);
        call.writeByte(0);
        assertThrows(MalformedRpcException.class, () -> session.read(call, Unpooled.buffer(), 10));
    }

    @Test
    void unknownClientWithoutProtocolTextIsAnsweredNoneWithTheServersProtocol() throws Exception {
        ServerSession session = new ServerSession(new KnownProtocols());
        ByteBuf call = Unpooled.buffer();
        Handshake.writeRequest(call, new byte[16], null, FlumeProtocol.md5());
        ByteBuf reply = Unpooled.buffer();
        assertEquals(ServerSession.Kind.HANDSHAKE_ONLY, session.read(call, reply, 10).kind());
        Handshake.Response r = Handshake.readResponse(reply);
        assertEquals(Handshake.Match.NONE, r.match());
        assertEquals(FlumeProtocol.TEXT, r.serverProtocol());
        assertFalse(session.handshaken());
    }
}

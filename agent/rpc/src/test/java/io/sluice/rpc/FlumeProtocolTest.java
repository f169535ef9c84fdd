package io.sluice.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.apache.avro.Protocol;
import org.junit.jupiter.api.Test;

class FlumeProtocolTest {

    @Test
    void protocolHashIsTheOneFlume111ComputesForAvroSourceProtocol() {
        // The MD5 of flume-ng-sdk 1.11.0's AvroSourceProtocol.PROTOCOL, rendered by Avro 1.11.
        assertEquals("86aadae2c45474c0fe93ffd0f2350a65", HexFormat.of().formatHex(FlumeProtocol.md5()));
    }

    @Test
    void aProtocolDifferingOnlyInNamesAndDocsHasTheSameRequestLayout() {
        Protocol renamed = Protocol.parse(FlumeProtocol.TEXT.replace("AvroFlumeEvent", "Evt")
                .replace("\"doc\":", "\"olddoc\":").replace("org.apache.flume.source.avro", "other.ns"));
        assertTrue(FlumeProtocol.sameRequestLayout(renamed, FlumeProtocol.APPEND_BATCH));
        assertTrue(FlumeProtocol.sameRequestLayout(renamed, FlumeProtocol.APPEND));
    }

    @Test
    void aProtocolWhoseEventHasAnotherShapeDoesNotMatch() {
        Protocol other = Protocol.parse(FlumeProtocol.TEXT.replace("{\"name\":\"body\",\"type\":\"bytes\"}",
                "{\"name\":\"body\",\"type\":\"string\"}"));
        assertFalse(FlumeProtocol.sameRequestLayout(other, FlumeProtocol.APPEND_BATCH));
        assertFalse(FlumeProtocol.sameRequestLayout(other, "noSuchMessage"));
    }

    @Test
    void okIndexIsReadFromTheServersStatusEnum() {
        Protocol reordered = Protocol.parse(FlumeProtocol.TEXT.replace("[\"OK\",\"FAILED\",\"UNKNOWN\"]",
                "[\"FAILED\",\"OK\",\"UNKNOWN\"]"));
        assertEquals(1, FlumeProtocol.okIndex(reordered, FlumeProtocol.APPEND_BATCH));
        assertEquals(0, FlumeProtocol.okIndex(FlumeProtocol.PROTOCOL, FlumeProtocol.APPEND_BATCH));
    }
}

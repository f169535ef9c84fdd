package io.sluice.channels.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.ChannelHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code filechannel-check}: counts, damage with file and offset, exit codes, and not one byte changed. */
class FileChannelCheckTest {
    @TempDir
    Path tmp;

    private String output;

    private Path channel() throws Exception {
        Path root = tmp.resolve("c");
        FileChannel c = FileChannels.in(root).set("maxFileSize", "2048", "checkpointOnClose", "false").start();
        ChannelHarness h = new ChannelHarness(c);
        for (int i = 0; i < 9; i++) {
            h.put(FileChannels.sized("e" + i, 10, 40));
        }
        h.take(15);
        c.stop();
        return root;
    }

    private int check(Path root, String... extra) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String[] args = Stream.concat(Stream.of("--checkpointDir", root.resolve("checkpoint").toString(),
                "--dataDirs", root.resolve("data").toString()), Stream.of(extra)).toArray(String[]::new);
        int rc = FileChannelCheck.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        output = bytes.toString(StandardCharsets.UTF_8);
        return rc;
    }

    @Test
    void anIntactChannelIsReportedWithItsCountsAndNothingIsChanged() throws Exception {
        Path root = channel();
        Map<String, String> before = digests(root);
        assertEquals(0, check(root), output);
        assertTrue(output.contains("Records: 9 PUT (90 intact events), 1 TAKE (15 events taken)"), output);
        assertTrue(output.contains("Next start: would recover 75 events"), output);
        assertTrue(output.contains("Result: intact"), output);
        assertEquals(before, digests(root), "the check changed files");
    }

    @Test
    void aDamagedEventIsNamedWithFileAndOffsetAndExitsOne() throws Exception {
        Path root = channel();
        Path segment = Records.segments(root.resolve("data")).get(1);
        Records.At record = Records.of(segment).get(0);
        Records.flip(segment, record.offset() + 40);
        Map<String, String> before = digests(root);
        assertEquals(1, check(root), output);
        assertTrue(output.contains("DAMAGED: " + segment + " at offset " + record.offset()), output);
        assertTrue(output.contains("LOST: 1 committed event(s)"), output);
        assertEquals(before, digests(root), "the check changed files");
    }

    @Test
    void aTornTailIsReportedButNotTruncatedAndIsNoProblem() throws Exception {
        Path root = channel();
        Path segment = Records.lastWithRecords(root.resolve("data"));
        long size = Files.size(segment);
        Records.truncate(segment, size - 5);
        assertEquals(0, check(root), output);
        assertTrue(output.contains("torn write at the end of the log"), output);
        assertEquals(size - 5, Files.size(segment), "the check truncated the file");
    }

    @Test
    void aMissingSegmentIsReportedWithTheEventsLost() throws Exception {
        Path root = channel();
        Files.delete(Records.segments(root.resolve("data")).get(1));
        assertEquals(1, check(root), output);
        assertTrue(output.contains("MISSING: segment segment-0000000002.wal is missing. segment-0000000002.wal held "
                + "30 event(s)"), output);
        assertTrue(output.contains("LOST: 30 committed event(s) cannot be recovered"), output);
    }

    @Test
    void aMissingNewestSegmentIsReportedAndItsLossUnknown() throws Exception {
        Path root = channel();
        Files.delete(Records.lastWithRecords(root.resolve("data")));
        assertEquals(1, check(root), output);
        assertTrue(output.contains("MISSING: segment segment-0000000003.wal is missing, the newest"), output);
        assertTrue(output.contains("LOST: an unknown number of committed events (0 counted) cannot be recovered"),
                output);
    }

    @Test
    void usageErrorsExitTwo() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertEquals(2, FileChannelCheck.run(new String[] {"--dataDirs", "/x"}, out));
        assertEquals(2, FileChannelCheck.run(new String[] {"--checkpointDir"}, out));
        assertEquals(2, FileChannelCheck.run(new String[] {"--bogus", "1"}, out));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("Usage: bin/agent filechannel-check"));
    }

    private static Map<String, String> digests(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), HexFormat.of().formatHex(sha(Files.readAllBytes(p))));
            }
        }
        return out;
    }

    private static byte[] sha(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

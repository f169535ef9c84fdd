package io.sluice.channels.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.Settings;
import io.sluice.testkit.Specs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file channel's declaration: Flume's keys and defaults, the rules between them, and what start refuses. */
class FileChannelSpecTest {
    @TempDir
    Path tmp;

    @Test
    void declaresFlumesKeysWithFlumesDefaults() {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("checkpointDir", "~/.flume/file-channel/checkpoint"),
                Map.entry("useDualCheckpoints", "false"),
                Map.entry("compressBackupCheckpoint", "false"),
                Map.entry("dataDirs", "~/.flume/file-channel/data"),
                Map.entry("transactionCapacity", "10000"),
                Map.entry("checkpointInterval", "30000"),
                Map.entry("maxFileSize", "1623195647"),
                Map.entry("minimumRequiredSpace", "524288000"),
                Map.entry("capacity", "1000000"),
                Map.entry("keep-alive", "3"),
                Map.entry("use-log-replay-v1", "false"),
                Map.entry("use-fast-replay", "false"),
                Map.entry("checkpointOnClose", "true"),
                Map.entry("fsyncPerTransaction", "true"),
                Map.entry("fsyncInterval", "5"));
        expected.forEach((key, value) -> {
            ConfigKey<?> k = FileChannel.SPEC.keys().get(key);
            assertTrue(k != null, "missing key " + key);
            assertEquals(value, k.defaultText(), key);
        });
        assertTrue(FileChannel.SPEC.keys().containsKey("backupCheckpointDir"));
        assertEquals(List.of("org.apache.flume.channel.file.FileChannel"), FileChannel.SPEC.classNames());
        assertEquals("transactionCapacity", FileChannel.SPEC.transactionCapacityKey().name());
    }

    @Test
    void flumesEncryptionKeysAreRefusedAsNotSupported() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings(
                "encryption.activeKey", "key-0", "encryption.cipherProvider", "AESCTRNOPADDING",
                "encryption.keyProvider", "JCEKSFILE"));
        assertTrue(e.getMessage().contains("encryption.keyProvider"), e.getMessage());
        assertTrue(e.getMessage().contains("encryption is not supported by Sluice"), e.getMessage());
    }

    @Test
    void dualCheckpointsNeedABackupDirectoryOfTheirOwn() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> settings("useDualCheckpoints", "true"))
                .getMessage().contains("backupCheckpointDir is not set"));
        String data = tmp.resolve("data").toString();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> settings("useDualCheckpoints", "true",
                "backupCheckpointDir", data, "dataDirs", data)).getMessage().contains("needs a directory of its own"));
    }

    @Test
    void theCheckpointAndEveryDataDirectoryMustBeDistinct() {
        String d = tmp.resolve("d").toString();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> settings("checkpointDir", d, "dataDirs", d))
                .getMessage().contains("is also in dataDirs"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> settings("dataDirs", d + ", " + d + "/"))
                .getMessage().contains("twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> settings("dataDirs", " , "))
                .getMessage().contains("names no directory"));
    }

    @Test
    void valuesFlumeWouldSilentlyChangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> settings("transactionCapacity", "20", "capacity", "10"));
        assertThrows(IllegalArgumentException.class, () -> settings("minimumRequiredSpace", "1000"));
        assertThrows(IllegalArgumentException.class, () -> settings("capacity", "0"));
        assertThrows(IllegalArgumentException.class, () -> settings("checkpointInterval", "-1"));
    }

    @Test
    void theGuidesMaxFileSizeIsAccepted() {
        assertEquals(2146435071L, settings("maxFileSize", "2146435071").get(FileChannel.MAX_FILE_SIZE));
    }

    @Test
    void claimsEveryDirectorySoTwoChannelsCannotShareOne() {
        Settings s = settings("checkpointDir", "~/cp", "dataDirs", "/a/d1, /a/d2/", "useDualCheckpoints", "true",
                "backupCheckpointDir", "/a/b");
        assertEquals(List.of("dir:" + System.getProperty("user.home") + "/cp", "dir:/a/b", "dir:/a/d1", "dir:/a/d2"),
                FileChannel.SPEC.resources(s));
    }

    @Test
    void aSecondChannelOnTheSameDirectoriesCannotStart() throws Exception {
        FileChannel first = FileChannels.in(tmp).start();
        try {
            IOException e = assertThrows(IOException.class, () -> FileChannels.in(tmp).start());
            assertTrue(e.getMessage().contains("cannot lock " + tmp.resolve("checkpoint")), e.getMessage());
        } finally {
            first.stop();
        }
        FileChannels.in(tmp).start().stop();
    }

    @Test
    void directoriesHoldingAnUndrainedFlumeChannelAreRefused() throws Exception {
        Files.createDirectories(tmp.resolve("data"));
        Files.write(tmp.resolve("data/log-7"), new byte[10]);
        Files.write(tmp.resolve("data/log-7.meta"), new byte[10]);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FileChannels.in(tmp).start());
        assertTrue(e.getMessage().contains("holds an undrained Apache Flume file channel (log-7, log-7.meta)"),
                e.getMessage());
    }

    private Settings settings(String... keysAndValues) {
        Map<String, String> raw = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            raw.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Specs.settings(FileChannel.SPEC, raw);
    }
}

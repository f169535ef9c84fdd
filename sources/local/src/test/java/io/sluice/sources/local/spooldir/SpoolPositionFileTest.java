package io.sluice.sources.local.spooldir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sluice.sources.local.deserializer.ReadMark;
import io.sluice.sources.local.spooldir.SpoolPositionFile.Position;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolPositionFileTest {
    @TempDir
    Path dir;

    private static Position at(long offset) {
        return new Position("sub/a.log", new FileStamp("(dev=1,ino=2)", 1000, 123_456_789L), new ReadMark(offset, 3));
    }

    @Test
    void theLastSavedPositionIsReadBackAfterReopening() throws Exception {
        Path f = dir.resolve("pos");
        try (SpoolPositionFile p = SpoolPositionFile.open(f, Long.MAX_VALUE)) {
            assertNull(p.current());
            p.save(at(10));
            p.save(at(20));
            p.save(at(30));
        }
        try (SpoolPositionFile p = SpoolPositionFile.open(f, 0)) {
            assertEquals(at(30), p.current());
            p.clear();
        }
        try (SpoolPositionFile p = SpoolPositionFile.open(f, 0)) {
            assertNull(p.current());
        }
    }

    /** A crash in the middle of writing the newest slot leaves the previous position, never a wrong one. */
    @Test
    void aTornNewestSlotFallsBackToTheOlderOne() throws Exception {
        Path f = dir.resolve("pos");
        try (SpoolPositionFile p = SpoolPositionFile.open(f, 0)) {
            p.save(at(10));
            p.save(at(20));
        }
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(40);
            raf.write(new byte[] {1, 2, 3});
        }
        try (SpoolPositionFile p = SpoolPositionFile.open(f, 0)) {
            assertEquals(at(10), p.current());
        }
    }

    @Test
    void aFileWithoutAValidSlotMeansNoFileInProgress() throws Exception {
        Path f = Files.write(dir.resolve("pos"), new byte[20_000]);
        try (SpoolPositionFile p = SpoolPositionFile.open(f, 0)) {
            assertNull(p.current());
        }
    }
}

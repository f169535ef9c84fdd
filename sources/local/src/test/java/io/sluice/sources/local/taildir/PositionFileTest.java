package io.sluice.sources.local.taildir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.sources.local.taildir.PositionFile.Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PositionFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsPathsThatNeedJsonEscaping() throws Exception {
        Path f = dir.resolve("pos.json");
        List<Entry> entries = List.of(new Entry(1, 10, "/var/log/a \"quoted\".log"), new Entry(2, 0, "/var/log/ü\\x.log"));
        PositionFile.write(f, entries);
        assertEquals(entries, PositionFile.read(f));
    }

    @Test
    void keepsEntriesBeforeASyntaxErrorAndSkipsIncompleteOnes() throws Exception {
        Path f = Files.writeString(dir.resolve("pos.json"),
                "[{\"inode\":1,\"pos\":5,\"file\":\"/a\"},{\"inode\":2,\"file\":\"/b\"},{\"pos\":3,\"inode\":3,"
                        + "\"extra\":[1,2],\"file\":\"/c\"},{\"inode\":4,\"pos\":");
        assertEquals(List.of(new Entry(1, 5, "/a"), new Entry(3, 3, "/c")), PositionFile.read(f));
    }

    @Test
    void aMissingOrEmptyFileHasNoEntries() throws Exception {
        assertEquals(List.of(), PositionFile.read(dir.resolve("none.json")));
        assertEquals(List.of(), PositionFile.read(Files.writeString(dir.resolve("empty.json"), "")));
    }
}

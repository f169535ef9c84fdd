package io.sluice.sources.local.taildir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's taildir position file, unchanged so users can pre-seed it and move between Flume and
 * Sluice (spec §4.11): one JSON array of {@code {"inode":N,"pos":N,"file":"/abs/path"}}, where
 * {@code pos} is the committed byte offset (the start of the next unread line).
 *
 * <p>Unlike Flume, which truncates and rewrites it in place (a crash then leaves it empty and every
 * file is read again), it is written to a temporary file in the same directory, fsynced, renamed
 * over the old one and the directory fsynced. Reading keeps the entries before a syntax error and
 * skips an entry that lacks a field (Flume refuses to start), each with a log line. Stateless.
 */
final class PositionFile {
    private static final Logger LOG = LoggerFactory.getLogger(PositionFile.class);
    private static final JsonFactory JSON = new JsonFactory();

    /** One tracked file. */
    record Entry(long inode, long pos, String file) {
    }

    private PositionFile() {
    }

    /** The entries of {@code path}; none when it does not exist. */
    static List<Entry> read(Path path) throws IOException {
        List<Entry> out = new ArrayList<>();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            LOG.info("Taildir position file {} does not exist yet; files start per skipToEnd", path);
            return out;
        }
        if (bytes.length == 0) {
            return out;
        }
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("taildir position file " + path + " is not a JSON array");
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                Long inode = null;
                Long pos = null;
                String file = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    switch (field) {
                        case "inode" -> inode = p.getValueAsLong();
                        case "pos" -> pos = p.getValueAsLong();
                        case "file" -> file = p.getValueAsString();
                        default -> p.skipChildren();
                    }
                }
                if (inode == null || pos == null || file == null || pos < 0) {
                    LOG.warn("Taildir position file {}: entry inode={} pos={} file={} is incomplete and ignored; "
                            + "that file starts per skipToEnd", path, inode, pos, file);
                } else {
                    out.add(new Entry(inode, pos, file));
                }
            }
        } catch (JsonProcessingException e) {
            LOG.error("Taildir position file {} is malformed after {} entries ({}); the files of the entries after it "
                    + "start per skipToEnd", path, out.size(), e.getOriginalMessage());
        }
        return out;
    }

    /** Replaces {@code path} atomically with {@code entries}. */
    static void write(Path path, List<Entry> entries) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + path.getFileName() + ".tmp");
        // A FileOutputStream, not a FileChannel: the polling thread may be interrupted (stop), which would close a channel.
        try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
                g.writeStartArray();
                for (Entry e : entries) {
                    g.writeStartObject();
                    g.writeNumberField("inode", e.inode());
                    g.writeNumberField("pos", e.pos());
                    g.writeStringField("file", e.file());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            out.getFD().sync();
        }
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a directory; the rename is then as durable as they make it.
        }
    }
}

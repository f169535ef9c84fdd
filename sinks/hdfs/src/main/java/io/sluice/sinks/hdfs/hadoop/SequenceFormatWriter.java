package io.sluice.sinks.hdfs.hadoop;

import io.sluice.api.Event;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.hdfs.client.HdfsDataOutputStream;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodec;

/**
 * {@code SequenceFile}, as Flume writes it: key {@code LongWritable} = the event's {@code timestamp}
 * header (the agent's clock when it is missing or not a number; Flume fails the batch on the latter),
 * value the body as {@code BytesWritable} (writeFormat Writable) or {@code Text}; headers are not
 * stored. With a codec, BLOCK compression. A flush ends the block (sync marker) and hflushes.
 */
final class SequenceFormatWriter implements FormatWriter {
    private final FSDataOutputStream file;
    private final SequenceFile.Writer writer;
    private final LongWritable key = new LongWritable();
    private final BytesWritable bytes;
    private final Text text;
    private long flushedLength;

    SequenceFormatWriter(FSDataOutputStream file, boolean textValues, CompressionCodec codec, Configuration conf)
            throws IOException {
        this.file = file;
        this.text = textValues ? new Text() : null;
        this.bytes = textValues ? null : new BytesWritable();
        SequenceFile.Writer.Option compression = codec == null
                ? SequenceFile.Writer.compression(SequenceFile.CompressionType.NONE)
                : SequenceFile.Writer.compression(SequenceFile.CompressionType.BLOCK, codec);
        this.writer = SequenceFile.createWriter(conf, SequenceFile.Writer.stream(file),
                SequenceFile.Writer.keyClass(LongWritable.class),
                SequenceFile.Writer.valueClass(textValues ? Text.class : BytesWritable.class), compression);
    }

    @Override
    public void append(Event event) throws IOException {
        key.set(timestamp(event));
        byte[] body = event.body();
        if (text != null) {
            text.set(body);
            writer.append(key, text);
        } else {
            bytes.set(body, 0, body.length);
            writer.append(key, bytes);
        }
    }

    private static long timestamp(Event event) {
        String header = event.header("timestamp");
        if (header != null) {
            try {
                return Long.parseLong(header.trim());
            } catch (NumberFormatException ignored) {
                // The agent's clock, as for a missing header.
            }
        }
        return System.currentTimeMillis();
    }

    @Override
    public void flush() throws IOException {
        writer.sync();
        writer.hflush();
        flushedLength = file.getPos();
    }

    @Override
    public long flushedLength() {
        return flushedLength;
    }

    @Override
    public int currentReplication() throws IOException {
        return file instanceof HdfsDataOutputStream h ? h.getCurrentBlockReplication() : -1;
    }

    @Override
    public void close() throws IOException {
        try {
            writer.close();
            file.hflush();
            flushedLength = file.getPos();
        } finally {
            file.close();
        }
    }

    @Override
    public void abort() {
        try {
            file.close();
        } catch (IOException | RuntimeException | FSError ignored) {
            // Given up: the caller finalizes what reached the file and redelivers the batch.
        }
    }
}

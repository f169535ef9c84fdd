package io.sluice.sinks.hdfs.hadoop;

import io.sluice.api.Event;
import io.sluice.serializers.EventSerializer;
import io.sluice.serializers.SerializerFormat;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.hdfs.client.HdfsDataOutputStream;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionOutputStream;
import org.apache.hadoop.io.compress.Compressor;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code DataStream} and {@code CompressedStream}: the serializer's bytes, straight or through a
 * codec's stream. The serializer writes into a buffer in front of the stream, so an event costs no
 * call into Hadoop; a flush empties it, finishes the compressed member (gzip, bzip2, ... files are
 * therefore a concatenation of members, one per batch, as Flume writes them) and hflushes.
 */
final class StreamFormatWriter implements FormatWriter {
    private static final int BUFFER_BYTES = 256 * 1024;

    private final FSDataOutputStream file;
    private final CompressionOutputStream compressed;
    private final Compressor compressor;
    private final Buffer buffer;
    private final EventSerializer serializer;
    private boolean memberFinished;
    private long flushedLength;

    /** {@code codec} null: DataStream. */
    StreamFormatWriter(FSDataOutputStream file, SerializerFormat format, CompressionCodec codec, Configuration conf)
            throws IOException {
        this.file = file;
        if (codec != null) {
            this.compressor = CodecPool.getCompressor(codec, conf);
            this.compressed = codec.createOutputStream(file, compressor);
        } else {
            this.compressor = null;
            this.compressed = null;
        }
        OutputStream target = compressed != null ? compressed : file;
        this.buffer = new Buffer(target);
        this.serializer = format.open(buffer);
        serializer.afterCreate();
    }

    @Override
    public void append(Event event) throws IOException {
        if (memberFinished) {
            compressed.resetState();
            memberFinished = false;
        }
        serializer.write(event);
    }

    @Override
    public void flush() throws IOException {
        serializer.flush();
        buffer.flush();
        if (compressed != null && !memberFinished) {
            compressed.finish();
            memberFinished = true;
        }
        file.hflush();
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
            serializer.beforeClose();
            if (buffer.hasPending()) {
                if (memberFinished) {
                    compressed.resetState();
                    memberFinished = false;
                }
                buffer.flush();
            }
            if (compressed != null && !memberFinished) {
                compressed.finish();
            }
            file.hflush();
            flushedLength = file.getPos();
        } finally {
            try {
                file.close();
            } finally {
                release();
            }
        }
    }

    @Override
    public void abort() {
        try {
            file.close();
        } catch (IOException | RuntimeException | FSError ignored) {
            // Given up: the caller finalizes what reached the file and redelivers the batch.
        } finally {
            release();
        }
    }

    /** A buffer that says whether it holds bytes, so closing after a flush starts no empty member. */
    private static final class Buffer extends BufferedOutputStream {
        Buffer(OutputStream out) {
            super(out, BUFFER_BYTES);
        }

        boolean hasPending() {
            return count > 0;
        }
    }

    private void release() {
        if (compressor != null) {
            CodecPool.returnCompressor(compressor);
        }
    }
}

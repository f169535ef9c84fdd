package io.sluice.sources.net.netcatudp;

import io.sluice.api.Event;
import java.util.List;

/**
 * The events of one read loop's datagrams, passed from {@link DatagramEventDecoder} to
 * {@link DatagramCommitHandler}; the decoder reads nothing more until it is told the batch is done.
 */
record DatagramBatch(List<Event> events, DatagramEventDecoder decoder) {
}

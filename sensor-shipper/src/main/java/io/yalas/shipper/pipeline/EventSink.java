package io.yalas.shipper.pipeline;

import io.yalas.schemas.SyscallEvent;

/** Where the pipeline's output events go: Kafka (with spool), a text printer, a test list. */
public interface EventSink extends AutoCloseable {
    /** Takes one event; the sink assigns {@code seq}. Called by the pipeline thread only. */
    void accept(SyscallEvent event);

    /** Called when the pipeline is idle or ends: push buffered work out. */
    default void flush() {
    }

    @Override
    default void close() {
    }
}

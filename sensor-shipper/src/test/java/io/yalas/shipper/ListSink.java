package io.yalas.shipper;

import io.yalas.schemas.SyscallEvent;
import io.yalas.shipper.pipeline.EventSink;

import java.util.ArrayList;
import java.util.List;

/** Collects the pipeline's output, numbering it like the real delivery. */
public final class ListSink implements EventSink {
    public final List<SyscallEvent> events = new ArrayList<>();

    @Override
    public void accept(SyscallEvent event) {
        event.setSeq(events.size());
        events.add(event);
    }
}

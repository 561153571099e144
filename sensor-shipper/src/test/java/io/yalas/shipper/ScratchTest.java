package io.yalas.shipper;

import io.yalas.shipper.pipeline.Filter;
import io.yalas.shipper.pipeline.TextEventSink;
import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void print() throws Exception {
        Captures.run(Captures.path("families.bin"), new TextEventSink(System.out), 0, Filter.none());
        System.out.println(Captures.run(Captures.path("busy.bin"), new TextEventSink(System.out), 1_000_000_000L, Filter.none()).emitted);
    }
}

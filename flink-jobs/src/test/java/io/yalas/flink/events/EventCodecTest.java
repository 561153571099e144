package io.yalas.flink.events;

import io.yalas.flink.TestEvents;
import io.yalas.schemas.SyscallEvent;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class EventCodecTest {
    final EventCodec codec = new EventCodec();

    @Test
    void anEventRoundTripsAndCarriesItsRoutingFields() {
        List<SyscallEvent> request = new TestEvents("web-1").request(42, "/usr/sbin/httpd", "/var/www/index.html");
        for (SyscallEvent e : request) {
            SyscallEvent tagged = SyscallEvent.newBuilder(e).setRunId("run-7").build();
            EncodedEvent encoded = codec.encode(tagged);
            assertEquals(EventMapping.processId(tagged), encoded.processId());
            assertEquals("web-1", encoded.host());
            assertEquals("run-7", encoded.runId());
            assertEquals(tagged.getEventTime().toEpochMilli(), encoded.eventTimeMillis());
            assertEquals(tagged, codec.decode(encoded));
        }
    }

    /** A generic (Kryo) type would serialize every shuffled event far more slowly and without schema evolution. */
    @Test
    void flinkSerializesEncodedEventsAsAPojo() {
        assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(EncodedEvent.class));
    }
}

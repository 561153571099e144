package io.yalas.flink.events;

import io.yalas.schemas.SyscallEvent;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Encodes events into {@link EncodedEvent}s and back, always in the job's own schema, so the scorer needs
 * no registry. Reuses its buffers: one per task, not thread-safe.
 */
public final class EventCodec {
    private final SpecificDatumWriter<SyscallEvent> writer = new SpecificDatumWriter<>(SyscallEvent.class);
    private final SpecificDatumReader<SyscallEvent> reader = new SpecificDatumReader<>(SyscallEvent.class);
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;

    public EncodedEvent encode(SyscallEvent e) {
        buffer.reset();
        encoder = EncoderFactory.get().directBinaryEncoder(buffer, encoder);
        try {
            writer.write(e, encoder);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return new EncodedEvent(EventMapping.processId(e), e.getHost(), e.getRunId(), e.getEventTime().toEpochMilli(), buffer.toByteArray());
    }

    public SyscallEvent decode(EncodedEvent e) {
        decoder = DecoderFactory.get().binaryDecoder(e.avro(), decoder);
        try {
            return reader.read(null, decoder);
        } catch (IOException ex) {
            throw new UncheckedIOException("an encoded event does not decode as SyscallEvent", ex);
        }
    }
}

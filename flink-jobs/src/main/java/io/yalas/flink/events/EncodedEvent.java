package io.yalas.flink.events;

/**
 * An event on its way from the Kafka source to the process it belongs to: the Avro body in the job's own
 * {@code SyscallEvent} schema, plus the few fields that routing, run selection and event time need.
 * The keyed shuffle then moves bytes instead of encoding and decoding every field of every event again;
 * only the scorer decodes, once.
 *
 * @param processId       {@link EventMapping#processId} of the event's process: the key of the detect job
 * @param host            the host that saw the event: watermarks are kept per host
 * @param runId           the recording run, null for live events
 * @param eventTimeMillis kernel event time
 * @param avro            Avro binary body written with {@code SyscallEvent.SCHEMA$} (no wire header)
 */
public record EncodedEvent(long processId, String host, String runId, long eventTimeMillis, byte[] avro) {
}

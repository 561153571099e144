package io.yalas.shipper.spool;

/** One spooled Kafka record: the event's sequence number, key and value (Confluent wire bytes). */
public record SpoolRecord(long seq, byte[] key, byte[] value) {
    /** Bytes the record takes in a segment before compression. */
    public int encodedSize() {
        return 8 + 4 + key.length + 4 + value.length;
    }
}

package io.yalas.schemas.wire;

import java.nio.ByteBuffer;

/**
 * The Confluent wire format: magic byte 0, a 4-byte big-endian schema id, then the Avro binary body.
 * Kept separate from serialization so both directions agree on one definition.
 */
public final class WireFormat {
    public static final byte MAGIC = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    public static void writeHeader(ByteBuffer out, int schemaId) {
        out.put(MAGIC).putInt(schemaId);
    }

    /** Returns the schema id and leaves {@code in} positioned at the Avro body. */
    public static int readHeader(ByteBuffer in) {
        if (in.remaining() < HEADER_SIZE) {
            throw new WireFormatException("record of " + in.remaining() + " bytes is shorter than the 5-byte Confluent header");
        }
        byte magic = in.get();
        if (magic != MAGIC) {
            throw new WireFormatException("unknown magic byte " + magic + " (expected 0): not Confluent wire format");
        }
        return in.getInt();
    }
}

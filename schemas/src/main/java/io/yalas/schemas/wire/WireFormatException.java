package io.yalas.schemas.wire;

/** A record that is not valid Confluent wire format, or whose body does not match its schema. */
public class WireFormatException extends RuntimeException {
    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

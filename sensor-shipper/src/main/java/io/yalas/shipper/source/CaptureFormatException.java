package io.yalas.shipper.source;

import java.io.IOException;

/** A capture file that is not a YALAS capture at all (bad header): nothing can be delivered. */
public final class CaptureFormatException extends IOException {
    public CaptureFormatException(String message) {
        super(message);
    }
}

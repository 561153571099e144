package io.yalas.shipper.config;

/** A configuration error; the message names the file, line and key. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}

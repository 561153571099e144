package io.yalas.modelstore;

/** A request the store refuses; {@code status} is the HTTP status the API answers with. */
public final class ModelStoreException extends RuntimeException {
    private final int status;

    public ModelStoreException(int status, String message) {
        super(message);
        this.status = status;
    }

    public ModelStoreException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static ModelStoreException notFound(String what) {
        return new ModelStoreException(404, what + " not found");
    }
}

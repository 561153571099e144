package io.yalas.model.alphabet;

/** Which alphabet (and which version of it) produced a model's symbols; models only compare within one. */
public record AlphabetRef(String id, int version) {
    public AlphabetRef {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("alphabet id is required");
        }
    }
}

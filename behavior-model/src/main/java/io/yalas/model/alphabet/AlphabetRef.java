package io.yalas.model.alphabet;

/**
 * Which alphabet (and which version of it) produced a model's symbols; models only compare within one.
 *
 * @param configuration the classifier configuration a scorer needs to rebuild the alphabet (the
 *                      {@link AlphabetConfig} text of an {@link EventAlphabet}); null when the id alone is
 *                      enough (integer alphabets)
 */
public record AlphabetRef(String id, int version, String configuration) {
    public AlphabetRef {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("alphabet id is required");
        }
    }

    /** An alphabet whose id says everything (no configuration to carry). */
    public AlphabetRef(String id, int version) {
        this(id, version, null);
    }
}

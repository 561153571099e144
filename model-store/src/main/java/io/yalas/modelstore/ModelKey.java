package io.yalas.modelstore;

/**
 * One version of one profile's model; {@code profile@version} on the command line and as the Kafka key.
 * Each version has its own key so the compacted topic keeps the whole history, while a state change
 * (promote, retire) replaces only that version's record.
 */
public record ModelKey(String profile, long version) {
    public ModelKey {
        if (profile == null || profile.isEmpty()) {
            throw new IllegalArgumentException("model profile must not be empty");
        }
        if (version < 1) {
            throw new IllegalArgumentException("model version must be >= 1, got " + version);
        }
    }

    /** Parses {@code profile@version}; the profile may itself contain '@' (the last one separates). */
    public static ModelKey parse(String text) {
        int at = text.lastIndexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            throw new IllegalArgumentException("expected PROFILE@VERSION, got '" + text + "'");
        }
        try {
            return new ModelKey(text.substring(0, at), Long.parseLong(text.substring(at + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("version in '" + text + "' is not a number", e);
        }
    }

    @Override
    public String toString() {
        return profile + "@" + version;
    }
}

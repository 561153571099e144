package io.yalas.model.alphabet;

/**
 * Maps events to the integer symbols the model learns. Symbols are >= 0; a model records the
 * {@link #ref()} of the alphabet it was learned with and is only meaningful with the same one.
 */
public sealed interface Alphabet permits IntegerAlphabet, EventAlphabet {
    /** Identity and version of this alphabet, including its configuration. */
    AlphabetRef ref();

    /** The symbol of one event. */
    int encode(TokenInput event);

    /** A short readable form of a symbol, for explanations and diffs. */
    String describe(int symbol);
}

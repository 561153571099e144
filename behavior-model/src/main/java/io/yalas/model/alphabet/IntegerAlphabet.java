package io.yalas.model.alphabet;

/**
 * The identity alphabet over system-call numbers (ADFA-LD traces, or any source that only has numbers).
 * It goes through exactly the same model code as the event alphabet.
 */
public record IntegerAlphabet(AlphabetRef ref) implements Alphabet {
    /** i386 system-call numbers as in ADFA-LD. */
    public static final IntegerAlphabet SYSCALL_NUMBERS = new IntegerAlphabet(new AlphabetRef("syscall-number", 1));

    @Override
    public int encode(TokenInput event) {
        if (event.syscallNr() < 0) {
            throw new IllegalArgumentException("event has no syscall number: " + event.syscall());
        }
        return event.syscallNr();
    }

    @Override
    public String describe(int symbol) {
        return "#" + symbol;
    }
}

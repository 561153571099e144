package io.yalas.model.alphabet;

import io.yalas.model.alphabet.OutcomeClassifier.Outcome;
import io.yalas.model.alphabet.PathClassifier.PathClass;
import io.yalas.model.alphabet.SocketClassifier.SocketClass;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The YALAS event alphabet: an event becomes (operation, object class, outcome class), in the spirit of
 * the original three-letter symbols such as {@code AQH}.
 *
 * <p>Symbol layout: {@code operation * 1024 + object * 32 + outcome}, where object is 0 for no object,
 * 1..7 for the path classes and 8.. for the socket classes. {@link #describe} gives the three-letter
 * form: operation letter, object letter, outcome letter, e.g. {@code ABa} = OPEN, SYSTEM_CONFIG, OK.
 *
 * <p>Version 1. Changing the operation table, the enums or the layout needs a new version; changing
 * classifier rules changes the {@link #ref()} id (it carries a fingerprint of the configuration), so a
 * model is never scored with symbols it was not learned with. The ref also carries the configuration
 * itself ({@link AlphabetConfig#format}), so a scorer rebuilds the model's alphabet from the model alone
 * ({@link #of(AlphabetRef)}): a custom configuration given to {@code yalas learn} needs no repeating at
 * detection.
 */
public record EventAlphabet(PathClassifier paths, SocketClassifier sockets, OutcomeClassifier outcomes)
        implements Alphabet, Serializable {
    private static final long serialVersionUID = 1L;
    public static final int VERSION = 1;
    public static final EventAlphabet DEFAULT = new EventAlphabet(PathClassifier.DEFAULT, SocketClassifier.DEFAULT,
            OutcomeClassifier.DEFAULT);

    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int SOCKET_BASE = PathClass.values().length - 1;

    /**
     * The id carries a CRC-32 of the classifier configuration written out as text (enum names, not their
     * identity hash codes), so it is the same in every JVM and changes whenever a rule does.
     */
    @Override
    public AlphabetRef ref() {
        StringBuilder config = new StringBuilder();
        paths.rules().forEach(r -> config.append(r.prefix()).append('=').append(r.pathClass().name()).append(';'));
        config.append("ports=").append(sockets.wellKnownMax()).append(',').append(sockets.ephemeralMin());
        config.append(";sizes=").append(outcomes.smallMax()).append(',').append(outcomes.mediumMax());
        CRC32 crc = new CRC32();
        crc.update(config.toString().getBytes(StandardCharsets.UTF_8));
        return new AlphabetRef(String.format("yalas-event-%08x", crc.getValue()), VERSION, AlphabetConfig.format(this));
    }

    /**
     * The event alphabet a model was learned with, rebuilt from its ref. A ref without a configuration is
     * from a model written before refs carried one; those could only use the default configuration.
     *
     * @throws IllegalArgumentException when the ref is not an event alphabet of this version, or its
     *                                  configuration does not produce its id (a corrupt or hand-edited model)
     */
    public static EventAlphabet of(AlphabetRef ref) {
        if (!ref.id().startsWith("yalas-event-") || ref.version() != VERSION) {
            throw new IllegalArgumentException("not a version " + VERSION + " event alphabet: " + ref.id() + " v" + ref.version());
        }
        if (ref.configuration() == null) {
            if (ref.id().equals(DEFAULT.ref().id())) {
                return DEFAULT;
            }
            throw new IllegalArgumentException("alphabet " + ref.id() + " has a custom configuration the model does not carry");
        }
        EventAlphabet alphabet = AlphabetConfig.parse(ref.id(), ref.configuration().lines().toList());
        if (!alphabet.ref().id().equals(ref.id())) {
            throw new IllegalArgumentException("alphabet " + ref.id() + ": its stored configuration has fingerprint "
                    + alphabet.ref().id() + " (corrupt or edited model)");
        }
        return alphabet;
    }

    @Override
    public int encode(TokenInput e) {
        Operation op = Operation.of(e.syscall(), e.family());
        int object = objectCode(e);
        Outcome outcome = outcomes.classify(e.syscall(), e.ret(), e.error(), e.bytes());
        return op.ordinal() * 1024 + object * 32 + outcome.ordinal();
    }

    private int objectCode(TokenInput e) {
        SocketClass sc = sockets.classify(e.sockFamily(), e.sockAddr(), e.sockPort());
        if (sc != SocketClass.NONE) {
            return SOCKET_BASE + sc.ordinal();
        }
        return paths.classify(e.path()).ordinal();
    }

    /** Three letters: operation, object, outcome (lower-case letters for the outcome). */
    public String letters(int symbol) {
        return "" + LETTERS.charAt(symbol / 1024) + LETTERS.charAt(symbol / 32 % 32) + LETTERS.charAt(26 + symbol % 32);
    }

    @Override
    public String describe(int symbol) {
        Operation op = Operation.values()[symbol / 1024];
        int object = symbol / 32 % 32;
        String objectName = object <= SOCKET_BASE ? PathClass.values()[object].name()
                : SocketClass.values()[object - SOCKET_BASE].name();
        return letters(symbol) + "(" + op + "/" + objectName + "/" + Outcome.values()[symbol % 32] + ")";
    }
}

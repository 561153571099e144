package io.yalas.model.alphabet;

import java.io.Serializable;

/**
 * Classifies socket endpoints: family, loopback versus remote, and the port range. Ports at or below
 * {@code wellKnownMax} are services; at or above {@code ephemeralMin} they are client-side ephemeral
 * ports (Linux default 32768); in between, registered services.
 */
public record SocketClassifier(int wellKnownMax, int ephemeralMin) implements Serializable {
    private static final long serialVersionUID = 1L;


    /** Object classes of sockets; the ordinal is part of the symbol, so only append. */
    public enum SocketClass {
        NONE, UNIX, NETLINK, OTHER_FAMILY,
        LOOPBACK_WELL_KNOWN, LOOPBACK_REGISTERED, LOOPBACK_EPHEMERAL,
        REMOTE_WELL_KNOWN, REMOTE_REGISTERED, REMOTE_EPHEMERAL, INET_NO_ADDRESS
    }

    public static final SocketClassifier DEFAULT = new SocketClassifier(1023, 32768);

    public SocketClassifier {
        if (wellKnownMax < 0 || ephemeralMin <= wellKnownMax || ephemeralMin > 65536) {
            throw new IllegalArgumentException("need 0 <= wellKnownMax < ephemeralMin <= 65536");
        }
    }

    public SocketClass classify(String family, String addr, Integer port) {
        if (family == null || family.isEmpty()) {
            return SocketClass.NONE;
        }
        switch (family) {
            case "AF_UNIX", "AF_LOCAL":
                return SocketClass.UNIX;
            case "AF_NETLINK":
                return SocketClass.NETLINK;
            case "AF_INET", "AF_INET6":
                break;
            default:
                return SocketClass.OTHER_FAMILY;
        }
        if (addr == null || addr.isEmpty() || port == null) {
            return SocketClass.INET_NO_ADDRESS;
        }
        boolean loopback = isLoopback(addr);
        int range = port <= wellKnownMax ? 0 : port >= ephemeralMin ? 2 : 1;
        SocketClass base = loopback ? SocketClass.LOOPBACK_WELL_KNOWN : SocketClass.REMOTE_WELL_KNOWN;
        return SocketClass.values()[base.ordinal() + range];
    }

    private static boolean isLoopback(String addr) {
        return addr.startsWith("127.") || addr.equals("::1") || addr.startsWith("::ffff:127.") || addr.equals("localhost");
    }
}

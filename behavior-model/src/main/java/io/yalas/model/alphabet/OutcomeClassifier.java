package io.yalas.model.alphabet;

import java.io.Serializable;
import java.util.Set;

/**
 * Classifies how a call ended: the errors that mean something for behaviour (not found, denied, would
 * block, interrupted) and, for successful transfers, the size bucket. Bucket bounds are configuration.
 *
 * @param smallMax  a transfer of at most this many bytes is SMALL
 * @param mediumMax at most this many is MEDIUM; more is LARGE
 */
public record OutcomeClassifier(long smallMax, long mediumMax) implements Serializable {
    private static final long serialVersionUID = 1L;


    /** Outcome classes; the ordinal is part of the symbol, so only append. */
    public enum Outcome { OK, ZERO_BYTES, SMALL, MEDIUM, LARGE, NOT_FOUND, DENIED, AGAIN, INTERRUPTED, ERROR }

    public static final OutcomeClassifier DEFAULT = new OutcomeClassifier(512, 65536);

    private static final Set<String> TRANSFERS = Set.of("read", "pread64", "readv", "preadv", "preadv2", "write",
            "pwrite64", "writev", "pwritev", "pwritev2", "sendto", "sendmsg", "sendmmsg", "recvfrom", "recvmsg",
            "recvmmsg", "sendfile", "splice", "copy_file_range");

    public OutcomeClassifier {
        if (smallMax < 0 || mediumMax <= smallMax) {
            throw new IllegalArgumentException("need 0 <= smallMax < mediumMax");
        }
    }

    public Outcome classify(String syscall, long ret, String error, long bytes) {
        if (ret < 0 || error != null) {
            if (error == null) {
                return Outcome.ERROR;
            }
            return switch (error) {
                case "ENOENT", "ENOTDIR" -> Outcome.NOT_FOUND;
                case "EACCES", "EPERM" -> Outcome.DENIED;
                case "EAGAIN", "EWOULDBLOCK", "EINPROGRESS" -> Outcome.AGAIN;
                case "EINTR", "ERESTARTSYS" -> Outcome.INTERRUPTED;
                default -> Outcome.ERROR;
            };
        }
        if (syscall == null || !TRANSFERS.contains(syscall)) {
            return Outcome.OK;
        }
        long n = Math.max(bytes, ret);
        return n == 0 ? Outcome.ZERO_BYTES : n <= smallMax ? Outcome.SMALL : n <= mediumMax ? Outcome.MEDIUM : Outcome.LARGE;
    }
}

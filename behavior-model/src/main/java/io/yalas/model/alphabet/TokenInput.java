package io.yalas.model.alphabet;

/**
 * The parts of one event that the alphabet looks at; the Flink jobs map an Avro SyscallEvent onto it
 * field by field. Nullable fields are null when the event has no such argument.
 *
 * @param syscall    syscall or tracepoint name, e.g. "openat"
 * @param syscallNr  syscall number, -1 for tracepoints (the only field {@link IntegerAlphabet} reads)
 * @param family     coarse family as the sensor classified it (SyscallEvent.family: FILE, NETWORK, ...)
 * @param path       file path argument, or the path the fd refers to
 * @param sockFamily AF_INET, AF_INET6, AF_UNIX, ...
 * @param sockAddr   peer or bound address
 * @param sockPort   peer or bound port
 * @param ret        return value
 * @param error      errno name when ret is negative, e.g. "EACCES"
 * @param bytes      bytes transferred
 */
public record TokenInput(String syscall, int syscallNr, String family, String path, String sockFamily,
                         String sockAddr, Integer sockPort, long ret, String error, long bytes) {

    /** An event that only has a syscall number (integer traces such as ADFA-LD). */
    public static TokenInput ofNumber(int syscallNr) {
        return new TokenInput(null, syscallNr, null, null, null, null, null, 0, null, 0);
    }
}

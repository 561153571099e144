package io.yalas.flink.rules;

/**
 * Per-process memory of the rules (a Flink POJO kept in the process's state): the counts that make a
 * spray a spray, and what has already been reported so each rule fires once per process.
 */
public class RuleCounters {
    /** Writable and executable mappings or protection changes. */
    public int rwxMappings;
    /** msgsnd/keyctl/add_key calls: the heap-spray primitives of kernel exploits. */
    public int sprayCalls;
    /** Datagrams sent to port 53, and their payload bytes. */
    public int dnsDatagrams;
    public long dnsBytes;
    /** Effective uid seen on the previous event, -1 before the first. */
    public int lastEuid = -1;
    /** File descriptors 0..2 that were replaced by a socket (bit i = fd i). */
    public int stdioOnSocket;
    /** Bit per rule that already fired: bit i for RuleEngine.RULES.get(i). */
    public int fired;

    public RuleCounters() {
    }
}

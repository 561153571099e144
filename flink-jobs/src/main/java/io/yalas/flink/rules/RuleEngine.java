package io.yalas.flink.rules;

import io.yalas.schemas.Severity;
import io.yalas.schemas.SyscallEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Rules for the classic attack steps, evaluated on every event next to the behaviour model: they need
 * no learning, and they name what happened in the words an analyst uses. Each fires at most once per
 * process (a debugger attaching once is one story, not a flood). Field meanings follow SyscallEvent's
 * documentation: {@code mode} carries mmap/mprotect protection, {@code flags} the flags argument,
 * {@code target_pid} the process acted on, {@code fd} the descriptor argument or result.
 */
public final class RuleEngine {
    /** The rules' names, reported as detector {@code rule:<name>} and named in rule exceptions. */
    public static final String DEBUGGER = "debugger";
    public static final String PRIVILEGE_ESCALATION = "privilege-escalation";
    public static final String CREDENTIAL_ACCESS = "credential-access";
    public static final String SYSTEM_FILE_WRITE = "system-file-write";
    public static final String KERNEL_MODULE_LOAD = "kernel-module-load";
    public static final String MEMORY_SPRAY = "memory-spray";
    public static final String EXPLOIT_STAGING = "exploit-staging";
    public static final String KERNEL_HEAP_SPRAY = "kernel-heap-spray";
    public static final String DNS_EXFILTRATION = "dns-exfiltration";
    public static final String REVERSE_SHELL = "reverse-shell";
    public static final List<String> RULES = List.of(DEBUGGER, PRIVILEGE_ESCALATION, CREDENTIAL_ACCESS, SYSTEM_FILE_WRITE, KERNEL_MODULE_LOAD, MEMORY_SPRAY, EXPLOIT_STAGING, KERNEL_HEAP_SPRAY, DNS_EXFILTRATION, REVERSE_SHELL);

    static final int PROT_WRITE = 0x2;
    static final int PROT_EXEC = 0x4;
    static final long CLONE_NEWUSER = 0x10000000L;
    static final long O_ACCMODE = 0x3;
    static final long O_CREAT = 0x40;
    static final long O_TRUNC = 0x200;

    /** Enough writable+executable mappings in one process to be a spray, not a JIT warming up. */
    static final int RWX_SPRAY = 32;
    static final int KERNEL_SPRAY = 256;
    /**
     * DNS tunnelling: encoded data makes query names long, so many large datagrams to port 53 from one
     * process; a resolver's ordinary lookups are short. Without size, only sheer volume counts.
     */
    static final int DNS_TUNNEL_DATAGRAMS = 24;
    static final int DNS_TUNNEL_MEAN_BYTES = 64;
    static final int DNS_FLOOD_DATAGRAMS = 256;

    private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "zsh", "ksh", "busybox", "ash", "fish");
    private static final List<String> PERSISTENCE_PATHS = List.of("/etc/cron", "/var/spool/cron", "/etc/systemd/system",
            "/etc/init.d", "/etc/rc.local", "/etc/ld.so.preload", "/etc/profile.d", "/etc/sudoers", "/root/.ssh",
            "/etc/passwd", "/etc/shadow", "/etc/pam.d", "/lib/systemd/system", "/usr/lib/systemd/system");
    private static final List<String> CREDENTIAL_PATHS = List.of("/etc/shadow", "/etc/gshadow", "/etc/sudoers",
            "/root/.ssh/id_", "/etc/ssh/ssh_host_");

    private RuleEngine() {
    }

    /** Updates {@code counters} with {@code e} and returns the rules it completes (usually none). */
    public static List<RuleHit> check(SyscallEvent e, RuleCounters counters) {
        List<RuleHit> hits = new ArrayList<>(0);
        String syscall = e.getSyscall();
        boolean ok = e.getRet() >= 0;
        int pid = e.getPid();

        if (ok && (syscall.equals("ptrace") || syscall.startsWith("process_vm_"))
                && e.getTargetPid() != null && e.getTargetPid() != pid) {
            fire(hits, counters, new RuleHit(DEBUGGER, Severity.HIGH,
                    "pid " + pid + " (" + e.getComm() + ") used " + syscall + " on pid " + e.getTargetPid()
                            + ": debugger-like access to another process's memory", List.of("T1055.008")));
        }
        if (counters.lastEuid > 0 && e.getEuid() == 0) {
            fire(hits, counters, new RuleHit(PRIVILEGE_ESCALATION, Severity.HIGH,
                    "pid " + pid + " (" + e.getComm() + ") became root: effective uid " + counters.lastEuid + " -> 0 at "
                            + syscall, List.of("T1548.001", "T1068")));
        }
        counters.lastEuid = e.getEuid();
        if (isOpen(syscall) && e.getPath() != null && startsWithAny(e.getPath(), CREDENTIAL_PATHS)) {
            // A denied attempt matters too: a compromised service account probing for credentials.
            fire(hits, counters, new RuleHit(CREDENTIAL_ACCESS, ok ? Severity.HIGH : Severity.MEDIUM,
                    e.getComm() + (ok ? " opened " : " tried to open ") + e.getPath() + (ok ? "" : " (" + e.getError() + ")"),
                    List.of("T1003.008")));
        }
        if (ok && writesFile(e) && e.getPath() != null && startsWithAny(e.getPath(), PERSISTENCE_PATHS)) {
            fire(hits, counters, new RuleHit(SYSTEM_FILE_WRITE, Severity.HIGH,
                    e.getComm() + " wrote " + e.getPath() + " (" + syscall + ")", List.of("T1053.003", "T1543.002", "T1574.006")));
        }
        if (syscall.equals("init_module") || syscall.equals("finit_module")) {
            fire(hits, counters, new RuleHit(KERNEL_MODULE_LOAD, Severity.CRITICAL,
                    e.getComm() + " loaded a kernel module (" + syscall + ", " + (ok ? "succeeded" : "failed: " + e.getError()) + ")",
                    List.of("T1547.006")));
        }
        if ((syscall.equals("mmap") || syscall.equals("mprotect") || syscall.equals("pkey_mprotect")) && e.getMode() != null
                && (e.getMode() & (PROT_WRITE | PROT_EXEC)) == (PROT_WRITE | PROT_EXEC)) {
            counters.rwxMappings += e.getCount();
            if (counters.rwxMappings >= RWX_SPRAY) {
                fire(hits, counters, new RuleHit(MEMORY_SPRAY, Severity.HIGH,
                        e.getComm() + " made " + counters.rwxMappings + " writable+executable mappings", List.of("T1055", "T1203")));
            }
        }
        if (syscall.equals("userfaultfd") || (syscall.equals("unshare") && e.getFlags() != null && (e.getFlags() & CLONE_NEWUSER) != 0)) {
            fire(hits, counters, new RuleHit(EXPLOIT_STAGING, Severity.HIGH,
                    e.getComm() + " called " + syscall + (syscall.equals("unshare") ? "(CLONE_NEWUSER)" : "")
                            + ", a common kernel-exploit primitive", List.of("T1068")));
        }
        if (syscall.equals("msgsnd") || syscall.equals("keyctl") || syscall.equals("add_key")) {
            counters.sprayCalls += e.getCount();
            if (counters.sprayCalls >= KERNEL_SPRAY) {
                fire(hits, counters, new RuleHit(KERNEL_HEAP_SPRAY, Severity.HIGH,
                        e.getComm() + " made " + counters.sprayCalls + " msgsnd/keyctl calls: kernel heap spraying", List.of("T1068")));
            }
        }
        if (isSend(syscall) && ok && e.getSockPort() != null && e.getSockPort() == 53) {
            counters.dnsDatagrams += e.getCount();
            counters.dnsBytes += e.getBytes();
            long mean = counters.dnsBytes / counters.dnsDatagrams;
            if ((counters.dnsDatagrams >= DNS_TUNNEL_DATAGRAMS && mean >= DNS_TUNNEL_MEAN_BYTES)
                    || counters.dnsDatagrams >= DNS_FLOOD_DATAGRAMS) {
                fire(hits, counters, new RuleHit(DNS_EXFILTRATION, Severity.HIGH,
                        e.getComm() + " sent " + counters.dnsDatagrams + " datagrams (" + mean + " bytes on average) to port 53 of "
                                + e.getSockAddr() + ": data smuggled in DNS queries", List.of("T1048.003", "T1071.004")));
            }
        }
        if (ok && (syscall.equals("dup2") || syscall.equals("dup3")) && e.getSockFamily() != null
                && e.getRet() >= 0 && e.getRet() <= 2) {
            counters.stdioOnSocket |= 1 << e.getRet();
        }
        if (syscall.equals("sched_process_exec") || syscall.equals("execve")) {
            if (counters.stdioOnSocket != 0 && isShell(e)) {
                fire(hits, counters, new RuleHit(REVERSE_SHELL, Severity.CRITICAL,
                        e.getComm() + " runs a shell with its standard streams on a network socket", List.of("T1059.004")));
            }
        }
        return hits;
    }

    private static void fire(List<RuleHit> hits, RuleCounters counters, RuleHit hit) {
        int bit = 1 << RULES.indexOf(hit.rule());
        if ((counters.fired & bit) == 0) {
            counters.fired |= bit;
            hits.add(hit);
        }
    }

    private static boolean isOpen(String s) {
        return s.equals("open") || s.equals("openat") || s.equals("openat2") || s.equals("creat");
    }

    private static boolean isSend(String s) {
        return s.equals("sendto") || s.equals("sendmsg") || s.equals("sendmmsg");
    }

    /** Opens for writing, or any call that changes a file's content or name. */
    private static boolean writesFile(SyscallEvent e) {
        String s = e.getSyscall();
        if (isOpen(s)) {
            long flags = e.getFlags() == null ? 0 : e.getFlags();
            return s.equals("creat") || (flags & O_ACCMODE) != 0 || (flags & (O_CREAT | O_TRUNC)) != 0;
        }
        return s.startsWith("write") || s.startsWith("pwrite") || s.startsWith("rename") || s.startsWith("link")
                || s.startsWith("symlink") || s.startsWith("unlink") || s.equals("truncate") || s.startsWith("chmod")
                || s.startsWith("fchmod") || s.startsWith("chown") || s.startsWith("fchown");
    }

    private static boolean isShell(SyscallEvent e) {
        String exe = e.getExe() != null ? e.getExe() : e.getPath() != null ? e.getPath() : e.getComm();
        String base = exe.substring(exe.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return SHELLS.contains(base);
    }

    private static boolean startsWithAny(String path, List<String> prefixes) {
        for (String p : prefixes) {
            if (path.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}

package io.yalas.modelstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yalas.schemas.BehaviorModel;
import io.yalas.schemas.SyscallCount;
import io.yalas.shipper.abi.Syscalls;

import java.util.List;
import java.util.TreeSet;

/**
 * A learned model as an OCI / Kubernetes seccomp profile. The sensor watches only its own syscall set
 * ({@link Syscalls}), so the model knows nothing about the others (futex, brk, epoll_wait, ...): a profile
 * that refused everything unseen would stop any real program. The profile therefore allows by default,
 * refuses with EPERM the watched syscalls the model never saw (ptrace, init_module, setuid, ... when the
 * test suite never used them), and lists the learned ones in an explicit allow rule. "Watched" is what
 * the sensor really watched while the model was learned ({@link WatchedSyscalls}: the syscall masks in the
 * HostStats of the model's hosts over its training time; a capture made with {@code yalas-capture -m}
 * watched only its list), or, when that is unknown, the module's whole set, its default. Tracepoint
 * pseudo-events (sched_process_*, tty_*) are not syscalls and are left out.
 */
public final class SeccompExport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SeccompExport() {
    }

    public static List<String> allowedSyscalls(BehaviorModel model) {
        TreeSet<String> names = new TreeSet<>();
        for (SyscallCount s : model.getSyscalls()) {
            if (isSyscallName(s.getName())) {
                names.add(s.getName());
            }
        }
        return List.copyOf(names);
    }

    /** Syscalls of the sensor's whole table the model never saw (the watched set when nothing else is known). */
    public static List<String> refusedSyscalls(BehaviorModel model) {
        return refusedSyscalls(model, WatchedSyscalls.assumeAll("not looked up"));
    }

    /** Syscalls the sensor watched while the model was learned ({@code watched}) and the model never saw. */
    public static List<String> refusedSyscalls(BehaviorModel model, WatchedSyscalls watched) {
        TreeSet<String> refused = new TreeSet<>();
        watched.names().stream().filter(SeccompExport::isSyscallName).forEach(refused::add);
        refused.removeAll(allowedSyscalls(model));
        return List.copyOf(refused);
    }

    private static boolean isSyscallName(String name) {
        return name.matches("[a-z0-9_]+") && !name.startsWith("sched_process_") && !name.startsWith("tty_");
    }

    /** The profile, refusing the unseen syscalls of the sensor's whole table (no HostStats looked up). */
    public static String toJson(BehaviorModel model) {
        return toJson(model, WatchedSyscalls.assumeAll("not looked up"));
    }

    /** The profile, refusing the syscalls in {@code watched} the model never saw; default action ALLOW. */
    public static String toJson(BehaviorModel model, WatchedSyscalls watched) {
        List<String> allowed = allowedSyscalls(model);
        if (allowed.isEmpty()) {
            throw new ModelStoreException(422, "model " + model.getProfile() + "@" + model.getModelVersion()
                    + " records no syscall names (learned before syscall lists were kept): nothing to export");
        }
        String learned = "profile " + model.getProfile() + " version " + model.getModelVersion();
        ObjectNode profile = JSON.createObjectNode();
        profile.put("defaultAction", "SCMP_ACT_ALLOW");
        profile.putArray("architectures").add("SCMP_ARCH_X86_64").add("SCMP_ARCH_X86").add("SCMP_ARCH_X32");
        ArrayNode rules = profile.putArray("syscalls");
        rule(rules, allowed, "SCMP_ACT_ALLOW", "used while YALAS learned " + learned);
        List<String> refused = refusedSyscalls(model, watched);
        if (!refused.isEmpty()) { // a mask of only learned syscalls leaves nothing to refuse: no rule without names
            ObjectNode refuse = rule(rules, refused, "SCMP_ACT_ERRNO",
                    "watched by the YALAS sensor while it learned " + learned + ", never used; watched: " + watched.source());
            refuse.put("errnoRet", 1);
        }
        try {
            return JSON.writeValueAsString(profile);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode rule(ArrayNode rules, List<String> syscalls, String action, String comment) {
        ObjectNode rule = rules.addObject();
        ArrayNode names = rule.putArray("names");
        syscalls.forEach(names::add);
        rule.put("action", action);
        rule.put("comment", comment);
        return rule;
    }
}

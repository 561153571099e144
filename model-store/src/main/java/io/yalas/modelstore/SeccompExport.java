package io.yalas.modelstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yalas.schemas.BehaviorModel;
import io.yalas.schemas.SyscallCount;

import java.util.List;
import java.util.TreeSet;

/**
 * A learned model as an OCI / Kubernetes seccomp profile: allow exactly the syscalls the model saw,
 * refuse the rest with EPERM. Tracepoint pseudo-events (sched_process_*, tty_*) are not syscalls and
 * are left out.
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

    private static boolean isSyscallName(String name) {
        return name.matches("[a-z0-9_]+") && !name.startsWith("sched_process_") && !name.startsWith("tty_");
    }

    public static String toJson(BehaviorModel model) {
        List<String> allowed = allowedSyscalls(model);
        if (allowed.isEmpty()) {
            throw new ModelStoreException(422, "model " + model.getProfile() + "@" + model.getModelVersion()
                    + " records no syscall names (learned before syscall lists were kept): nothing to export");
        }
        ObjectNode profile = JSON.createObjectNode();
        profile.put("defaultAction", "SCMP_ACT_ERRNO");
        profile.put("defaultErrnoRet", 1);
        profile.putArray("architectures").add("SCMP_ARCH_X86_64").add("SCMP_ARCH_X86").add("SCMP_ARCH_X32");
        ArrayNode rules = profile.putArray("syscalls");
        ObjectNode allow = rules.addObject();
        ArrayNode names = allow.putArray("names");
        allowed.forEach(names::add);
        allow.put("action", "SCMP_ACT_ALLOW");
        allow.put("comment", "learned by YALAS: profile " + model.getProfile() + " version " + model.getModelVersion());
        try {
            return JSON.writeValueAsString(profile);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

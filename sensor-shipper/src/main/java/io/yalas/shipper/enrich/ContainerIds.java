package io.yalas.shipper.enrich;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Container id from a /proc/PID/cgroup file: the 64-hex id the runtimes put in the cgroup path
 * (docker: /docker/ID or docker-ID.scope; containerd: cri-containerd-ID.scope; cri-o: crio-ID.scope;
 * podman: libpod-ID.scope; kubepods: .../ID). Null for host processes.
 */
public final class ContainerIds {
    private static final Pattern ID = Pattern.compile(
            "(?:^|[/-])(?:docker-|cri-containerd-|crio-|libpod-)?([0-9a-f]{64})(?:\\.scope)?(?:/|$)");

    private ContainerIds() {
    }

    public static String fromCgroupFile(String content) {
        for (String line : content.split("\n")) {
            int c = line.lastIndexOf(':');
            if (c < 0) {
                continue;
            }
            String path = line.substring(c + 1).trim();
            String id = null;
            Matcher m = ID.matcher(path);
            while (m.find()) {
                id = m.group(1); // the innermost id wins (nested cgroups)
            }
            if (id != null) {
                return id;
            }
        }
        return null;
    }
}

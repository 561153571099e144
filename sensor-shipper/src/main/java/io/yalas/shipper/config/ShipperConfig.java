package io.yalas.shipper.config;

import io.yalas.schemas.wire.RegistryConnection;
import io.yalas.shipper.pipeline.Filter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every setting of the shipper with its default. Filled from a config file ({@link ConfigParser}, format
 * in packaging/shipper.conf.example) and then from command-line flags, which win.
 */
public final class ShipperConfig {
    public String host;                       // default: the capture's / this machine's host name
    public String runId;
    public String bootstrapServers = "127.0.0.1:9092";
    public String schemaRegistry = "http://127.0.0.1:8081";
    /**
     * The registry's TLS and bearer settings ("schema_registry.ssl.truststore.location = ...",
     * "schema_registry.bearer.auth.client.id = ..." in the file), unprefixed.
     */
    public Map<String, String> schemaRegistrySettings = new TreeMap<>();
    public String eventsTopic = io.yalas.schemas.Topics.EVENTS;
    public String statsTopic = io.yalas.schemas.Topics.STATS;
    public Path spoolDir = Path.of("/var/lib/yalas/spool");
    public long spoolMaxBytes = 1L << 30;
    public long spoolSegmentBytes = 16L << 20;
    public long spoolFsyncIntervalMs = 1000;
    public long maxInflightBytes = 32L << 20;
    public long stallMs = 2000;
    /** Clean shutdown: how long to wait for Kafka before leaving the rest in the spool. */
    public long shutdownTimeoutMs = 30_000;
    public long coalesceWindowMs = 1000;
    public int coalesceMaxOpen = 65536;
    /** Runs are keyed by thread (the definition) unless this is set: then by process. */
    public boolean coalesceByProcess;
    public int reorderCapacity = 65536;
    public long reorderWindowMs = 500;
    public long statsIntervalMs = 10_000;
    public int maxProcesses = 65536;
    public int maxFds = 262144;
    public String metricsListen = "127.0.0.1:9464";   // "off" disables the endpoint
    public Path device = Path.of("/dev/yalas");
    public List<String> systemPaths = new ArrayList<>(List.of("/etc/", "/bin/", "/sbin/", "/usr/", "/lib/",
            "/lib64/", "/boot/", "/root/", "/var/spool/cron/", "/proc/sys/", "/sys/"));
    public Set<String> includeSyscalls = new LinkedHashSet<>();
    public Set<String> excludeSyscalls = new LinkedHashSet<>();
    public List<String> includePaths = new ArrayList<>();
    public List<String> excludePaths = new ArrayList<>();
    public Set<String> includeProcesses = new LinkedHashSet<>();
    public Set<String> excludeProcesses = new LinkedHashSet<>();
    public List<String> includeContainers = new ArrayList<>();
    public List<String> excludeContainers = new ArrayList<>();
    /**
     * Known cgroup id -> container id. A capture replayed away from its host has no /proc to read container
     * ids from; recordings that know their cgroups (the scenario corpus manifest) hand them over here.
     */
    public Map<Long, String> containersByCgroup = new TreeMap<>();
    /** Extra producer properties ("kafka.linger.ms = 5" in the file). */
    public Map<String, String> kafka = new TreeMap<>();

    /** @throws IllegalArgumentException for a malformed URL or registry settings that do not fit together */
    public RegistryConnection registry() {
        return new RegistryConnection(schemaRegistry, new TreeMap<>(schemaRegistrySettings));
    }

    public Filter filter() {
        return new Filter(Set.copyOf(includeSyscalls), Set.copyOf(excludeSyscalls), List.copyOf(includePaths),
                List.copyOf(excludePaths), Set.copyOf(includeProcesses), Set.copyOf(excludeProcesses),
                List.copyOf(includeContainers), List.copyOf(excludeContainers));
    }
}

package io.yalas.shipper.config;

import io.yalas.schemas.wire.RegistryConnection;
import io.yalas.shipper.pipeline.Filter;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Reads the shipper's config file: one {@code key = value} per line, {@code #} starts a comment line,
 * blank lines are ignored, lists are comma separated, sizes take k/m/g suffixes (powers of 1024),
 * durations ms/s/m suffixes. Unknown keys, duplicate keys and bad values are errors naming the line.
 */
public final class ConfigParser {
    private static final String REGISTRY_PREFIX = "schema_registry.";

    private ConfigParser() {
    }

    public static ShipperConfig parse(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        return parse(file.toString(), lines, new ShipperConfig());
    }

    public static ShipperConfig parse(String name, List<String> lines, ShipperConfig c) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = name + ":" + (i + 1);
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(where + ": expected 'key = value', got '" + line + "'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (!seen.add(key)) {
                throw new ConfigException(where + ": key '" + key + "' set twice");
            }
            try {
                set(c, key, value);
            } catch (ConfigException e) {
                throw new ConfigException(where + ": key '" + key + "': " + e.getMessage());
            }
        }
        return c;
    }

    /**
     * A producer setting checked the way the Kafka client will check it, so that a misspelt SASL key fails here,
     * by name, rather than as a connection that never authenticates.
     */
    private static String producerSetting(String name, String value) {
        if (name.equals(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new ConfigException("set the brokers with bootstrap_servers");
        }
        if (name.equals(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG) || name.equals(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG)) {
            throw new ConfigException("the shipper writes the Confluent wire format itself; its serializers are not configurable");
        }
        ConfigDef.ConfigKey definition = ProducerConfig.configDef().configKeys().get(name);
        if (definition == null) {
            throw new ConfigException("'" + name + "' is not a Kafka producer setting");
        }
        try {
            Object parsed = ConfigDef.parseType(name, value, definition.type);
            if (definition.validator != null) {
                definition.validator.ensureValid(name, parsed);
            }
        } catch (org.apache.kafka.common.config.ConfigException e) {
            throw new ConfigException(e.getMessage());
        }
        return value;
    }

    private static void set(ShipperConfig c, String key, String v) {
        if (key.startsWith("kafka.") && key.length() > 6) {
            c.kafka.put(key.substring(6), producerSetting(key.substring(6), v));
            return;
        }
        if (key.startsWith(REGISTRY_PREFIX)) {
            String setting = key.substring(REGISTRY_PREFIX.length());
            if (!RegistryConnection.SETTINGS.contains(setting)) {
                throw new ConfigException("'" + key + "' is not a schema registry setting; accepted are "
                        + String.join(", ", RegistryConnection.SETTINGS.stream().map(REGISTRY_PREFIX::concat).sorted().toList()));
            }
            c.schemaRegistrySettings.put(setting, nonEmpty(v));
            return;
        }
        switch (key) {
            case "host": c.host = nonEmpty(v); break;
            case "run_id": c.runId = nonEmpty(v); break;
            case "bootstrap_servers": c.bootstrapServers = nonEmpty(v); break;
            case "schema_registry": c.schemaRegistry = nonEmpty(v); break;
            case "topic.events": c.eventsTopic = nonEmpty(v); break;
            case "topic.stats": c.statsTopic = nonEmpty(v); break;
            case "device": c.device = Path.of(nonEmpty(v)); break;
            case "spool.dir": c.spoolDir = Path.of(nonEmpty(v)); break;
            case "spool.max_bytes": c.spoolMaxBytes = size(v); break;
            case "spool.segment_bytes": c.spoolSegmentBytes = size(v); break;
            case "spool.fsync_interval": c.spoolFsyncIntervalMs = duration(v); break;
            case "delivery.max_inflight_bytes": c.maxInflightBytes = size(v); break;
            case "delivery.stall_timeout": c.stallMs = duration(v); break;
            case "delivery.shutdown_timeout": c.shutdownTimeoutMs = duration(v); break;
            case "coalesce.window": c.coalesceWindowMs = duration(v); break;
            case "coalesce.max_open": c.coalesceMaxOpen = (int) positive(v); break;
            case "coalesce.by": c.coalesceByProcess = by(v); break;
            case "reorder.capacity": c.reorderCapacity = (int) positive(v); break;
            case "reorder.window": c.reorderWindowMs = duration(v); break;
            case "stats.interval": c.statsIntervalMs = duration(v); break;
            case "tables.max_processes": c.maxProcesses = (int) positive(v); break;
            case "tables.max_fds": c.maxFds = (int) positive(v); break;
            case "metrics.listen": c.metricsListen = listen(v); break;
            case "security.system_paths": c.systemPaths = paths(v); break;
            case "filter.include.syscalls": syscalls(v, c.includeSyscalls); break;
            case "filter.exclude.syscalls": syscalls(v, c.excludeSyscalls); break;
            case "filter.include.paths": c.includePaths = paths(v); break;
            case "filter.exclude.paths": c.excludePaths = paths(v); break;
            case "filter.include.processes": c.includeProcesses.addAll(list(v)); break;
            case "filter.exclude.processes": c.excludeProcesses.addAll(list(v)); break;
            case "filter.include.containers": c.includeContainers = list(v); break;
            case "filter.exclude.containers": c.excludeContainers = list(v); break;
            default:
                throw new ConfigException("unknown key");
        }
    }

    private static boolean by(String v) {
        if (v.equals("thread") || v.equals("process")) {
            return v.equals("process");
        }
        throw new ConfigException("expected thread or process, got '" + v + "'");
    }

    private static String nonEmpty(String v) {
        if (v.isEmpty()) {
            throw new ConfigException("empty value");
        }
        return v;
    }

    static List<String> list(String v) {
        List<String> out = new ArrayList<>();
        for (String s : v.split(",")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    private static List<String> paths(String v) {
        List<String> out = list(v);
        for (String p : out) {
            if (!p.startsWith("/")) {
                throw new ConfigException("'" + p + "' is not an absolute path");
            }
        }
        return out;
    }

    private static void syscalls(String v, Collection<String> into) {
        for (String s : list(v)) {
            if (!Filter.knownSyscall(s)) {
                throw new ConfigException("unknown syscall '" + s + "'");
            }
            into.add(s);
        }
    }

    private static long positive(String v) {
        try {
            long n = Long.parseLong(v);
            if (n <= 0) {
                throw new ConfigException("must be > 0, got " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException("not a number: '" + v + "'");
        }
    }

    /** 512, 64k, 16m, 1g (powers of 1024). */
    public static long size(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        long mult = 1;
        char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            mult = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            s = s.substring(0, s.length() - 1);
        }
        return positive(s) * mult;
    }

    /** 250ms, 10s, 2m; a bare number is milliseconds. 0 is allowed (e.g. no coalescing). */
    public static long duration(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        long mult = 1;
        if (s.endsWith("ms")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("s")) {
            mult = 1000;
            s = s.substring(0, s.length() - 1);
        } else if (s.endsWith("m")) {
            mult = 60_000;
            s = s.substring(0, s.length() - 1);
        }
        try {
            long n = Long.parseLong(s.strip());
            if (n < 0) {
                throw new ConfigException("negative duration " + v);
            }
            return n * mult;
        } catch (NumberFormatException e) {
            throw new ConfigException("not a duration: '" + v + "' (use e.g. 250ms, 10s, 2m)");
        }
    }

    private static String listen(String v) {
        if (v.equals("off")) {
            return v;
        }
        int colon = v.lastIndexOf(':');
        if (colon <= 0) {
            throw new ConfigException("expected HOST:PORT or off, got '" + v + "'");
        }
        long port = positive(v.substring(colon + 1));
        if (port > 65535) {
            throw new ConfigException("port out of range: " + port);
        }
        return v;
    }
}

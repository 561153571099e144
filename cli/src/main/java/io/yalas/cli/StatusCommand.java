package io.yalas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yalas.modelstore.ModelStore;
import io.yalas.schemas.Alert;
import io.yalas.schemas.BehaviorModel;
import io.yalas.schemas.HostStats;
import io.yalas.schemas.ModelState;
import io.yalas.schemas.Severity;
import io.yalas.schemas.TopicReader;
import io.yalas.schemas.Topics;
import io.yalas.schemas.wire.AvroDeserializer;
import io.yalas.schemas.wire.HttpSchemaRegistryClient;
import io.yalas.stack.YalasStack;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows the health of a YALAS deployment: each sensor host, the models, the rule exceptions, the alerts.",
                "Hosts come from their shippers' stats reports: last report, events lost in the kernel or the shipper, spool.",
                "With --flink it also lists that cluster's jobs."})
public final class StatusCommand implements Callable<Integer> {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Shippers report every 10 s by default: a host without a report for this long has stopped shipping. */
    static final Duration SILENT_AFTER = Duration.ofMinutes(2);
    private static final Duration RECENT_ALERTS = Duration.ofHours(24);

    @Mixin
    StackOptions stackOptions;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** One sensor host as its stats reports describe it. */
    record HostHealth(String host, Instant lastReport, long eventsOut, long kernelDrops, long shipperDrops, long spoolBytes) {
        String verdict(Instant now) {
            if (Duration.between(lastReport, now).compareTo(SILENT_AFTER) > 0) {
                return "SILENT";
            }
            return kernelDrops + shipperDrops > 0 ? "LOSING EVENTS" : "OK";
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Instant now = Instant.now();
        // An embedded Flink started for this command would have no jobs to show; a --flink cluster is still listed.
        try (YalasStack stack = YalasStack.start(stackOptions.toTopicsConfig(spec.commandLine(), Path.of("data", "demo")))) {
            Topics.ensure(stack.kafka(), TIMEOUT);
            HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(stack.schemaRegistry());
            out.println("kafka " + stack.bootstrapServers() + ", schema registry " + stack.schemaRegistry());
            printHosts(out, hosts(read(stack, Topics.STATS, false, new AvroDeserializer<>(registry, HostStats.getClassSchema()))), now);
            try (ModelStore store = ModelStore.open(stack.kafka(), stack.schemaRegistry())) {
                printModels(out, store);
            }
            RuleExceptionsTopic.State exceptions = new RuleExceptionsTopic(stack.kafka(), stack.schemaRegistry()).read();
            out.println("rule exceptions: " + exceptions.inForce().map(ExceptionsCommand::describe).orElse("none set"));
            printAlerts(out, read(stack, Topics.ALERTS, true, new AvroDeserializer<>(registry, Alert.getClassSchema())), now);
            if (stack.flinkIsExternal()) {
                printJobs(out, stack.flink().orElseThrow().webUrl());
            }
        }
        out.flush();
        return 0;
    }

    /** The records of {@code topic} that decode; status reports on what it can read rather than failing on one bad record. */
    private static <T> List<T> read(YalasStack stack, String topic, boolean committed, AvroDeserializer<T> deserializer) {
        List<T> records = new ArrayList<>();
        // Unreadable records are not counted here: the jobs and `yalas alerts` report them.
        for (byte[] value : TopicReader.values(stack.kafka(), topic, committed, TIMEOUT)) {
            deserializer.readable(value).ifPresent(records::add);
        }
        return records;
    }

    static List<HostHealth> hosts(List<HostStats> reports) {
        Map<String, HostHealth> byHost = new TreeMap<>();
        for (HostStats s : reports) {
            long kernel = s.getKernelDrops().values().stream().mapToLong(Long::longValue).sum();
            long shipper = s.getShipperDrops().values().stream().mapToLong(Long::longValue).sum();
            byHost.merge(s.getHost(), new HostHealth(s.getHost(), s.getIntervalEnd(), s.getEventsOut(), kernel, shipper, s.getSpoolBytes()),
                    (a, b) -> {
                        HostHealth latest = b.lastReport().isAfter(a.lastReport()) ? b : a;
                        return new HostHealth(a.host(), latest.lastReport(), a.eventsOut() + b.eventsOut(),
                                a.kernelDrops() + b.kernelDrops(), a.shipperDrops() + b.shipperDrops(), latest.spoolBytes());
                    });
        }
        return List.copyOf(byHost.values());
    }

    private static void printHosts(PrintWriter out, List<HostHealth> hosts, Instant now) {
        if (hosts.isEmpty()) {
            out.println("hosts: none has reported (no shipper has published stats)");
            return;
        }
        out.println("hosts:");
        for (HostHealth h : hosts) {
            out.println(String.format(Locale.ROOT, "  %-24s %-13s last report %s; %,d events shipped, lost %,d in the kernel and %,d in the shipper; spool %,d bytes",
                    h.host(), h.verdict(now), h.lastReport(), h.eventsOut(), h.kernelDrops(), h.shipperDrops(), h.spoolBytes()));
        }
    }

    private static void printModels(PrintWriter out, ModelStore store) {
        int enforcing = 0;
        int learning = 0;
        int notReady = 0;
        for (String profile : store.profiles()) {
            List<BehaviorModel> versions = store.versions(profile);
            if (versions.stream().anyMatch(m -> m.getState() == ModelState.ENFORCING)) {
                enforcing++;
                notReady += versions.stream().anyMatch(m -> m.getState() == ModelState.ENFORCING && !m.getCompleteness().getReady()) ? 1 : 0;
            } else if (versions.stream().anyMatch(m -> m.getState() == ModelState.LEARNING)) {
                learning++;
            }
        }
        out.println(String.format(Locale.ROOT, "models: %d profiles, %d enforcing (%d of them not ready by their own completeness), %d only learning",
                store.profiles().size(), enforcing, notReady, learning));
    }

    private static void printAlerts(PrintWriter out, List<Alert> alerts, Instant now) {
        Map<Severity, Integer> recent = new EnumMap<>(Severity.class);
        Instant since = now.minus(RECENT_ALERTS);
        alerts.stream().filter(a -> !a.getDetectedTime().isBefore(since)).forEach(a -> recent.merge(a.getSeverity(), 1, Integer::sum));
        StringBuilder bySeverity = new StringBuilder();
        for (Severity s : Severity.values()) {
            if (recent.containsKey(s)) {
                bySeverity.append(bySeverity.isEmpty() ? "" : ", ").append(recent.get(s)).append(' ').append(s);
            }
        }
        out.println(String.format(Locale.ROOT, "alerts: %,d in all, %s in the last 24 h", alerts.size(),
                bySeverity.isEmpty() ? "none" : bySeverity.toString()));
    }

    private static void printJobs(PrintWriter out, String webUrl) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(webUrl + "/jobs/overview"))
                .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            out.println("flink " + webUrl + ": jobs overview answered HTTP " + r.statusCode());
            return;
        }
        JsonNode jobs = new ObjectMapper().readTree(r.body()).path("jobs");
        out.println("flink " + webUrl + ": " + jobs.size() + " job(s)");
        for (JsonNode job : jobs) {
            out.println("  " + job.path("name").asText() + " " + job.path("state").asText() + " since "
                    + Instant.ofEpochMilli(job.path("start-time").asLong()));
        }
    }
}

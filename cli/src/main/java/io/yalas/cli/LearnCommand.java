package io.yalas.cli;

import io.yalas.flink.YalasJobs;
import io.yalas.flink.kafka.KafkaIo;
import io.yalas.flink.learn.LearnJob;
import io.yalas.flink.learn.LearnSettings;
import io.yalas.model.alphabet.AlphabetConfig;
import io.yalas.modelstore.ModelStore;
import io.yalas.modelstore.ModelViews;
import io.yalas.modelstore.WatchedSyscalls;
import io.yalas.schemas.BehaviorModel;
import io.yalas.schemas.Topics;
import io.yalas.schemas.wire.HttpSchemaRegistryClient;
import io.yalas.shipper.CaptureReplay;
import io.yalas.shipper.ShipperReport;
import io.yalas.shipper.config.ShipperConfig;
import io.yalas.stack.YalasStack;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "learn", mixinStandardHelpOptions = true,
        description = {"Learns one behaviour model per profile from a learning run's events (Flink learn job).",
                "The models are stored in state LEARNING; promote them with 'yalas models promote'.",
                "The run is chosen by run id and/or event-time range among the events in yalas.events, or is a capture file",
                "recorded while the test suite ran (replayed through the shipper into yalas.events first)."})
public final class LearnCommand implements Callable<Integer> {
    @Mixin
    StackOptions stackOptions;

    @Option(names = "--run-id", paramLabel = "ID",
            description = "Learn only from events of this run (with --capture: the run id the capture's events get).")
    String runId;

    @Option(names = "--from", paramLabel = "TIME", description = "Only events at or after this event time (ISO-8601, e.g. 2026-11-21T09:00:00Z).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Only events before this event time (ISO-8601).")
    String to;

    @Option(names = "--capture", paramLabel = "FILE", description = "A capture file (yalas-capture, plain or LZ4) to learn from.")
    Path capture;

    @Option(names = "--container", paramLabel = "CGROUP_ID=CONTAINER",
            description = "With --capture: the container behind a cgroup id, for captures replayed away from their host (repeatable).")
    Map<Long, String> containers = new TreeMap<>();

    @Option(names = "--test-suite", paramLabel = "NAME", description = "Name of the test suite that drove the application, kept as provenance.")
    String testSuite;

    @Option(names = "--window", paramLabel = "EVENTS", description = "Scoring window in events (default: the library's).")
    Integer window;

    @Option(names = "--alphabet", paramLabel = "FILE",
            description = {"Event alphabet configuration: path classes, port ranges, transfer size buckets (format in the",
                    "behavior-model README). The models carry it, so detection uses it without being told."})
    Path alphabet;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        LearnSettings settings = LearnSettings.defaults(testSuite);
        if (window != null) {
            if (window < 1) {
                throw bad("--window must be >= 1");
            }
            settings = settings.withWindow(window);
        }
        if (alphabet != null) {
            try {
                settings = settings.withAlphabet(AlphabetConfig.read(alphabet));
            } catch (IllegalArgumentException e) {
                throw bad("--alphabet " + e.getMessage());
            }
        }
        Instant fromTime = instant("--from", from);
        Instant toTime = instant("--to", to);
        if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
            throw bad("--from (" + from + ") must be before --to (" + to + ")");
        }
        if (capture != null && !Files.isReadable(capture)) {
            throw bad("--capture " + capture + ": no such readable file");
        }
        if (!containers.isEmpty() && capture == null) {
            throw bad("--container only applies to --capture");
        }
        String run = capture != null && runId == null ? "capture-" + capture.getFileName() + "-" + Long.toString(System.currentTimeMillis(), 36) : runId;
        try (YalasStack stack = YalasStack.start(stackOptions.toConfig(spec.commandLine(), Path.of("data", "demo")))) {
            if (capture != null) {
                ShipperReport shipped = replay(stack, capture, run, containers);
                out.printf(Locale.ROOT, "%s: %,d kernel records -> %,d events in run %s%n", capture, shipped.records(), shipped.events(), run);
                out.flush();
            }
            List<BehaviorModel> stored = learn(stack, selection(run, fromTime, toTime), settings);
            if (stored.isEmpty()) {
                out.println("no events" + (run == null ? "" : " of run " + run) + (fromTime == null && toTime == null ? "" : " in the time range")
                        + " in the events topic: nothing learned");
                out.flush();
                return 1;
            }
            stored.forEach(m -> out.println(ModelViews.line(m)));
            out.flush();
        }
        return 0;
    }

    static LearnJob.SerializablePredicate selection(String runId, Instant from, Instant to) {
        LearnJob.SerializablePredicate include = runId == null ? LearnJob.SerializablePredicate.all() : LearnJob.SerializablePredicate.runId(runId);
        return from == null && to == null ? include : include.and(LearnJob.SerializablePredicate.eventTime(from, to));
    }

    /** Ships the capture through the real shipper pipeline into the events topic, every event tagged {@code runId}. */
    static ShipperReport replay(YalasStack stack, Path capture, String runId, Map<Long, String> containers) throws Exception {
        ShipperConfig cfg = new ShipperConfig();
        cfg.bootstrapServers = stack.bootstrapServers();
        cfg.kafka.putAll(stack.kafka().settings());
        cfg.schemaRegistry = stack.schemaRegistry().url();
        cfg.schemaRegistrySettings.putAll(stack.schemaRegistry().settings());
        cfg.spoolDir = stack.dataDir().resolve("spool").resolve(runId.replace('/', '_'));
        cfg.runId = runId;
        cfg.metricsListen = "off";
        cfg.containersByCgroup.putAll(containers);
        return CaptureReplay.replay(capture, cfg, new HttpSchemaRegistryClient(stack.schemaRegistry()), false);
    }

    /** Runs the learn job on the stack's Flink and stores what it learned; returns the stored versions. */
    static List<BehaviorModel> learn(YalasStack stack, LearnJob.SerializablePredicate include, LearnSettings settings) throws Exception {
        StreamExecutionEnvironment env = JobEnvironment.of(stack, "learn");
        List<BehaviorModel> learned = new ArrayList<>();
        YalasJobs.learn(env, new KafkaIo(stack.kafka(), stack.schemaRegistry()), include, settings)
                .executeAndCollect("yalas-learn").forEachRemaining(learned::add);
        List<BehaviorModel> stored = new ArrayList<>();
        try (ModelStore store = ModelStore.open(stack.kafka(), stack.schemaRegistry())) {
            // What the sensor watched is known now, from the stats the learning run published: keep it with the model.
            List<WatchedSyscalls> watched = store.watchedWhileLearning(learned, Topics.STATS);
            for (int i = 0; i < learned.size(); i++) {
                stored.add(store.add(WatchedSyscalls.recordedIn(learned.get(i), watched.get(i))));
            }
        }
        return stored;
    }

    private Instant instant(String option, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw bad(option + " " + value + ": not an ISO-8601 instant such as 2026-11-21T09:00:00Z");
        }
    }

    private CommandLine.ParameterException bad(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}

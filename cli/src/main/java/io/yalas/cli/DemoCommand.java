package io.yalas.cli;

import io.yalas.cli.demo.CorpusRun;
import io.yalas.cli.demo.DemoScore;
import io.yalas.cli.demo.TopicSize;
import io.yalas.flink.detect.DetectSettings;
import io.yalas.flink.learn.LearnSettings;
import io.yalas.modelstore.ModelKey;
import io.yalas.modelstore.ModelStore;
import io.yalas.schemas.Alert;
import io.yalas.schemas.BehaviorModel;
import io.yalas.schemas.TopicReader;
import io.yalas.schemas.Topics;
import io.yalas.schemas.wire.AvroDeserializer;
import io.yalas.schemas.wire.HttpSchemaRegistryClient;
import io.yalas.shipper.ShipperReport;
import io.yalas.stack.HealthCheck;
import io.yalas.stack.YalasStack;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The main job, end to end on real recorded data: the scenario corpus is replayed through the shipper
 * into Kafka, the learn job builds each profile's model from the learning runs, the models are promoted,
 * and the detect job scores the production and attack runs; the labels then say what was caught.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs YALAS end to end on the recorded scenario corpus, on the embedded stack.",
                "Replay (shipper) -> learn (Flink) -> promote -> detect (Flink) -> alerts, graded against the attack labels.",
                "The last line of output is a JSON summary. The topics stay in the data directory for later queries."})
public final class DemoCommand implements Callable<Integer> {
    @Mixin
    StackOptions stackOptions;

    @Option(names = "--corpus", paramLabel = "DIR", description = "Scenario corpus (default: scenarios/corpus of this checkout).")
    Path corpus;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        long started = System.nanoTime();
        Path corpusDir = corpus != null ? corpus : Path.of(System.getProperty("yalas.home", ".")).resolve("scenarios").resolve("corpus");
        List<CorpusRun> runs = CorpusRun.load(corpusDir);
        // Fresh run ids each time: the data directory keeps earlier demos' topics, and this run must not mix with them.
        String prefix = "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Map<String, String> runIds = new LinkedHashMap<>();
        runs.forEach(r -> runIds.put(r.run(), prefix + "/" + r.run()));

        step(1, "starting the embedded stack (Kafka KRaft, schema registry, Flink MiniCluster)");
        try (YalasStack stack = YalasStack.start(stackOptions.toConfig(spec.commandLine(), Path.of("data", "demo")))) {
            HealthCheck.run(stack);
            say("stack up: kafka " + stack.bootstrapServers() + ", registry " + stack.schemaRegistry() + ", flink "
                    + stack.flink().map(f -> f.webUrl()).orElse("(none)") + "; data in " + stack.dataDir());

            step(2, "replaying the learning runs through the shipper (decode, enrich, filter, coalesce, publish)");
            Totals totals = new Totals();
            long topicBefore = TopicSize.bytes(stack.kafka(), Topics.EVENTS);
            for (CorpusRun run : runs) {
                if (run.isLearn()) {
                    replay(stack, run, runIds.get(run.run()), totals);
                }
            }

            step(3, "learning behaviour models (Flink learn job) and promoting them");
            int models = 0;
            for (CorpusRun run : runs) {
                if (!run.isLearn()) {
                    continue;
                }
                List<BehaviorModel> learned = LearnCommand.learn(stack, LearnCommand.selection(runIds.get(run.run()), null, null),
                        LearnSettings.defaults(run.service() + " scripted test suite (" + run.run() + ")"));
                try (ModelStore store = ModelStore.open(stack.kafka(), stack.schemaRegistry())) {
                    for (BehaviorModel m : learned) {
                        store.promote(new ModelKey(m.getProfile(), m.getModelVersion()));
                        models++;
                        say(String.format(Locale.ROOT, "model %-24s v%d  %,7d events from %d processes, unseen mass %.4f (%s)",
                                shortProfile(m.getProfile(), run), m.getModelVersion(), m.getProvenance().getSymbols(),
                                m.getProvenance().getProcesses(), m.getCompleteness().getUnseenMass(),
                                m.getCompleteness().getReady() ? "ready to enforce" : "not yet complete"));
                    }
                }
            }

            step(4, "replaying the production and attack runs");
            for (CorpusRun run : runs) {
                if (!run.isLearn()) {
                    replay(stack, run, runIds.get(run.run()), totals);
                }
            }

            totals.topicBytes = TopicSize.bytes(stack.kafka(), Topics.EVENTS) - topicBefore;

            step(5, "detecting (Flink detect job over the production and attack runs)");
            List<String> scored = runs.stream().filter(r -> !r.isLearn()).map(r -> runIds.get(r.run())).toList();
            DetectCommand.submit(stack, true, java.util.Set.copyOf(scored), 2, 2_000L, DetectSettings.defaults()).getJobExecutionResult().get();

            step(6, "grading the alerts against the attack labels");
            List<DemoScore.RunResult> results = DemoScore.grade(runs, runIds, readAlerts(stack));
            return report(results, totals, models, started);
        }
    }

    /** Kernel-side and Kafka-side totals of everything replayed. */
    private static final class Totals {
        long records;
        long recordBytes;
        long events;
        long kafkaBytes;
        /** Growth of the events topic's log: what the broker stores, after LZ4 batch compression. */
        long topicBytes;
    }

    private void replay(YalasStack stack, CorpusRun run, String runId, Totals totals) throws Exception {
        ShipperReport r = LearnCommand.replay(stack, run.file(), runId, run.containers());
        totals.records += r.records();
        totals.recordBytes += r.recordBytes();
        totals.events += r.events();
        totals.kafkaBytes += r.kafkaBytes();
        say(String.format(Locale.ROOT, "%-26s %-10s %,8d kernel records -> %,7d events, %,9d bytes to Kafka (%.1f:1)",
                run.run(), run.kind(), r.records(), r.events(), r.kafkaBytes(), r.reductionRatio()));
    }

    private static List<Alert> readAlerts(YalasStack stack) {
        AvroDeserializer<Alert> deserializer = new AvroDeserializer<>(new HttpSchemaRegistryClient(stack.schemaRegistry()), Alert.getClassSchema());
        return TopicReader.values(stack.kafka(), Topics.ALERTS, true, Duration.ofSeconds(60)).stream()
                .map(deserializer::deserialize).toList();
    }

    private int report(List<DemoScore.RunResult> results, Totals totals, int models, long started) {
        int attacks = 0;
        int detected = 0;
        int benign = 0;
        int falseAlarms = 0;
        say("");
        for (DemoScore.RunResult r : results) {
            CorpusRun run = r.run();
            if (run.isAttack()) {
                attacks++;
                detected += r.detected() ? 1 : 0;
                say(String.format(Locale.ROOT, "%-8s %-26s %s", r.detected() ? "DETECTED" : "MISSED", run.run(), run.attackLabel()));
                for (Alert a : r.detections().stream().limit(4).toList()) {
                    say("         " + describe(a));
                }
            } else {
                benign++;
                say(String.format(Locale.ROOT, "%-8s %-26s benign production traffic: %d false alarm(s)",
                        r.falseAlarms().isEmpty() ? "CLEAN" : "NOISY", run.run(), r.falseAlarms().size()));
            }
            falseAlarms += r.falseAlarms().size();
            for (Alert a : r.falseAlarms().stream().limit(3).toList()) {
                say("         false alarm: " + describe(a));
            }
            if (!r.unprofiled().isEmpty()) {
                say("         " + r.unprofiled().size() + " unprofiled process notice(s), e.g. " + r.unprofiled().get(0).getProfile());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double ratio = totals.topicBytes <= 0 ? 0 : (double) totals.recordBytes / totals.topicBytes;
        say("");
        say(String.format(Locale.ROOT, "%d of %d labelled attacks detected; %d false alarm(s) on %d benign runs", detected, attacks, falseAlarms, benign));
        say(String.format(Locale.ROOT, "%,d kernel records (%,d bytes) -> %,d events (%,d bytes serialized) -> %,d bytes on the Kafka topic "
                        + "(%.1f:1 kernel bytes per topic byte); %d models; %.0f s",
                totals.records, totals.recordBytes, totals.events, totals.kafkaBytes, totals.topicBytes, ratio, models, seconds));
        out.printf(Locale.ROOT, "{\"attacks\":%d,\"attacks_detected\":%d,\"benign_runs\":%d,\"false_alarms\":%d,\"events\":%d,"
                        + "\"kernel_records\":%d,\"kernel_bytes\":%d,\"serialized_bytes\":%d,\"kafka_bytes\":%d,\"reduction_ratio\":%.2f,"
                        + "\"models\":%d,\"seconds\":%.1f}%n",
                attacks, detected, benign, falseAlarms, totals.events, totals.records, totals.recordBytes, totals.kafkaBytes, totals.topicBytes,
                ratio, models, seconds);
        out.flush();
        return 0;
    }

    private static String describe(Alert a) {
        return "[" + a.getSeverity() + " " + a.getDetector() + (a.getMitre().isEmpty() ? "" : " " + String.join(",", a.getMitre())) + "] "
                + (a.getSummary().length() > 200 ? a.getSummary().substring(0, 197) + "..." : a.getSummary());
    }

    private static String shortProfile(String profile, CorpusRun run) {
        return profile.startsWith("container:") ? run.service() + " container" : profile;
    }

    private void step(int n, String what) {
        say("[" + n + "/6] " + what + "...");
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }
}

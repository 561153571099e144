package io.yalas.cli;

import io.yalas.flink.YalasJobs;
import io.yalas.flink.kafka.KafkaIo;
import io.yalas.flink.learn.LearnSettings;
import io.yalas.modelstore.ModelStore;
import io.yalas.modelstore.ModelViews;
import io.yalas.schemas.BehaviorModel;
import io.yalas.stack.YalasStack;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "learn", mixinStandardHelpOptions = true,
        description = {"Learns one behaviour model per profile from a learning run's events (yalas.events) with the Flink",
                "learn job, and stores them in the model store in state LEARNING. Promote them with 'yalas models promote'."})
public final class LearnCommand implements Callable<Integer> {
    @Mixin
    StackOptions stackOptions;

    @Option(names = "--run-id", paramLabel = "ID", description = "Learn only from events of this run (default: every event in the topic).")
    String runId;

    @Option(names = "--test-suite", paramLabel = "NAME", description = "Name of the test suite that drove the application, kept as provenance.")
    String testSuite;

    @Option(names = "--window", paramLabel = "EVENTS", description = "Scoring window in events (default: the library's).")
    Integer window;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        LearnSettings settings = LearnSettings.defaults(testSuite);
        if (window != null) {
            if (window < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--window must be >= 1");
            }
            settings = settings.withWindow(window);
        }
        try (YalasStack stack = YalasStack.start(stackOptions.toConfig(spec.commandLine(), Path.of("data", "demo")))) {
            List<BehaviorModel> stored = learn(stack, runId, settings);
            if (stored.isEmpty()) {
                out.println("no events" + (runId == null ? "" : " for run " + runId) + " in the events topic: nothing learned");
                out.flush();
                return 1;
            }
            stored.forEach(m -> out.println(ModelViews.line(m)));
            out.flush();
        }
        return 0;
    }

    /** Runs the learn job on the stack's Flink and stores what it learned; returns the stored versions. */
    static List<BehaviorModel> learn(YalasStack stack, String runId, LearnSettings settings) throws Exception {
        StreamExecutionEnvironment env = stack.flink().orElseThrow(() -> new IllegalStateException("learn needs Flink"))
                .environment(new Configuration());
        List<BehaviorModel> learned = new ArrayList<>();
        YalasJobs.learn(env, new KafkaIo(stack.bootstrapServers(), stack.schemaRegistryUrl()), runId, settings)
                .executeAndCollect("yalas-learn" + (runId == null ? "" : "-" + runId)).forEachRemaining(learned::add);
        List<BehaviorModel> stored = new ArrayList<>();
        try (ModelStore store = ModelStore.open(stack.bootstrapServers(), stack.schemaRegistryUrl())) {
            learned.forEach(m -> stored.add(store.add(m)));
        }
        return stored;
    }
}

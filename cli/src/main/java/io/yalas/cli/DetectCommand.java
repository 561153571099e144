package io.yalas.cli;

import io.yalas.flink.YalasJobs;
import io.yalas.flink.detect.DetectSettings;
import io.yalas.flink.kafka.KafkaIo;
import io.yalas.flink.rules.RuleExceptions;
import io.yalas.modelstore.ModelStore;
import io.yalas.schemas.BehaviorModel;
import io.yalas.stack.YalasStack;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Runs the Flink detect job: events scored by the enforcing models and checked by the attack rules.",
                "Events come from yalas.events; models (yalas.models) and rule exceptions (yalas.rule-exceptions) are followed",
                "live; explained alerts go to yalas.alerts exactly once. Runs until Ctrl-C, or with --bounded over what the",
                "topics hold now."})
public final class DetectCommand implements Callable<Integer> {
    @Mixin
    StackOptions stackOptions;

    @Option(names = "--bounded", description = "Score what the topics hold at start, then stop.")
    boolean bounded;

    @Option(names = "--run-id", paramLabel = "ID", split = ",", description = "Score only events of these runs.")
    Set<String> runIds = Set.of();

    @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--checkpoint-interval", defaultValue = "10", paramLabel = "SECONDS",
            description = "Checkpoint interval; alerts become visible to read_committed consumers at each checkpoint (default: ${DEFAULT-VALUE}).")
    int checkpointSeconds;

    @Option(names = "--rule-exceptions", paramLabel = "FILE",
            description = {"Puts these rule exceptions in force first, as 'yalas exceptions set FILE' does: lines 'disable RULE' or",
                    "'allow RULE exe=|comm=|container=|profile=|path=|uid=|parent=|ancestor=|until=...'. Without it the exceptions in force apply. Either way the job",
                    "follows later changes ('yalas exceptions')."})
    Path ruleExceptions;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (parallelism < 1 || checkpointSeconds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--parallelism and --checkpoint-interval must be >= 1");
        }
        String exceptionsText = null;
        if (ruleExceptions != null) {
            try {
                exceptionsText = RuleExceptions.readText(ruleExceptions);
                RuleExceptions.fromText(ruleExceptions.toString(), exceptionsText);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--rule-exceptions " + e.getMessage());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        try (YalasStack stack = YalasStack.start(stackOptions.toConfig(spec.commandLine(), Path.of("data", "demo")))) {
            if (exceptionsText != null) {
                new RuleExceptionsTopic(stack.kafka(), stack.schemaRegistry()).set(ruleExceptions.toString(), exceptionsText);
            }
            JobClient job = submit(stack, bounded, runIds, parallelism, checkpointSeconds * 1000L, DetectSettings.defaults());
            out.println("detect job " + job.getJobID() + " running on " + stack.flink().orElseThrow().webUrl()
                    + (bounded ? " (bounded: ends with its input)" : " (Ctrl-C stops it)"));
            out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> job.cancel().join(), "detect-cancel"));
            job.getJobExecutionResult().get();
            out.println("detect job finished");
            out.flush();
        }
        return 0;
    }

    /** {@code settings}' rule exceptions are replaced by those in force on the stack: the job starts with them and follows the topic. */
    static JobClient submit(YalasStack stack, boolean bounded, Set<String> runIds, int parallelism, long checkpointMillis,
                            DetectSettings settings) throws Exception {
        StreamExecutionEnvironment env = JobEnvironment.of(stack, "detect");
        env.setParallelism(parallelism);
        env.enableCheckpointing(checkpointMillis);
        List<BehaviorModel> enforcing;
        try (ModelStore store = ModelStore.open(stack.kafka(), stack.schemaRegistry())) {
            enforcing = store.enforcingModels();
        }
        RuleExceptions exceptions = new RuleExceptionsTopic(stack.kafka(), stack.schemaRegistry()).read().exceptions();
        YalasJobs.detect(env, new KafkaIo(stack.kafka(), stack.schemaRegistry()), bounded, runIds,
                settings.withRuleExceptions(exceptions), "yalas-detect", enforcing);
        return env.executeAsync("yalas-detect");
    }
}

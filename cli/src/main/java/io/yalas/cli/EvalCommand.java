package io.yalas.cli;

import io.yalas.model.eval.AdfaEvaluation;
import io.yalas.model.eval.AdfaReport;
import io.yalas.model.markov.ModelConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code yalas eval}: detection-quality evaluations of the behaviour model. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluates the behaviour model's detection quality on labelled data.",
        subcommands = {EvalCommand.Adfa.class})
public final class EvalCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code yalas eval adfa}: learn on normal traces, score normal and attack traces, print ROC figures. */
    @Command(name = "adfa", mixinStandardHelpOptions = true,
            description = {"Learns on --train, scores every trace under --normal and --attack (ADFA-LD layout:",
                    "one integer trace per file; attack family = folder name without its run number) and prints",
                    "ROC AUC overall and per family, detection rate at 1% and 5% false alarms, and the figures",
                    "at the model's own threshold. Same learner and scorer as the Flink jobs."})
    static final class Adfa implements Callable<Integer> {
        @Option(names = "--train", required = true, description = "Folder of normal training traces.")
        Path train;

        @Option(names = "--normal", required = true, description = "Folder of normal traces to measure false alarms.")
        Path normal;

        @Option(names = "--attack", required = true, description = "Folder of attack folders (e.g. Adduser_1/...).")
        Path attack;

        @Option(names = "--json", description = "End the output with one JSON object on the last line.")
        boolean json;

        @Option(names = "--order", description = "Longest context (default: ${DEFAULT-VALUE}).")
        int order = ModelConfig.DEFAULT.maxOrder();

        @Option(names = "--window", description = "Sliding-window length in events (default: ${DEFAULT-VALUE}).")
        int window = ModelConfig.DEFAULT.window();

        @Option(names = "--prune", description = "Minimum count of a context of order >= 2 (default: ${DEFAULT-VALUE}).")
        int prune = ModelConfig.DEFAULT.pruneMinCount();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            AdfaReport report;
            try {
                ModelConfig config = ModelConfig.DEFAULT.withMaxOrder(order).withWindow(window).withPruneMinCount(prune);
                report = new AdfaEvaluation(config).run(train, normal, attack);
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                err.println("yalas eval adfa: " + e.getMessage());
                err.flush();
                return 2;
            }
            out.print(report.toText());
            if (json) {
                out.println(report.toJson());
            }
            out.flush();
            return 0;
        }
    }
}

package io.yalas.cli;

import io.yalas.stack.StackConfig;
import io.yalas.stack.YalasStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

@Command(name = "stack", mixinStandardHelpOptions = true,
        description = {"Runs the single-machine stack in the foreground: Kafka (KRaft), schema registry, Flink.",
                "Prints where each part listens; Ctrl-C stops everything cleanly."})
public final class StackCommand implements Callable<Integer> {
    @Mixin
    StackOptions stackOptions;

    @Option(names = "--exit-after-start", hidden = true, description = "Start, print, stop: for scripts and tests.")
    boolean exitAfterStart;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Starting the YALAS stack...");
        out.flush();
        StackConfig config = stackOptions.toConfig(spec.commandLine(), Path.of("data", "stack"));
        YalasStack stack = YalasStack.start(config);
        out.println("bootstrap servers : " + stack.bootstrapServers());
        out.println("schema registry   : " + stack.schemaRegistry());
        out.println("flink web UI      : " + stack.flink().map(f -> f.webUrl()).orElse("(none)"));
        config.flinkMetrics().ifPresent(listen -> out.println("flink metrics     : http://" + listen + "/metrics"));
        out.println("data directory    : " + stack.dataDir());
        out.println("logs              : " + stack.logFile());
        out.flush();
        if (exitAfterStart) {
            stack.close();
            return 0;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping the YALAS stack...");
            out.flush();
            stack.close();
            stopped.countDown();
        }, "yalas-stack-shutdown"));
        out.println("Ready. Press Ctrl-C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }
}

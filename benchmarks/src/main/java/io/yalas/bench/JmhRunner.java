package io.yalas.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Runs the JMH benchmarks whose names match a pattern and prints one JSON object as the last line, so
 * {@code benchmarks/run} results can be recorded and compared mechanically.
 */
public final class JmhRunner {
    private JmhRunner() {
    }

    public static void main(String[] args) throws RunnerException {
        if (args.length != 1) {
            System.err.println("usage: JmhRunner BENCHMARK_REGEX");
            System.exit(2);
        }
        Options options = new OptionsBuilder()
                .include(args[0])
                .forks(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(TimeValue.seconds(2))
                .jvmArgsAppend("-Xmx2g")
                .build();
        Collection<RunResult> results = new Runner(options).run();
        if (results.isEmpty()) {
            System.err.println("no benchmark matches '" + args[0] + "'");
            System.exit(2);
        }
        StringJoiner json = new StringJoiner(",", "{\"benchmark\":\"" + args[0] + "\",\"results\":{", "}}");
        for (RunResult r : results) {
            var primary = r.getPrimaryResult();
            String name = r.getParams().getBenchmark().replaceFirst("^io\\.yalas\\.bench\\.", "");
            json.add(String.format(Locale.ROOT, "\"%s\":{\"score\":%.1f,\"error\":%.1f,\"unit\":\"%s\"}",
                    name, primary.getScore(), primary.getScoreError(), primary.getScoreUnit()));
        }
        System.out.println(json);
    }
}

package io.yalas.bench.model;

import io.yalas.model.markov.MarkovModel;
import io.yalas.model.markov.ModelConfig;
import io.yalas.model.markov.TransitionCounts;
import io.yalas.model.score.ProcessScorer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.util.List;

/**
 * Learning and scoring throughput of the behaviour model, single-threaded. Each invocation processes
 * the whole training set (learning) or the whole ADFA-LD validation set (scoring, against a model of
 * the training set); symbols per second = invocations per second times the symbols per invocation,
 * which {@link ModelReport} prints.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
public class ModelBenchmark {
    private final ModelConfig config = ModelConfig.DEFAULT;
    private List<int[]> training;
    private List<int[]> scoring;
    private MarkovModel model;

    @Setup
    public void setup() {
        training = ModelData.trainingTraces();
        scoring = ModelData.validationTraces();
        TransitionCounts counts = new TransitionCounts(config);
        training.forEach(counts::observeTrace);
        model = counts.compile(config.pruneMinCount());
    }

    @Benchmark
    public TransitionCounts learn() {
        TransitionCounts counts = new TransitionCounts(config);
        for (int[] t : training) {
            counts.observeTrace(t);
        }
        return counts;
    }

    @Benchmark
    public void score(Blackhole bh) {
        for (int[] t : scoring) {
            ProcessScorer scorer = new ProcessScorer(model, config.window(), Double.POSITIVE_INFINITY);
            for (int s : t) {
                scorer.accept(s);
            }
            bh.consume(scorer.processScore());
        }
    }
}

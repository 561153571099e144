package io.yalas.bench.model;

import io.yalas.model.markov.MarkovModel;
import io.yalas.model.markov.ModelConfig;
import io.yalas.model.markov.TransitionCounts;
import io.yalas.model.alphabet.IntegerAlphabet;
import io.yalas.model.score.ProcessScorer;
import io.yalas.model.score.SetNoveltyModel;
import io.yalas.model.train.ModelTrainer;
import io.yalas.model.train.Provenance;
import io.yalas.model.train.TrainedModel;
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
 * the whole training set (learning: transition counts and the set-novelty model) or the whole ADFA-LD
 * validation set (scoring, against a model of the training set, asking {@code alerting()} after every
 * event once the first window is full, and at the end of the process, as the Flink detect job does); symbols per second = invocations per second times the symbols per
 * invocation, which {@link ModelReport} prints. {@code scoreMarkovOnly} is the same without set novelty.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
public class ModelBenchmark {
    private final ModelConfig config = ModelConfig.DEFAULT;
    private List<int[]> training;
    private List<int[]> scoring;
    private MarkovModel model;
    private TrainedModel trained;

    @Setup
    public void setup() {
        training = ModelData.trainingTraces();
        scoring = ModelData.validationTraces();
        trained = new ModelTrainer(config).train("bench", IntegerAlphabet.SYSCALL_NUMBERS.ref(), training, Provenance.UNKNOWN);
        model = trained.markov();
    }

    @Benchmark
    public void learn(Blackhole bh) {
        TransitionCounts counts = new TransitionCounts(config);
        for (int[] t : training) {
            counts.observeTrace(t);
        }
        bh.consume(counts);
        bh.consume(SetNoveltyModel.learn(training));
    }

    @Benchmark
    public void score(Blackhole bh) {
        for (int[] t : scoring) {
            ProcessScorer scorer = trained.newProcessScorer();
            int alerts = 0;
            for (int s : t) {
                scorer.accept(s);
                alerts += scorer.windowFull() && scorer.alerting() ? 1 : 0;
            }
            alerts += scorer.alerting() ? 1 : 0;
            bh.consume(alerts);
            bh.consume(scorer.processScore());
        }
    }

    @Benchmark
    public void scoreMarkovOnly(Blackhole bh) {
        for (int[] t : scoring) {
            ProcessScorer scorer = new ProcessScorer(model, config.window(), trained.threshold().value());
            int alerts = 0;
            for (int s : t) {
                scorer.accept(s);
                alerts += scorer.windowFull() && scorer.alerting() ? 1 : 0;
            }
            alerts += scorer.alerting() ? 1 : 0;
            bh.consume(alerts);
            bh.consume(scorer.processScore());
        }
    }
}

package io.yalas.bench.model;

import io.yalas.model.alphabet.IntegerAlphabet;
import io.yalas.model.avro.BehaviorModelCodec;
import io.yalas.model.eval.AdfaEvaluation;
import io.yalas.model.eval.AdfaReport;
import io.yalas.model.markov.ModelConfig;
import io.yalas.model.train.ModelTrainer;
import io.yalas.model.train.Provenance;
import io.yalas.model.train.TrainedModel;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The {@code benchmarks/run model} harness: ADFA-LD detection quality (through the same evaluation as
 * {@code yalas eval adfa}), model sizes, and the JMH learning/scoring throughput in symbols per second.
 * The last output line is one JSON object.
 */
public final class ModelReport {
    private ModelReport() {
    }

    public static void main(String[] args) throws RunnerException {
        if (!ModelData.adfaAvailable()) {
            System.err.println("ADFA-LD not found at " + ModelData.ADFA.toAbsolutePath() + " (set -Dyalas.adfa=DIR)");
            System.exit(2);
        }
        ModelConfig config = ModelConfig.DEFAULT;
        List<int[]> training = ModelData.trainingTraces();
        System.out.println("== hyper-parameters: held-out cross-entropy of the training data (5 contiguous folds, nats/symbol; normal data only)");
        for (int order : new int[] {3, 4, 5, 6, 7}) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "   order %d:", order));
            for (int prune : new int[] {1, 2, 3, 4}) {
                double h = new ModelTrainer(config.withMaxOrder(order).withPruneMinCount(prune)).heldOutCrossEntropy(training);
                line.append(String.format(Locale.ROOT, "  prune %d %.4f", prune, h));
            }
            System.out.println(line);
        }
        System.out.println("== ADFA-LD development split, Markov only (for comparison), " + config.withSetNovelty(false));
        AdfaReport markovOnly = new AdfaEvaluation(config.withSetNovelty(false)).run(ModelData.ADFA.resolve("Training_Data_Master"),
                ModelData.ADFA.resolve("Validation_Data_Master"), ModelData.ADFA.resolve("Attack_Data_Master"));
        System.out.print(markovOnly.toText());
        System.out.println("== ADFA-LD development split, " + config);
        AdfaReport quality = new AdfaEvaluation(config).run(ModelData.ADFA.resolve("Training_Data_Master"),
                ModelData.ADFA.resolve("Validation_Data_Master"), ModelData.ADFA.resolve("Attack_Data_Master"));
        System.out.print(quality.toText());

        long trainStart = System.nanoTime();
        TrainedModel model = new ModelTrainer(config).train("adfa-ld", IntegerAlphabet.SYSCALL_NUMBERS.ref(), training,
                new Provenance(List.of("Training_Data_Master"), null, List.of(), null, null));
        double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
        long serialized = BehaviorModelCodec.toBytes(model).length;
        long memory = model.markov().memoryBytes() + (model.combined() ? model.sets().memoryBytes() : 0);
        System.out.printf(Locale.ROOT, "== model size: %d contexts, %d transitions, %d distinct training symbol sets; %.2f MiB in memory"
                        + " (Markov %.2f, sets %.3f), %.2f MiB serialized (Avro); training with 5-fold calibration %.1f s%n",
                model.markov().contexts().size(), model.markov().transitionCount(), model.combined() ? model.sets().setCount() : 0,
                memory / 1048576.0, model.markov().memoryBytes() / 1048576.0,
                model.combined() ? model.sets().memoryBytes() / 1048576.0 : 0, serialized / 1048576.0, trainSeconds);
        var st = model.newScorerState();
        long stateBytes = 4L * st.surprisals.length + 4L * st.symbols.length
                + (st.seen == null ? 0 : 8L * st.seen.length + 4L * st.overlap.length) + 64;
        System.out.printf(Locale.ROOT, "== per-process scorer state: about %d bytes (window ring %d, set part %d)%n", stateBytes,
                4L * st.surprisals.length + 4L * st.symbols.length, st.seen == null ? 0 : 8L * st.seen.length + 4L * st.overlap.length);
        if (model.combined()) {
            System.out.println("== calibration: " + model.calibration());
        }
        System.out.println("== completeness: " + model.completeness().reason());

        long learnSymbols = ModelData.symbols(training);
        long scoreSymbols = ModelData.symbols(ModelData.validationTraces());
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(ModelBenchmark.class.getName())
                .forks(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(TimeValue.seconds(2))
                .jvmArgsAppend("-Xmx2g")
                .build()).run();
        double learn = Double.NaN;
        double score = Double.NaN;
        double scoreMarkov = Double.NaN;
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark().replaceFirst(".*\\.", "");
            double perSecond = r.getPrimaryResult().getScore();
            if (method.equals("learn")) {
                learn = perSecond * learnSymbols;
            } else if (method.equals("score")) {
                score = perSecond * scoreSymbols;
            } else if (method.equals("scoreMarkovOnly")) {
                scoreMarkov = perSecond * scoreSymbols;
            }
        }
        System.out.printf(Locale.ROOT, "== throughput (1 thread): learning %.2f M symbols/s, scoring %.2f M symbols/s"
                + " (Markov only %.2f M)%n", learn / 1e6, score / 1e6, scoreMarkov / 1e6);
        String q = quality.toJson();
        System.out.printf(Locale.ROOT, "{\"benchmark\":\"model\",%s,\"learn_symbols_per_s\":%.0f,\"score_symbols_per_s\":%.0f,"
                        + "\"score_markov_only_symbols_per_s\":%.0f,\"markov_only_auc\":%.6g,"
                        + "\"model_memory_bytes\":%d,\"model_serialized_bytes\":%d,\"max_order\":%d,\"window\":%d,\"prune_min_count\":%d}%n",
                q.substring(1, q.length() - 1), learn, score, scoreMarkov, markovOnly.auc(), memory, serialized, config.maxOrder(),
                config.window(), config.pruneMinCount());
    }
}

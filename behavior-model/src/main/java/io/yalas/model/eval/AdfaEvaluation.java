package io.yalas.model.eval;

import io.yalas.model.alphabet.IntegerAlphabet;
import io.yalas.model.markov.ModelConfig;
import io.yalas.model.train.ModelTrainer;
import io.yalas.model.train.Provenance;
import io.yalas.model.train.TrainedModel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Detection-quality harness in ADFA-LD's layout: learn on one folder of normal traces, score every trace
 * of a folder of normal traces and of a folder of attack folders, report ROC figures. It uses the same
 * {@link ModelTrainer} and streaming scorer as production; nothing here is evaluation-only modelling.
 */
public final class AdfaEvaluation {
    private final ModelConfig config;

    public AdfaEvaluation(ModelConfig config) {
        this.config = config;
    }

    public AdfaReport run(Path trainDir, Path normalDir, Path attackDir) {
        long start = System.nanoTime();
        List<TraceReader.Trace> train = TraceReader.readDirectory(trainDir);
        List<TraceReader.Trace> normal = TraceReader.readDirectory(normalDir);
        List<TraceReader.Trace> attack = TraceReader.readDirectory(attackDir);
        if (normal.isEmpty()) {
            throw new IllegalArgumentException("no normal traces under " + normalDir);
        }
        if (attack.isEmpty()) {
            throw new IllegalArgumentException("no attack traces under " + attackDir);
        }
        ModelTrainer trainer = new ModelTrainer(config);
        TrainedModel model = trainer.train("adfa-ld", IntegerAlphabet.SYSCALL_NUMBERS.ref(),
                train.stream().map(TraceReader.Trace::symbols).toList(),
                new Provenance(List.of(trainDir.toString()), null, List.of(), null, null));

        double[] negatives = normal.stream().mapToDouble(t -> trainer.score(model, t.symbols())).toArray();
        Map<String, List<Double>> byFamily = new TreeMap<>();
        List<Double> positivesList = new ArrayList<>();
        for (TraceReader.Trace t : attack) {
            double s = trainer.score(model, t.symbols());
            positivesList.add(s);
            byFamily.computeIfAbsent(family(attackDir, t.file()), k -> new ArrayList<>()).add(s);
        }
        double[] positives = positivesList.stream().mapToDouble(Double::doubleValue).toArray();

        TreeMap<String, Double> perFamily = new TreeMap<>();
        TreeMap<String, Integer> sizes = new TreeMap<>();
        byFamily.forEach((family, scores) -> {
            perFamily.put(family, Roc.auc(negatives, scores.stream().mapToDouble(Double::doubleValue).toArray()));
            sizes.put(family, scores.size());
        });
        double threshold = model.processThreshold();
        return new AdfaReport(Roc.auc(negatives, positives), perFamily, sizes,
                Roc.detectionRateAtFpr(negatives, positives, 0.01), Roc.detectionRateAtFpr(negatives, positives, 0.05),
                threshold, Roc.rateAbove(negatives, threshold), Roc.rateAbove(positives, threshold),
                train.size(), normal.size(), attack.size(), model.markov().contexts().size(),
                model.markov().transitionCount(), model.markov().memoryBytes() + (model.combined() ? model.sets().memoryBytes() : 0),
                model.completeness().unseenMass(), model.completeness().ready(), (System.nanoTime() - start) / 1e9,
                model.combined() ? "markov+set/fisher" : "markov",
                model.combined() ? model.calibration().heldOutFpr() : model.threshold().heldOutFpr());
    }

    /**
     * The attack family of a trace: its top-level folder under {@code attackDir} without the run number
     * ("Hydra_FTP_3" -> "Hydra_FTP"); traces directly in {@code attackDir} are "attack".
     */
    static String family(Path attackDir, Path file) {
        Path rel = attackDir.relativize(file);
        if (rel.getNameCount() < 2) {
            return "attack";
        }
        return rel.getName(0).toString().replaceFirst("_\\d+$", "");
    }
}

package io.yalas.model;

import io.yalas.model.eval.AdfaEvaluation;
import io.yalas.model.eval.AdfaReport;
import io.yalas.model.eval.Roc;
import io.yalas.model.markov.ModelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.StringJoiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluationTest {
    static final ModelConfig CONFIG = new ModelConfig(3, 1, 30, 0.05, 5, 1, 0.01);

    private static void write(Path file, int[] trace) throws IOException {
        Files.createDirectories(file.getParent());
        StringJoiner j = new StringJoiner(" ");
        for (int s : trace) {
            j.add(Integer.toString(s));
        }
        Files.writeString(file, j + "\n");
    }

    /** Normal: a server loop (poll, read, write) with jitter. Attacks: the loop with a foreign burst inside. */
    static Path dataset(Path root) throws IOException {
        Random r = new Random(1);
        for (String dir : new String[] {"train", "normal"}) {
            for (int i = 0; i < 40; i++) {
                write(root.resolve(dir).resolve("t" + i + ".txt"), serverLoop(r, 150, null));
            }
        }
        for (int run = 1; run <= 2; run++) {
            for (int i = 0; i < 5; i++) {
                write(root.resolve("attack/Shell_" + run + "/a" + i + ".txt"), serverLoop(r, 150, new int[] {11, 5, 3, 6, 11}));
                write(root.resolve("attack/Scan_" + run + "/a" + i + ".txt"), serverLoop(r, 150, new int[] {102, 102, 102, 102, 3, 102}));
            }
        }
        return root;
    }

    static int[] serverLoop(Random r, int length, int[] burst) {
        int[] loop = {168, 3, 4, 265};
        int[] t = new int[length];
        for (int i = 0; i < length; i++) {
            t[i] = r.nextDouble() < 0.05 ? 265 : loop[i % 4];
        }
        if (burst != null) {
            for (int k = 0; k < 6; k++) {
                System.arraycopy(burst, 0, t, 40 + k * burst.length, burst.length);
            }
        }
        return t;
    }

    @Test
    void separatesAKnownAnswerDataSet(@TempDir Path tmp) throws IOException {
        Path root = dataset(tmp);
        AdfaReport rep = new AdfaEvaluation(CONFIG).run(root.resolve("train"), root.resolve("normal"), root.resolve("attack"));
        assertEquals(1.0, rep.auc(), 1e-9);
        assertEquals(java.util.Set.of("Shell", "Scan"), rep.perFamily().keySet());
        assertEquals(10, rep.familySizes().get("Shell"));
        assertEquals(1.0, rep.drAtFpr1pct(), 1e-9);
        assertEquals(1.0, rep.thresholdDr(), 1e-9);
        assertTrue(rep.thresholdFpr() <= 0.1, "fpr " + rep.thresholdFpr());
        String json = rep.toJson();
        for (String key : new String[] {"\"auc\":", "\"per_family\":{", "\"dr_at_fpr_1pct\":", "\"dr_at_fpr_5pct\":",
                "\"threshold_fpr\":", "\"threshold_dr\":"}) {
            assertTrue(json.contains(key), key + " in " + json);
        }
        assertTrue(json.startsWith("{") && json.endsWith("}") && !json.contains("\n"));
        assertTrue(rep.toText().contains("AUC Shell"));
    }

    @Test
    void emptyTracesAreScoredNotFatal(@TempDir Path tmp) throws IOException {
        Path root = dataset(tmp);
        Files.writeString(root.resolve("normal/empty.txt"), "");
        Files.writeString(root.resolve("train/blank.txt"), "  \n");
        AdfaReport rep = new AdfaEvaluation(CONFIG).run(root.resolve("train"), root.resolve("normal"), root.resolve("attack"));
        assertEquals(41, rep.normalTraces());
        assertTrue(rep.auc() > 0.99);
    }

    @Test
    void nonNumericTokenNamesFileAndToken(@TempDir Path tmp) throws IOException {
        Path root = dataset(tmp);
        Files.writeString(root.resolve("attack/Shell_1/bad.txt"), "3 4 open 5");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AdfaEvaluation(CONFIG).run(root.resolve("train"), root.resolve("normal"), root.resolve("attack")));
        assertTrue(e.getMessage().contains("bad.txt") && e.getMessage().contains("'open'") && e.getMessage().contains("token 3"),
                e.getMessage());
    }

    @Test
    void missingFolderIsAClearError(@TempDir Path tmp) throws IOException {
        Path root = dataset(tmp);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AdfaEvaluation(CONFIG).run(root.resolve("train"), root.resolve("nope"), root.resolve("attack")));
        assertTrue(e.getMessage().contains("not a directory") && e.getMessage().contains("nope"), e.getMessage());
        Files.createDirectories(root.resolve("emptydir"));
        e = assertThrows(IllegalArgumentException.class,
                () -> new AdfaEvaluation(CONFIG).run(root.resolve("emptydir"), root.resolve("normal"), root.resolve("attack")));
        assertTrue(e.getMessage().contains("no training data"), e.getMessage());
    }

    @Test
    void rocFigures() {
        double[] neg = {0.1, 0.2, 0.3, 0.4};
        assertEquals(1.0, Roc.auc(neg, new double[] {0.5, 0.6}), 1e-12);
        assertEquals(0.5, Roc.auc(new double[] {1, 1}, new double[] {1, 1}), 1e-12);
        assertEquals(0.0, Roc.auc(neg, new double[] {0.0}), 1e-12);
        assertEquals(0.5, Roc.detectionRateAtFpr(neg, new double[] {0.35, 0.5}, 0.0), 1e-12);
        assertTrue(Double.isNaN(Roc.auc(new double[0], neg)));
    }
}

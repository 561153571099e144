package io.yalas.bench.model;

import io.yalas.model.eval.TraceReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Benchmark input: the ADFA-LD training traces when available (system property {@code yalas.adfa},
 * default ../shared/datasets/adfa-ld), otherwise a synthetic stream of the same size so the benchmark
 * still runs anywhere.
 */
final class ModelData {
    static final Path ADFA = Path.of(System.getProperty("yalas.adfa", "../shared/datasets/adfa-ld"));

    private ModelData() {
    }

    static boolean adfaAvailable() {
        return Files.isDirectory(ADFA.resolve("Training_Data_Master"));
    }

    static List<int[]> trainingTraces() {
        if (adfaAvailable()) {
            return TraceReader.readDirectory(ADFA.resolve("Training_Data_Master")).stream().map(TraceReader.Trace::symbols).toList();
        }
        Random r = new Random(42);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < 833; i++) {
            int[] t = new int[370];
            for (int j = 0; j < t.length; j++) {
                t[j] = j > 0 && r.nextDouble() < 0.7 ? (t[j - 1] * 7 + 3) % 150 : r.nextInt(150);
            }
            out.add(t);
        }
        return out;
    }

    static List<int[]> validationTraces() {
        if (adfaAvailable()) {
            return TraceReader.readDirectory(ADFA.resolve("Validation_Data_Master")).stream().map(TraceReader.Trace::symbols).toList();
        }
        return trainingTraces();
    }

    static long symbols(List<int[]> traces) {
        return traces.stream().mapToLong(t -> t.length).sum();
    }
}

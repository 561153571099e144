package io.yalas.bench.cover;

import io.yalas.model.eval.TraceReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The ADFA-LD development split as the experiments use it: non-empty training and validation traces, and
 * every attack trace with its family and run (the attack folder's name, e.g. {@code Adduser_3}).
 */
record AdfaSplit(List<int[]> train, List<int[]> normal, List<int[]> attacks, List<String> family, List<String> run) {

    /** Reads the split from {@code -Dyalas.adfa} (default ../shared/datasets/adfa-ld), or exits 2 naming where it looked. */
    static AdfaSplit load() {
        Path adfa = Path.of(System.getProperty("yalas.adfa", "../shared/datasets/adfa-ld"));
        if (!Files.isDirectory(adfa.resolve("Training_Data_Master"))) {
            System.err.println("ADFA-LD not found at " + adfa.toAbsolutePath() + " (set -Dyalas.adfa=DIR)");
            System.exit(2);
        }
        Path attackDir = adfa.resolve("Attack_Data_Master");
        List<TraceReader.Trace> attackTraces = TraceReader.readDirectory(attackDir);
        List<String> run = attackTraces.stream().map(t -> attackDir.relativize(t.file()).getName(0).toString()).toList();
        return new AdfaSplit(nonEmpty(TraceReader.readDirectory(adfa.resolve("Training_Data_Master"))),
                nonEmpty(TraceReader.readDirectory(adfa.resolve("Validation_Data_Master"))),
                attackTraces.stream().map(TraceReader.Trace::symbols).toList(),
                run.stream().map(r -> r.replaceFirst("_\\d+$", "")).toList(), run);
    }

    private static List<int[]> nonEmpty(List<TraceReader.Trace> traces) {
        return traces.stream().map(TraceReader.Trace::symbols).filter(t -> t.length > 0).toList();
    }
}

package io.yalas.model.train;

import io.yalas.model.alphabet.AlphabetRef;
import io.yalas.model.markov.Completeness;
import io.yalas.model.markov.History;
import io.yalas.model.markov.ModelConfig;
import io.yalas.model.markov.TransitionCounts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Incremental learning from interleaved events of many processes of many profiles: counts per profile,
 * a context history per process, and each finished process's symbols kept for the held-out threshold
 * calibration at {@link #build}. Not thread-safe; in Flink, one instance per task (keyed by profile).
 */
public final class ProfileLearner {
    private final ModelConfig config;
    private final AlphabetRef alphabet;
    private final Map<String, Profile> profiles = new HashMap<>();

    private static final class Profile {
        final TransitionCounts counts;
        final Map<Long, RunningProcess> running = new HashMap<>();
        final List<int[]> finished = new ArrayList<>();

        Profile(ModelConfig config) {
            counts = new TransitionCounts(config);
        }
    }

    private static final class RunningProcess {
        final History history;
        int[] symbols = new int[64];
        int length;

        RunningProcess(History history) {
            this.history = history;
        }

        void append(int symbol) {
            if (length == symbols.length) {
                symbols = Arrays.copyOf(symbols, length * 2);
            }
            symbols[length++] = symbol;
        }
    }

    public ProfileLearner(ModelConfig config, AlphabetRef alphabet) {
        this.config = config;
        this.alphabet = alphabet;
    }

    /** Learns one event (already encoded by the alphabet) of process {@code processKey} in {@code profile}. */
    public void observe(String profile, long processKey, int symbol) {
        Profile p = profiles.computeIfAbsent(profile, k -> new Profile(config));
        RunningProcess proc = p.running.computeIfAbsent(processKey, k -> new RunningProcess(p.counts.newHistory()));
        p.counts.observe(proc.history, symbol);
        proc.append(symbol);
    }

    /** Marks a process as ended (exit); its next event, if the key is reused, starts a new process. */
    public void endProcess(String profile, long processKey) {
        Profile p = profiles.get(profile);
        if (p == null) {
            return;
        }
        RunningProcess proc = p.running.remove(processKey);
        if (proc != null) {
            p.finished.add(Arrays.copyOf(proc.symbols, proc.length));
        }
    }

    /** Completeness of a profile's learning so far, or null for an unknown profile. */
    public Completeness completeness(String profile) {
        Profile p = profiles.get(profile);
        return p == null ? null : p.counts.completeness(config.readyUnseenMass());
    }

    public List<String> profiles() {
        return List.copyOf(profiles.keySet());
    }

    /**
     * Builds the profile's model from everything learned so far; processes still running take part in
     * calibration with what they did up to now.
     *
     * @throws IllegalArgumentException for a profile with no events
     */
    public TrainedModel build(String profile, Provenance provenance) {
        Profile p = profiles.get(profile);
        if (p == null) {
            throw new IllegalArgumentException("no events learned for profile '" + profile + "'");
        }
        List<int[]> traces = new ArrayList<>(p.finished);
        p.running.values().forEach(proc -> traces.add(Arrays.copyOf(proc.symbols, proc.length)));
        return new ModelTrainer(config).build(profile, alphabet, p.counts, traces, provenance);
    }
}

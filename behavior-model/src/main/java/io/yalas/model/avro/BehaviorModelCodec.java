package io.yalas.model.avro;

import io.yalas.model.alphabet.AlphabetRef;
import io.yalas.model.markov.Completeness;
import io.yalas.model.markov.ContextCounts;
import io.yalas.model.markov.MarkovModel;
import io.yalas.model.markov.ModelConfig;
import io.yalas.model.train.ModelState;
import io.yalas.model.train.Provenance;
import io.yalas.model.train.ScoreSummary;
import io.yalas.model.train.Threshold;
import io.yalas.model.train.TrainedModel;
import io.yalas.schemas.BehaviorModel;
import io.yalas.schemas.CompletenessPoint;
import io.yalas.schemas.ModelCompleteness;
import io.yalas.schemas.ModelProvenance;
import io.yalas.schemas.ModelThreshold;
import io.yalas.schemas.ScoreDistribution;
import io.yalas.schemas.ScoringParams;
import io.yalas.schemas.Smoothing;
import io.yalas.schemas.SmoothingMethod;
import io.yalas.model.score.Calibration;
import io.yalas.model.score.SetNoveltyModel;
import io.yalas.schemas.CombinationRule;
import io.yalas.schemas.DetectorCalibration;
import io.yalas.schemas.SetNovelty;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Converts between {@link TrainedModel} and the Avro {@link BehaviorModel}. Only counts are stored;
 * the scoring tables are rebuilt from them on load, so a stored model cannot disagree with its counts.
 * The set-novelty detector is stored as its training symbol sets, the calibration as the held-out scores
 * behind its p-values.
 */
public final class BehaviorModelCodec {
    private BehaviorModelCodec() {
    }

    public static BehaviorModel toAvro(TrainedModel m) {
        MarkovModel markov = m.markov();
        ModelConfig c = m.config();
        List<io.yalas.schemas.ContextCounts> contexts = new ArrayList<>(markov.contexts().size());
        for (ContextCounts cc : markov.contexts()) {
            contexts.add(new io.yalas.schemas.ContextCounts(boxInts(cc.context()), boxInts(cc.next()), boxLongs(cc.counts())));
        }
        Threshold t = m.threshold();
        ScoreSummary s = m.scores();
        Completeness k = m.completeness();
        Provenance p = m.provenance();
        return BehaviorModel.newBuilder()
                .setProfile(m.profile())
                .setModelVersion(m.version())
                .setState(io.yalas.schemas.ModelState.valueOf(m.state().name()))
                .setCreatedTime(m.createdAt())
                .setAlphabet(new io.yalas.schemas.AlphabetRef(m.alphabet().id(), m.alphabet().version(), m.alphabet().configuration()))
                .setMaxOrder(markov.maxOrder())
                .setSmoothing(new Smoothing(SmoothingMethod.WITTEN_BELL, c.pruneMinCount(), markov.vocabularySize()))
                .setContexts(contexts)
                .setScoring(new ScoringParams(c.window(), c.setNovelty()))
                .setThreshold(new ModelThreshold(t.targetFpr(), t.value(), t.folds(), t.heldOutProcesses(), t.heldOutFpr()))
                .setScoreDistribution(new ScoreDistribution(s.count(), s.mean(), s.stddev(), boxDoubles(s.quantiles()),
                        boxDoubles(s.values())))
                .setCompleteness(new ModelCompleteness(k.order(), k.observations(), k.singletons(), k.unseenMass(), k.trend(),
                        k.history().stream().map(h -> new CompletenessPoint(h.observations(), h.unseenMass())).toList(),
                        c.readyUnseenMass(), k.ready(), k.reason()))
                // What the sensor watched is not known to the learner; the model store records it (WatchedSyscalls).
                .setProvenance(new ModelProvenance(p.runs(), p.testSuite(), p.hosts(), p.firstEvent(), p.lastEvent(),
                        m.trainingProcesses(), markov.trainingSymbols(), null))
                .setSetNovelty(m.sets() == null ? null
                        : new SetNovelty(m.sets().sets().stream().map(BehaviorModelCodec::boxInts).toList(), SetNoveltyModel.UNKNOWN_BUCKETS))
                .setCalibration(m.calibration() == null ? null : calibration(m.calibration()))
                .build();
    }

    private static DetectorCalibration calibration(Calibration c) {
        return new DetectorCalibration(CombinationRule.valueOf(c.rule().name()), boxDoubles(c.markovScores()),
                boxDoubles(c.setScores()), c.targetFpr(), c.threshold(), c.heldOutFpr());
    }

    /**
     * Rebuilds the model.
     *
     * @throws IllegalArgumentException if the stored counts are inconsistent (not suffix-closed, bad arrays)
     */
    public static TrainedModel fromAvro(BehaviorModel a) {
        List<ContextCounts> contexts = new ArrayList<>(a.getContexts().size());
        for (io.yalas.schemas.ContextCounts cc : a.getContexts()) {
            contexts.add(new ContextCounts(unboxInts(cc.getContext()), unboxInts(cc.getNext()), unboxLongs(cc.getCounts())));
        }
        MarkovModel markov = MarkovModel.of(a.getMaxOrder(), contexts);
        ModelThreshold t = a.getThreshold();
        ModelCompleteness k = a.getCompleteness();
        ModelConfig config = new ModelConfig(a.getMaxOrder(), a.getSmoothing().getPruneMinCount(), a.getScoring().getWindow(),
                t.getTargetFpr(), t.getFolds(), k.getOrder(), k.getReadyUnseenMass(), a.getScoring().getSetNovelty());
        SetNoveltyModel sets = null;
        Calibration calibration = null;
        if ((a.getSetNovelty() == null) != (a.getCalibration() == null)) {
            throw new IllegalArgumentException("set_novelty and calibration must both be present or both be null");
        }
        if (a.getSetNovelty() != null) {
            if (a.getSetNovelty().getUnknownBuckets() != SetNoveltyModel.UNKNOWN_BUCKETS) {
                throw new IllegalArgumentException("unsupported unknown_buckets " + a.getSetNovelty().getUnknownBuckets());
            }
            sets = SetNoveltyModel.of(a.getSetNovelty().getSets().stream().map(BehaviorModelCodec::unboxInts).toList());
            DetectorCalibration dc = a.getCalibration();
            calibration = new Calibration(Calibration.Rule.valueOf(dc.getRule().name()), unboxDoubles(dc.getMarkovHeldOut()),
                    unboxDoubles(dc.getSetHeldOut()), dc.getThreshold(), dc.getTargetFpr(), dc.getHeldOutFpr());
        }
        ScoreDistribution s = a.getScoreDistribution();
        ModelProvenance p = a.getProvenance();
        return new TrainedModel(a.getProfile(), a.getModelVersion(),
                new AlphabetRef(a.getAlphabet().getId(), a.getAlphabet().getVersion(), a.getAlphabet().getConfiguration()), config, markov,
                new Threshold(t.getTargetFpr(), t.getValue(), a.getScoring().getWindow(), t.getFolds(),
                        t.getHeldOutProcesses(), t.getHeldOutFpr()),
                new ScoreSummary(s.getCount(), s.getMean(), s.getStddev(), unboxDoubles(s.getQuantiles()),
                        unboxDoubles(s.getValues())),
                new Completeness(k.getOrder(), k.getObservations(), k.getSingletons(), k.getUnseenMass(), k.getTrend(),
                        k.getHistory().stream().map(h -> new Completeness.Checkpoint(h.getObservations(), h.getUnseenMass())).toList(),
                        k.getReady(), k.getReason()),
                new Provenance(p.getRuns(), p.getTestSuite(), p.getHosts(), p.getFirstEventTime(), p.getLastEventTime()),
                p.getProcesses(), ModelState.valueOf(a.getState().name()), a.getCreatedTime(), sets, calibration);
    }

    /** Avro single-object encoding (with schema fingerprint), e.g. for the model-store. */
    public static byte[] toBytes(TrainedModel m) {
        try {
            ByteBuffer buf = BehaviorModel.getEncoder().encode(toAvro(m));
            return Arrays.copyOfRange(buf.array(), buf.arrayOffset() + buf.position(), buf.arrayOffset() + buf.limit());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode model " + m.profile(), e);
        }
    }

    /**
     * Decodes single-object bytes written with this schema or an earlier version of it (kept as resources:
     * models stored before a schema change still load; their new fields take the schema defaults).
     */
    public static TrainedModel fromBytes(byte[] bytes) {
        try {
            return fromAvro(DECODER.decode(bytes));
        } catch (IOException | AvroRuntimeException e) {
            throw new IllegalArgumentException("not a BehaviorModel: " + e.getMessage(), e);
        }
    }

    private static final String[] EARLIER_SCHEMAS = {"BehaviorModel-1.avsc"};
    private static final BinaryMessageDecoder<BehaviorModel> DECODER = decoder();

    private static BinaryMessageDecoder<BehaviorModel> decoder() {
        BinaryMessageDecoder<BehaviorModel> d = BehaviorModel.createDecoder(null);
        for (String name : EARLIER_SCHEMAS) {
            try (InputStream in = BehaviorModelCodec.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + name);
                }
                d.addSchema(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + name, e);
            }
        }
        return d;
    }

    private static List<Integer> boxInts(int[] a) {
        return Arrays.stream(a).boxed().toList();
    }

    private static List<Long> boxLongs(long[] a) {
        return Arrays.stream(a).boxed().toList();
    }

    private static List<Double> boxDoubles(double[] a) {
        return Arrays.stream(a).boxed().toList();
    }

    private static int[] unboxInts(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    private static long[] unboxLongs(List<Long> l) {
        return l.stream().mapToLong(Long::longValue).toArray();
    }

    private static double[] unboxDoubles(List<Double> l) {
        return l.stream().mapToDouble(Double::doubleValue).toArray();
    }
}

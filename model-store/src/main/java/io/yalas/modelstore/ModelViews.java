package io.yalas.modelstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yalas.model.alphabet.EventAlphabet;
import io.yalas.model.avro.BehaviorModelCodec;
import io.yalas.model.compare.ModelComparison;
import io.yalas.model.train.TrainedModel;
import io.yalas.schemas.BehaviorModel;

import java.util.Locale;
import java.util.function.IntFunction;

/** What people and scripts see of a model: summaries without the counts, and diffs with readable symbols. */
public final class ModelViews {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int DIFF_LIMIT = 20;

    private ModelViews() {
    }

    public static ObjectNode summary(BehaviorModel m) {
        ObjectNode o = JSON.createObjectNode();
        o.put("profile", m.getProfile());
        o.put("version", m.getModelVersion());
        o.put("state", m.getState().name());
        o.put("created", m.getCreatedTime().toString());
        o.put("alphabet", m.getAlphabet().getId() + " v" + m.getAlphabet().getVersion());
        if (m.getAlphabet().getConfiguration() != null && !m.getAlphabet().getId().equals(EventAlphabet.DEFAULT.ref().id())) {
            // A custom alphabet is part of what the model means: show the rules it was learned with.
            ArrayNode rules = o.putArray("alphabet_configuration");
            m.getAlphabet().getConfiguration().lines().forEach(rules::add);
        }
        o.put("max_order", m.getMaxOrder());
        o.put("contexts", m.getContexts().size());
        o.put("threshold", m.getThreshold().getValue());
        o.put("target_fpr", m.getThreshold().getTargetFpr());
        o.put("unseen_mass", m.getCompleteness().getUnseenMass());
        o.put("ready", m.getCompleteness().getReady());
        o.put("completeness", m.getCompleteness().getReason());
        o.put("processes", m.getProvenance().getProcesses());
        o.put("symbols", m.getProvenance().getSymbols());
        ArrayNode runs = o.putArray("runs");
        m.getProvenance().getRuns().forEach(runs::add);
        o.put("syscalls", m.getSyscalls().size());
        // null: not known when the model was stored; a seccomp export then looks in the stats topic
        o.put("watched_syscalls", m.getProvenance().getWatchedSyscalls() == null ? null : m.getProvenance().getWatchedSyscalls().size());
        return o;
    }

    public static String line(BehaviorModel m) {
        return String.format(Locale.ROOT, "%-40s v%-4d %-9s unseen=%.4f %-9s threshold=%.3f processes=%d symbols=%d",
                m.getProfile(), m.getModelVersion(), m.getState(), m.getCompleteness().getUnseenMass(),
                m.getCompleteness().getReady() ? "ready" : "not-ready", m.getThreshold().getValue(),
                m.getProvenance().getProcesses(), m.getProvenance().getSymbols());
    }

    public static ModelComparison.ModelDiff diff(BehaviorModel a, BehaviorModel b) {
        requireSameAlphabet(a, b);
        TrainedModel ta = BehaviorModelCodec.fromAvro(a);
        TrainedModel tb = BehaviorModelCodec.fromAvro(b);
        return ModelComparison.diff(ta.markov(), tb.markov(), DIFF_LIMIT);
    }

    public static String diffText(BehaviorModel a, BehaviorModel b) {
        return "A = " + a.getProfile() + "@" + a.getModelVersion() + ", B = " + b.getProfile() + "@" + b.getModelVersion()
                + System.lineSeparator() + diff(a, b).toText(names(a));
    }

    public static ObjectNode diffJson(BehaviorModel a, BehaviorModel b) {
        ModelComparison.ModelDiff d = diff(a, b);
        IntFunction<String> names = names(a);
        ObjectNode o = JSON.createObjectNode();
        o.put("a", a.getProfile() + "@" + a.getModelVersion());
        o.put("b", b.getProfile() + "@" + b.getModelVersion());
        o.put("jensen_shannon_bits", d.jensenShannonBits());
        d.symbolsOnlyInA().forEach(x -> o.withArray("symbols_only_in_a").add(x.describe(names)));
        d.symbolsOnlyInB().forEach(x -> o.withArray("symbols_only_in_b").add(x.describe(names)));
        d.transitionsOnlyInA().forEach(x -> o.withArray("transitions_only_in_a").add(x.describe(names)));
        d.transitionsOnlyInB().forEach(x -> o.withArray("transitions_only_in_b").add(x.describe(names)));
        return o;
    }

    private static void requireSameAlphabet(BehaviorModel a, BehaviorModel b) {
        if (!a.getAlphabet().equals(b.getAlphabet())) {
            throw new ModelStoreException(422, "models use different alphabets (" + a.getAlphabet().getId() + " v"
                    + a.getAlphabet().getVersion() + " vs " + b.getAlphabet().getId() + " v" + b.getAlphabet().getVersion()
                    + "): their symbols are not comparable");
        }
    }

    /** The event alphabet's three-letter symbols for event models; plain numbers for syscall-number models. */
    private static IntFunction<String> names(BehaviorModel m) {
        if (m.getAlphabet().getId().startsWith("yalas-event")) {
            return EventAlphabet.DEFAULT::describe;
        }
        return Integer::toString;
    }
}

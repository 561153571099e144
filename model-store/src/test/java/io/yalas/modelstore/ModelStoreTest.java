package io.yalas.modelstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yalas.model.alphabet.IntegerAlphabet;
import io.yalas.model.avro.BehaviorModelCodec;
import io.yalas.model.markov.ModelConfig;
import io.yalas.model.train.ModelTrainer;
import io.yalas.model.train.Provenance;
import io.yalas.schemas.BehaviorModel;
import io.yalas.schemas.HostStats;
import io.yalas.schemas.KafkaConnection;
import io.yalas.schemas.ModelProvenance;
import io.yalas.schemas.ModelState;
import io.yalas.schemas.SyscallCount;
import io.yalas.schemas.Topics;
import io.yalas.schemas.wire.AvroSerializer;
import io.yalas.schemas.wire.HttpSchemaRegistryClient;
import io.yalas.stack.PortAllocator;
import io.yalas.stack.StackConfig;
import io.yalas.stack.YalasStack;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store against a real embedded broker and registry, restarted on the same data directory. */
class ModelStoreTest {
    @TempDir
    static Path dataDir;
    static YalasStack stack;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        stack = YalasStack.start(StackConfig.embedded(dataDir).withoutFlink());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    /** A model learned from synthetic traces of a loop over {@code alphabetSize} symbols, with the given syscall names. */
    static BehaviorModel model(String profile, int alphabetSize, List<String> syscalls) {
        Random random = new Random(alphabetSize);
        List<int[]> traces = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            int[] trace = new int[300];
            for (int i = 0; i < trace.length; i++) {
                trace[i] = random.nextInt(10) == 0 ? random.nextInt(alphabetSize) : i % alphabetSize;
            }
            traces.add(trace);
        }
        var trained = new ModelTrainer(ModelConfig.DEFAULT.withWindow(20))
                .train(profile, IntegerAlphabet.SYSCALL_NUMBERS.ref(), traces, Provenance.UNKNOWN);
        List<SyscallCount> counts = syscalls.stream().map(s -> new SyscallCount(s, 7L)).toList();
        return BehaviorModel.newBuilder(BehaviorModelCodec.toAvro(trained)).setSyscalls(counts).build();
    }

    @Test
    void versionsPromotionAndRetirementSurviveARestart() {
        String profile = "/usr/sbin/nginx";
        try (ModelStore store = ModelStore.open(stack.kafka(), stack.schemaRegistry())) {
            BehaviorModel v1 = store.add(model(profile, 5, List.of("read", "write")));
            BehaviorModel v2 = store.add(model(profile, 6, List.of("read", "write", "openat")));
            assertEquals(1, v1.getModelVersion());
            assertEquals(2, v2.getModelVersion());
            assertEquals(ModelState.LEARNING, v2.getState());
            store.promote(new ModelKey(profile, 1));
            store.promote(new ModelKey(profile, 2));
            assertEquals(2, store.enforcing(profile).orElseThrow().getModelVersion());
            assertEquals(ModelState.RETIRED, store.require(new ModelKey(profile, 1)).getState());
        }
        stack.close();
        stack = YalasStack.start(StackConfig.embedded(dataDir).withoutFlink());
        try (ModelStore store = ModelStore.open(stack.kafka(), stack.schemaRegistry())) {
            List<BehaviorModel> versions = store.versions(profile);
            assertEquals(List.of(1L, 2L), versions.stream().map(BehaviorModel::getModelVersion).toList());
            assertEquals(List.of(ModelState.RETIRED, ModelState.ENFORCING), versions.stream().map(BehaviorModel::getState).toList());
            assertEquals(3, store.add(model(profile, 7, List.of("read"))).getModelVersion());
        }
    }

    @Test
    void aModelWhoseAlphabetDetectionCannotRebuildIsNotPromoted() {
        String profile = "/usr/sbin/custom";
        BehaviorModel learned = model(profile, 5, List.of("read"));
        // An event alphabet with a custom fingerprint but no stored configuration (e.g. hand-edited or truncated).
        learned.setAlphabet(new io.yalas.schemas.AlphabetRef("yalas-event-0badc0de", 1, null));
        try (ModelStore store = ModelStore.open(stack.kafka(), stack.schemaRegistry())) {
            BehaviorModel v = store.add(learned);
            ModelStoreException e = assertThrows(ModelStoreException.class, () -> store.promote(new ModelKey(profile, v.getModelVersion())));
            assertEquals(422, e.status());
            assertTrue(e.getMessage().contains("cannot promote " + profile + "@" + v.getModelVersion() + ": detection could not use it"),
                    e.getMessage());
            assertEquals(ModelState.LEARNING, store.require(new ModelKey(profile, v.getModelVersion())).getState());
        }
    }

    @Test
    void storesSeeEachOthersWrites() {
        try (ModelStore writer = ModelStore.open(stack.kafka(), stack.schemaRegistry());
             ModelStore reader = ModelStore.open(stack.kafka(), stack.schemaRegistry())) {
            writer.add(model("shared", 4, List.of("read")));
            reader.refresh();
            assertEquals(1, reader.versions("shared").size());
        }
    }

    @Test
    void diffOfTwoModelsShowsWhatDiffers() {
        try (ModelStore store = ModelStore.open(stack.kafka(), stack.schemaRegistry())) {
            BehaviorModel a = store.add(model("diff-a", 4, List.of("read")));
            BehaviorModel b = store.add(model("diff-b", 8, List.of("read")));
            BehaviorModel same = store.add(model("diff-a", 4, List.of("read")));
            JsonNode d = ModelViews.diffJson(a, b);
            assertTrue(d.get("jensen_shannon_bits").asDouble() > 0.1, d.toString());
            assertTrue(d.get("symbols_only_in_b").size() > 0, d.toString());
            assertEquals(0.0, ModelViews.diffJson(a, same).get("jensen_shannon_bits").asDouble(), 1e-12);
            assertTrue(ModelViews.diffText(a, b).contains("symbols only in B"));
        }
    }

    @Test
    void seccompExportAllowsTheLearnedSyscallsAndRefusesOnlyWatchedOnesNeverSeen() throws Exception {
        BehaviorModel m = model("seccomp", 5, List.of("write", "read", "sched_process_exec", "openat", "tty_write"));
        JsonNode profile = new ObjectMapper().readTree(SeccompExport.toJson(m));
        assertEquals("SCMP_ACT_ALLOW", profile.get("defaultAction").asText(), "syscalls the sensor never watched stay allowed");
        JsonNode allow = profile.get("syscalls").get(0);
        assertEquals("SCMP_ACT_ALLOW", allow.get("action").asText());
        assertEquals(List.of("openat", "read", "write"), names(allow), "exactly the learned syscalls");
        JsonNode refuse = profile.get("syscalls").get(1);
        assertEquals("SCMP_ACT_ERRNO", refuse.get("action").asText());
        List<String> refused = names(refuse);
        assertTrue(refused.containsAll(List.of("ptrace", "init_module", "setuid", "connect")), refused.toString());
        assertFalse(refused.contains("read") || refused.contains("futex") || refused.contains("sched_process_exec"), refused.toString());
        assertEquals(io.yalas.shipper.abi.Syscalls.all().size() - 3, refused.size(), "every watched syscall but the three learned");
        ModelStoreException empty = assertThrows(ModelStoreException.class, () -> SeccompExport.toJson(model("none", 5, List.of())));
        assertEquals(422, empty.status());
    }

    /** {@code m} learned on {@code hosts} from events between the two times. */
    static BehaviorModel learnedOn(BehaviorModel m, List<String> hosts, Instant first, Instant last) {
        return BehaviorModel.newBuilder(m).setProvenance(ModelProvenance.newBuilder(m.getProvenance()).setHosts(hosts)
                .setFirstEventTime(first).setLastEventTime(last).build()).build();
    }

    /** One HostStats interval of {@code host}: events published between the two times, with a mask. */
    static HostStats stats(String host, Instant from, Instant to, long eventsOut, List<String> watched) {
        Instant now = Instant.now();
        return HostStats.newBuilder().setHost(host).setBootId("capture:" + host).setIntervalStart(now.minusSeconds(10))
                .setIntervalEnd(now).setFirstSeq(0).setLastSeq(eventsOut - 1).setKernelRecords(eventsOut).setKernelBytes(100)
                .setEventsIn(eventsOut).setEventsOut(eventsOut).setKafkaBytes(10).setReductionRatio(10.0)
                .setWatchedSyscalls(watched).setFirstEventTime(eventsOut == 0 ? null : from)
                .setLastEventTime(eventsOut == 0 ? null : to).build();
    }

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final List<String> MASK = List.of("read", "write", "openat", "connect", "ptrace");

    @Test
    void watchedSetIsTheUnionOfTheMasksOfTheModelsHostsOverItsTrainingTime() {
        BehaviorModel m = learnedOn(model("w", 5, List.of("read", "write")), List.of("h1", "h2"), T0, T0.plusSeconds(600));
        WatchedSyscalls w = WatchedSyscalls.from(m, List.of(
                stats("h1", T0.minusSeconds(30), T0.plusSeconds(10), 50, List.of("read", "write", "openat")),
                stats("h2", T0.plusSeconds(590), T0.plusSeconds(700), 50, List.of("read", "connect")),
                stats("h1", T0.plusSeconds(601), T0.plusSeconds(900), 50, List.of("mount")),        // after training
                stats("other", T0, T0.plusSeconds(600), 50, List.of("bpf")),                       // another host
                stats("h2", T0, T0.plusSeconds(600), 0, List.of())));                             // published nothing
        assertEquals(List.of("connect", "openat", "read", "write"), w.names());
        assertTrue(w.note().isEmpty(), "a known set needs no note");
        assertEquals(List.of("connect", "openat"), SeccompExport.refusedSyscalls(m, w));
        // a mask of only learned syscalls: nothing to refuse, the profile has the allow rule alone
        JsonNode onlyAllow = readJson(SeccompExport.toJson(m, WatchedSyscalls.of(List.of("write", "read"), "test")));
        assertEquals(1, onlyAllow.get("syscalls").size(), onlyAllow.toString());
        assertEquals("SCMP_ACT_ALLOW", onlyAllow.get("defaultAction").asText());

        // one matching interval without a recorded mask: the whole table, said in the note
        WatchedSyscalls unknown = WatchedSyscalls.from(m, List.of(
                stats("h1", T0, T0.plusSeconds(10), 50, List.of("read")),
                stats("h2", T0.plusSeconds(20), T0.plusSeconds(30), 50, List.of())));
        assertEquals(io.yalas.shipper.abi.Syscalls.all().size(), unknown.names().size());
        assertTrue(unknown.note().orElseThrow().contains("host h2") && unknown.note().orElseThrow().contains("no syscall mask"),
                unknown.note().toString());

        // nothing matching, or a model without provenance: the whole table too
        WatchedSyscalls none = WatchedSyscalls.from(m, List.of(stats("other", T0, T0, 5, List.of("read"))));
        assertEquals(io.yalas.shipper.abi.Syscalls.all().size(), none.names().size());
        assertTrue(none.note().orElseThrow().contains("no HostStats of h1, h2"), none.note().toString());
        WatchedSyscalls noProvenance = WatchedSyscalls.from(model("w", 5, List.of("read")), List.of(stats("h1", T0, T0, 5, MASK)));
        assertTrue(noProvenance.note().orElseThrow().contains("no training hosts"), noProvenance.note().toString());

        // a record of an older shipper (no event times) is matched on its interval
        HostStats old = HostStats.newBuilder(stats("h1", T0, T0, 5, List.of("read", "kill"))).setIntervalStart(T0.plusSeconds(100))
                .setIntervalEnd(T0.plusSeconds(110)).setFirstEventTime(null).setLastEventTime(null).build();
        assertEquals(List.of("kill", "read"), WatchedSyscalls.from(m, List.of(old)).names());
    }

    @Test
    void seccompExportOfAMaskedCaptureRefusesOnlyWatchedSyscallsNeverSeen() throws Exception {
        // the shipper replayed a capture made with "yalas-capture -m read,write,openat,connect,ptrace" on masked-host;
        // its HostStats carry the mask and the recorded (not the replay's) event times
        AvroSerializer<HostStats> ser = new AvroSerializer<>(new HttpSchemaRegistryClient(stack.schemaRegistry()),
                AvroSerializer.valueSubject(Topics.STATS), HostStats.getClassSchema());
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", stack.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (HostStats s : List.of(stats("masked-host", T0, T0.plusSeconds(300), 400, MASK),
                    stats("masked-host", T0.plusSeconds(300), T0.plusSeconds(600), 400, MASK),
                    stats("unmasked-host", T0, T0.plusSeconds(600), 400, List.of()))) {
                p.send(new ProducerRecord<>(Topics.STATS, s.getHost().getBytes(StandardCharsets.UTF_8), ser.serialize(s))).get();
            }
            // a damaged record among them is skipped, not a reason to forget every mask
            p.send(new ProducerRecord<>(Topics.STATS, "masked-host".getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0, 0, 1, 42})).get();
            p.send(new ProducerRecord<>(Topics.STATS, "masked-host".getBytes(StandardCharsets.UTF_8), new byte[] {0, 0x7f, 0x7f, 0x7f, 0x7d, 42})).get();
        }
        try (ModelStore store = ModelStore.open(stack.kafka(), stack.schemaRegistry())) {
            BehaviorModel m = store.add(learnedOn(model("masked", 5, List.of("read", "write", "sched_process_exec")),
                    List.of("masked-host"), T0.plusSeconds(5), T0.plusSeconds(590)));
            WatchedSyscalls watched = store.watchedWhileLearning(m, Topics.STATS);
            assertEquals(List.of("connect", "openat", "ptrace", "read", "write"), watched.names());
            assertTrue(watched.note().isEmpty());
            JsonNode profile = new ObjectMapper().readTree(SeccompExport.toJson(m, watched));
            assertEquals("SCMP_ACT_ALLOW", profile.get("defaultAction").asText());
            assertEquals(List.of("read", "write"), names(profile.get("syscalls").get(0)));
            JsonNode refuse = profile.get("syscalls").get(1);
            assertEquals("SCMP_ACT_ERRNO", refuse.get("action").asText());
            assertEquals(List.of("connect", "openat", "ptrace"), names(refuse),
                    "only what the masked capture watched and the model never saw; setuid, mount, ... were never watched");
            assertTrue(refuse.get("comment").asText().contains("masked-host"), refuse.toString());

            // the same model learned on a host whose capture recorded no mask: the whole table, with the note
            BehaviorModel u = learnedOn(m, List.of("unmasked-host"), T0.plusSeconds(5), T0.plusSeconds(590));
            WatchedSyscalls assumed = store.watchedWhileLearning(u, Topics.STATS);
            assertTrue(assumed.note().orElseThrow().startsWith("assuming the sensor watched every syscall"), assumed.note().toString());
            assertEquals(io.yalas.shipper.abi.Syscalls.all().size() - 2, SeccompExport.refusedSyscalls(u, assumed).size());
            // and a stats topic that does not exist
            assertTrue(store.watchedWhileLearning(m, "no.such.topic").note().orElseThrow().contains("does not exist"));

            // learning records a known set in the model, read once for all models; an assumption is not recorded
            List<WatchedSyscalls> both = store.watchedWhileLearning(List.of(m, u), Topics.STATS);
            BehaviorModel recorded = store.add(WatchedSyscalls.recordedIn(m, both.get(0)));
            assertNull(WatchedSyscalls.recordedIn(u, both.get(1)).getProvenance().getWatchedSyscalls());
            BehaviorModel reread = store.resolve(recorded.getProfile() + "@" + recorded.getModelVersion());
            assertEquals(List.of("connect", "openat", "ptrace", "read", "write"), reread.getProvenance().getWatchedSyscalls());
            assertEquals(5, ModelViews.summary(reread).get("watched_syscalls").asInt());
            // a recorded set needs no stats topic at export: an unreachable cluster still gives it, without a note
            WatchedSyscalls fromModel = WatchedSyscalls.fromTopic(reread, KafkaConnection.plain("127.0.0.1:" + PortAllocator.freePort(0)),
                    new HttpSchemaRegistryClient(stack.schemaRegistry()), Topics.STATS, Duration.ofSeconds(2));
            assertEquals(watched.names(), fromModel.names());
            assertTrue(fromModel.note().isEmpty(), fromModel.note().toString());
            assertTrue(fromModel.source().contains("masked-host"), fromModel.source());
            assertEquals(SeccompExport.refusedSyscalls(m, watched), SeccompExport.refusedSyscalls(reread, fromModel));
        }
    }

    static JsonNode readJson(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> names(JsonNode rule) {
        List<String> names = new ArrayList<>();
        rule.get("names").forEach(n -> names.add(n.asText()));
        return names;
    }

    @Test
    void httpApiServesAndRefusesBadRequestsClearly() throws Exception {
        try (ModelStore store = ModelStore.open(stack.kafka(), stack.schemaRegistry());
             ModelStoreServer server = ModelStoreServer.start(store, "127.0.0.1", 0)) {
            String profile = "/srv/app";
            store.add(model(profile, 5, List.of("read", "write")));
            String enc = URLEncoder.encode(profile, StandardCharsets.UTF_8);
            assertEquals(200, call(server, "GET", "/models").statusCode());
            assertTrue(call(server, "GET", "/health").body().startsWith("{\"status\":\"ok\""));
            HttpResponse<String> one = call(server, "GET", "/models/" + enc + "/1");
            assertEquals(200, one.statusCode(), one.body());
            assertTrue(one.body().contains("\"state\":\"LEARNING\""), one.body());
            BehaviorModel early = model("/srv/early", 5, List.of("read"));
            early.setCompleteness(io.yalas.schemas.ModelCompleteness.newBuilder(early.getCompleteness()).setReady(false)
                    .setReason("keep learning: test").build());
            store.add(early);
            assertStatus(call(server, "POST", "/models/%2Fsrv%2Fearly/1/promote?require_ready=true"), 409,
                    "/srv/early@1 is not ready to enforce (keep learning: test); nothing changed");
            assertEquals(ModelState.LEARNING, store.require(new ModelKey("/srv/early", 1)).getState());
            HttpResponse<String> promoted = call(server, "POST", "/models/" + enc + "/1/promote?require_ready=true");
            assertEquals(200, promoted.statusCode(), promoted.body());
            assertTrue(call(server, "GET", "/models/" + enc + "/enforcing").body().contains("\"version\":1"));
            assertTrue(call(server, "GET", "/models/" + enc + "/1/seccomp").body().contains("SCMP_ACT_ALLOW"));
            HttpResponse<String> diff = call(server, "GET", "/diff?a=" + enc + "@1&b=" + enc + "@latest");
            assertEquals(200, diff.statusCode(), diff.body());

            assertStatus(call(server, "GET", "/models/nope"), 404, "profile 'nope' not found");
            assertStatus(call(server, "GET", "/models/" + enc + "/9"), 404, "not found");
            assertStatus(call(server, "POST", "/models/" + enc + "/x/promote"), 400, "version must be a number");
            assertStatus(call(server, "GET", "/models/" + enc + "/1/promote"), 405, "not supported");
            assertStatus(call(server, "GET", "/diff?a=" + enc + "@1"), 400, "needs both");
            assertStatus(call(server, "GET", "/elsewhere"), 404, "no such resource");
            assertEquals(1, store.versions(profile).size(), "bad requests change nothing");
        }
    }

    @Test
    void withAWriteTokenPromoteAndRetireNeedItAndReadsStayOpen() throws Exception {
        try (ModelStore store = ModelStore.open(stack.kafka(), stack.schemaRegistry());
             ModelStoreServer server = ModelStoreServer.start(store, "127.0.0.1", 0, Optional.of("0123456789abcdef0123"))) {
            store.add(model("/srv/guarded", 5, List.of("read")));
            long version = store.versions("/srv/guarded").size();
            String promote = "/models/%2Fsrv%2Fguarded/" + version + "/promote";
            assertStatus(call(server, "POST", promote), 401, "write token");
            HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + promote))
                    .header("Authorization", "Bearer 0123456789abcdef0124").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, wrong.statusCode(), wrong.body());
            assertEquals(ModelState.LEARNING, store.require(new ModelKey("/srv/guarded", version)).getState(), "refused writes change nothing");

            HttpResponse<String> right = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + promote))
                    .header("Authorization", "Bearer 0123456789abcdef0123").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, right.statusCode(), right.body());
            assertEquals(200, call(server, "GET", "/models/%2Fsrv%2Fguarded/enforcing").statusCode(), "reads need no token");
        }
    }

    @Test
    void aRecordThatIsNotAModelIsSkippedAndReported() throws Exception {
        String topic = "yalas.models-damaged";
        HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(stack.schemaRegistry());
        try (ModelStore store = ModelStore.open(stack.kafka(), registry, topic, Duration.ofSeconds(15))) {
            store.add(model("before", 4, List.of("read")));
            try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", stack.bootstrapServers()),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                p.send(new ProducerRecord<>(topic, "before@2".getBytes(StandardCharsets.UTF_8), "not a model".getBytes(StandardCharsets.UTF_8))).get();
            }
            store.add(model("after", 4, List.of("read")));
        }
        try (ModelStore store = ModelStore.open(stack.kafka(), registry, topic, Duration.ofSeconds(15));
             ModelStoreServer server = ModelStoreServer.start(store, "127.0.0.1", 0)) {
            assertEquals(List.of("after", "before"), store.profiles(), "the models around it are all there");
            assertEquals(List.of(1L), store.unreadableOffsets());
            HttpResponse<String> health = call(server, "GET", "/health");
            assertEquals(200, health.statusCode());
            assertEquals("{\"status\":\"degraded\",\"profiles\":2,\"unreadable_records\":[1]}", health.body());
        }
    }

    @Test
    void unreachableKafkaIsAClearError() {
        ModelStoreException e = assertThrows(ModelStoreException.class, () -> ModelStore.open(
                KafkaConnection.plain("127.0.0.1:" + PortAllocator.freePort(0)), new io.yalas.schemas.wire.HttpSchemaRegistryClient(stack.schemaRegistryUrl()),
                io.yalas.schemas.Topics.MODELS, java.time.Duration.ofSeconds(2)));
        assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void modelKeysParseStrictly() {
        assertEquals(new ModelKey("a@b", 3), ModelKey.parse("a@b@3"));
        assertThrows(IllegalArgumentException.class, () -> ModelKey.parse("nover"));
        assertThrows(IllegalArgumentException.class, () -> ModelKey.parse("p@0"));
        assertThrows(IllegalArgumentException.class, () -> ModelKey.parse("p@x"));
    }

    private static HttpResponse<String> call(ModelStoreServer server, String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertStatus(HttpResponse<String> r, int status, String text) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.body().contains(text), r.body());
    }
}

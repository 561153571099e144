package io.yalas.modelstore;

import io.yalas.model.alphabet.AlphabetRef;
import io.yalas.model.alphabet.EventAlphabet;
import io.yalas.schemas.BehaviorModel;
import io.yalas.schemas.KafkaConnection;
import io.yalas.schemas.ModelState;
import io.yalas.schemas.Topics;
import io.yalas.schemas.wire.AvroDeserializer;
import io.yalas.schemas.wire.AvroSerializer;
import io.yalas.schemas.wire.HttpSchemaRegistryClient;
import io.yalas.schemas.wire.RegistryConnection;
import io.yalas.schemas.wire.SchemaRegistryClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The durable home of behaviour models: every version of every profile in a compacted Kafka topic
 * (Avro {@code BehaviorModel} in the Confluent wire format, key {@code profile@version}). The topic is
 * the only state: opening the store replays it, and {@link #refresh()} catches up with versions other
 * writers (the learn job, another CLI) added since. At most one version per profile is ENFORCING.
 */
public final class ModelStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final KafkaConnection kafka;
    private final SchemaRegistryClient registry;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroSerializer<BehaviorModel> serializer;
    private final AvroDeserializer<BehaviorModel> deserializer;
    private final TopicPartition partition;
    private final Map<String, NavigableMap<Long, BehaviorModel>> models = new TreeMap<>();
    private final List<Long> unreadableOffsets = new ArrayList<>();

    private ModelStore(KafkaConnection kafka, SchemaRegistryClient registry, String topic) {
        this.topic = topic;
        this.kafka = kafka;
        this.registry = registry;
        this.partition = new TopicPartition(topic, 0);
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(16 * 1024 * 1024));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(TIMEOUT.toMillis()));
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        Properties c = kafka.clientProperties();
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 * 1024 * 1024));
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        this.serializer = new AvroSerializer<>(registry, AvroSerializer.valueSubject(topic), BehaviorModel.getClassSchema());
        this.deserializer = new AvroDeserializer<>(registry, BehaviorModel.getClassSchema());
    }

    public static ModelStore open(KafkaConnection kafka, RegistryConnection schemaRegistry) {
        return open(kafka, new HttpSchemaRegistryClient(schemaRegistry), Topics.MODELS, Duration.ofSeconds(15));
    }

    /** {@code connectTimeout} bounds how long an unreachable Kafka keeps the caller waiting. */
    public static ModelStore open(KafkaConnection kafka, SchemaRegistryClient registry, String topic, Duration connectTimeout) {
        ensureTopic(kafka, topic, connectTimeout);
        ModelStore store = new ModelStore(kafka, registry, topic);
        try {
            store.consumer.assign(List.of(store.partition));
            store.consumer.seekToBeginning(List.of(store.partition));
            store.refresh();
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static void ensureTopic(KafkaConnection kafka, String topic, Duration timeout) {
        Map<String, Object> config = kafka.clientConfig();
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(config)) {
            NewTopic newTopic = new NewTopic(topic, 1, (short) 1).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(16 * 1024 * 1024)));
            admin.createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // The admin client's own timeout and ours are the same length: whichever fires first, no broker answered.
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new ModelStoreException(503, "Kafka at " + kafka.bootstrapServers() + " is unreachable: " + e.getCause(), e);
            }
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new ModelStoreException(503, "cannot create the model topic " + topic + ": " + e.getCause(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelStoreException(503, "interrupted while creating " + topic, e);
        } catch (Exception e) {
            throw new ModelStoreException(503, "Kafka at " + kafka.bootstrapServers() + " is unreachable: " + e, e);
        }
    }

    /** Reads what other writers appended since the last call. */
    public synchronized void refresh() {
        long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (consumer.position(partition, TIMEOUT) < end) {
            if (System.nanoTime() > deadline) {
                throw new ModelStoreException(503, "timed out reading " + topic);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.value() != null) {
                    read(record).ifPresent(this::apply);
                }
            }
        }
    }

    /**
     * The model a record holds, or empty when it does not decode: one bad record (written by something other
     * than YALAS, or damaged) must not make every model unreachable. It stays in the topic and is reported.
     */
    private Optional<BehaviorModel> read(ConsumerRecord<String, byte[]> record) {
        try {
            return Optional.of(deserializer.deserialize(record.value()));
        } catch (RuntimeException e) {
            if (!AvroDeserializer.isUnreadableRecord(e)) {
                throw new ModelStoreException(503, "the schema registry cannot be reached: " + e.getMessage(), e);
            }
            unreadableOffsets.add(record.offset());
            LOG.warn("skipping the record at {} offset {} (key {}), which is not a readable model: {}", topic, record.offset(), record.key(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Offsets of the records of the topic that are not readable models, skipped so far. */
    public synchronized List<Long> unreadableOffsets() {
        return List.copyOf(unreadableOffsets);
    }

    private void apply(BehaviorModel model) {
        models.computeIfAbsent(model.getProfile(), p -> new TreeMap<>()).put(model.getModelVersion(), model);
    }

    /**
     * Stores a newly learned model as the profile's next version, in state LEARNING whatever it says:
     * only {@link #promote} makes a model enforce.
     */
    public synchronized BehaviorModel add(BehaviorModel learned) {
        refresh();
        NavigableMap<Long, BehaviorModel> versions = models.get(learned.getProfile());
        long next = versions == null || versions.isEmpty() ? 1 : versions.lastKey() + 1;
        BehaviorModel stored = BehaviorModel.newBuilder(learned).setModelVersion(next).setState(ModelState.LEARNING).build();
        write(stored);
        return stored;
    }

    /**
     * Makes {@code key} the profile's enforcing model; the version enforcing before it is retired.
     * Promoting the enforcing version again changes nothing; a retired version may be promoted back.
     */
    public synchronized BehaviorModel promote(ModelKey key) {
        return promote(key, false);
    }

    /**
     * As {@link #promote(ModelKey)}; with {@code requireReady}, a model whose learning is not complete by its own
     * measure is refused (409) and nothing changes: what automated promotion wants.
     */
    public synchronized BehaviorModel promote(ModelKey key, boolean requireReady) {
        refresh();
        BehaviorModel target = require(key);
        if (requireReady && !target.getCompleteness().getReady()) {
            throw new ModelStoreException(409, key + " is not ready to enforce (" + target.getCompleteness().getReason() + "); nothing changed");
        }
        if (target.getState() == ModelState.ENFORCING) {
            return target;
        }
        requireUsableAlphabet(target);
        Optional<BehaviorModel> current = enforcing(key.profile());
        BehaviorModel promoted = BehaviorModel.newBuilder(target).setState(ModelState.ENFORCING).build();
        write(promoted);
        current.ifPresent(old -> write(BehaviorModel.newBuilder(old).setState(ModelState.RETIRED).build()));
        return promoted;
    }

    /**
     * An event model the detect job could not rebuild the alphabet of would leave its profile unprofiled: refused
     * here, where the operator acts, rather than discovered in the job's log.
     */
    private static void requireUsableAlphabet(BehaviorModel m) {
        io.yalas.schemas.AlphabetRef a = m.getAlphabet();
        if (!a.getId().startsWith("yalas-event-")) {
            return;
        }
        try {
            EventAlphabet.of(new AlphabetRef(a.getId(), a.getVersion(), a.getConfiguration()));
        } catch (IllegalArgumentException e) {
            throw new ModelStoreException(422, "cannot promote " + m.getProfile() + "@" + m.getModelVersion()
                    + ": detection could not use it: " + e.getMessage(), e);
        }
    }

    public synchronized BehaviorModel retire(ModelKey key) {
        refresh();
        BehaviorModel target = require(key);
        if (target.getState() == ModelState.RETIRED) {
            return target;
        }
        BehaviorModel retired = BehaviorModel.newBuilder(target).setState(ModelState.RETIRED).build();
        write(retired);
        return retired;
    }

    private void write(BehaviorModel model) {
        String key = new ModelKey(model.getProfile(), model.getModelVersion()).toString();
        try {
            producer.send(new ProducerRecord<>(topic, 0, key, serializer.serialize(model))).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelStoreException(503, "interrupted while storing " + key, e);
        } catch (Exception e) {
            throw new ModelStoreException(503, "cannot store model " + key + ": " + e.getMessage(), e);
        }
        apply(model);
    }

    public synchronized List<String> profiles() {
        return new ArrayList<>(models.keySet());
    }

    /** Every version of {@code profile}, oldest first. */
    public synchronized List<BehaviorModel> versions(String profile) {
        NavigableMap<Long, BehaviorModel> versions = models.get(profile);
        if (versions == null) {
            throw ModelStoreException.notFound("profile '" + profile + "'");
        }
        return new ArrayList<>(versions.values());
    }

    public synchronized BehaviorModel require(ModelKey key) {
        BehaviorModel model = versions(key.profile()).stream().filter(m -> m.getModelVersion() == key.version()).findFirst()
                .orElseThrow(() -> ModelStoreException.notFound("model " + key));
        return model;
    }

    public synchronized BehaviorModel latest(String profile) {
        List<BehaviorModel> versions = versions(profile);
        return versions.get(versions.size() - 1);
    }

    public synchronized Optional<BehaviorModel> enforcing(String profile) {
        NavigableMap<Long, BehaviorModel> versions = models.get(profile);
        if (versions == null) {
            return Optional.empty();
        }
        return versions.values().stream().filter(m -> m.getState() == ModelState.ENFORCING).findFirst();
    }

    /** The enforcing version of every profile that has one. */
    public synchronized List<BehaviorModel> enforcingModels() {
        List<BehaviorModel> out = new ArrayList<>();
        models.keySet().forEach(profile -> enforcing(profile).ifPresent(out::add));
        return out;
    }

    /** Resolves {@code profile@version} or {@code profile@latest} / {@code profile@enforcing}. */
    public synchronized BehaviorModel resolve(String spec) {
        int at = spec.lastIndexOf('@');
        if (at > 0 && spec.endsWith("@latest")) {
            return latest(spec.substring(0, at));
        }
        if (at > 0 && spec.endsWith("@enforcing")) {
            String profile = spec.substring(0, at);
            return enforcing(profile).orElseThrow(() -> ModelStoreException.notFound("enforcing model of '" + profile + "'"));
        }
        if (at < 0) {
            return latest(spec);
        }
        try {
            return require(ModelKey.parse(spec));
        } catch (IllegalArgumentException e) {
            throw new ModelStoreException(400, e.getMessage(), e);
        }
    }

    /**
     * What the sensor watched while {@code model} was learned, from the HostStats on {@code statsTopic}
     * (normally {@link Topics#STATS}) of the same cluster; see {@link WatchedSyscalls}.
     */
    public WatchedSyscalls watchedWhileLearning(BehaviorModel model, String statsTopic) {
        return WatchedSyscalls.fromTopic(model, kafka, registry, statsTopic, TIMEOUT);
    }

    /** The same for several models, reading {@code statsTopic} once; in the order of {@code models}. */
    public List<WatchedSyscalls> watchedWhileLearning(List<BehaviorModel> models, String statsTopic) {
        return WatchedSyscalls.fromTopic(models, kafka, registry, statsTopic, TIMEOUT);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        consumer.close(Duration.ofSeconds(5));
    }
}

package io.yalas.cli;

import io.yalas.schemas.Alert;
import io.yalas.schemas.Severity;
import io.yalas.schemas.Topics;
import io.yalas.schemas.wire.AvroDeserializer;
import io.yalas.schemas.wire.HttpSchemaRegistryClient;
import io.yalas.stack.YalasStack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Predicate;

@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = {"Prints the alerts of yalas.alerts, one line each or as JSON lines for other tools.",
                "Only alerts of committed detect checkpoints are shown (the topic is written exactly once). It prints what the",
                "topic holds now, oldest first by event time, and stops; with --follow it then prints new alerts as they come."})
public final class AlertsCommand implements Callable<Integer> {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);

    @Mixin
    StackOptions stackOptions;

    @Option(names = "--follow", description = "Keep printing alerts as they arrive.")
    boolean follow;

    @Option(names = "--since", paramLabel = "AGE|INSTANT",
            description = "Only alerts detected in the last AGE (30s, 15m, 2h, 7d) or since INSTANT (2026-11-21T15:00:00Z).")
    String since;

    @Option(names = "--min-severity", paramLabel = "SEVERITY",
            description = "Only alerts at least this severe: ${COMPLETION-CANDIDATES}.")
    Severity minSeverity;

    @Option(names = "--detector", paramLabel = "PREFIX",
            description = "Only alerts whose detector starts with PREFIX: markov, unprofiled, rule:, rule:debugger, ...")
    String detector;

    @Option(names = "--host", paramLabel = "HOST", description = "Only alerts of this host.")
    String host;

    @Option(names = "--explain", description = "Print each alert's evidence (least probable transitions, rule events) under it.")
    boolean explain;

    @Option(names = "--json", description = "One JSON object per alert and line.")
    boolean json;

    @Option(names = {"-n", "--last"}, paramLabel = "N", description = "Of the alerts the topic holds, only the latest N (then, with --follow, every new one).")
    Integer last;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (last != null && last < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--last must be >= 0");
        }
        Predicate<Alert> wanted = filter(since == null ? null : parseSince(since, Instant.now()));
        try (YalasStack stack = YalasStack.start(stackOptions.toTopicsConfig(spec.commandLine(), Path.of("data", "demo")))) {
            Topics.ensure(stack.kafka(), TIMEOUT);
            return print(stack, wanted);
        }
    }

    private Predicate<Alert> filter(Instant from) {
        return a -> (from == null || !a.getDetectedTime().isBefore(from))
                && (minSeverity == null || a.getSeverity().ordinal() >= minSeverity.ordinal())
                && (detector == null || a.getDetector().startsWith(detector))
                && (host == null || host.equals(a.getHost()));
    }

    /** An age such as 15m back from {@code now}, or an ISO-8601 instant. */
    Instant parseSince(String value, Instant now) {
        var age = java.util.regex.Pattern.compile("(\\d+)([smhd])").matcher(value);
        if (age.matches()) {
            long n = Long.parseLong(age.group(1));
            Duration d = switch (age.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return now.minus(d);
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--since must be an age (30s, 15m, 2h, 7d) or an instant (2026-11-21T15:00:00Z), got '" + value + "'");
        }
    }

    private int print(YalasStack stack, Predicate<Alert> wanted) {
        AlertReader reader = new AlertReader(new AvroDeserializer<>(new HttpSchemaRegistryClient(stack.schemaRegistry()), Alert.getClassSchema()), wanted);
        Properties p = stack.kafka().clientProperties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ALERTS, TIMEOUT).stream()
                    .map(i -> new TopicPartition(Topics.ALERTS, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            // What the topic holds now, in event-time order (its partitions interleave hosts and processes).
            List<Alert> history = new ArrayList<>();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                reader.read(consumer.poll(POLL), history::add);
            }
            history.sort(Comparator.comparing(Alert::getEventTime).thenComparing(Alert::getAlertId));
            history.subList(0, last == null ? 0 : Math.max(0, history.size() - last)).clear();
            history.forEach(this::show);
            noteUnreadable(reader);
            if (follow) {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        reader.read(consumer.poll(POLL), this::show);
                        noteUnreadable(reader);
                    }
                } catch (InterruptException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return 0;
    }

    private void show(Alert a) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? AlertLines.json(a) : AlertLines.text(a));
        if (explain && !json) {
            AlertLines.explanation(a).forEach(out::println);
        }
        out.flush();
    }

    private void noteUnreadable(AlertReader reader) {
        int skipped = reader.takeUnreadable();
        if (skipped > 0) {
            spec.commandLine().getErr().println("note: " + skipped + " record(s) of " + Topics.ALERTS + " are not readable alerts and were skipped");
            spec.commandLine().getErr().flush();
        }
    }

    /** Decodes alert records and passes on the wanted ones; records that are not alerts are counted, not fatal. */
    private static final class AlertReader {
        private final AvroDeserializer<Alert> deserializer;
        private final Predicate<Alert> wanted;
        private int unreadable;

        AlertReader(AvroDeserializer<Alert> deserializer, Predicate<Alert> wanted) {
            this.deserializer = deserializer;
            this.wanted = wanted;
        }

        void read(Iterable<ConsumerRecord<byte[], byte[]>> records, Consumer<Alert> into) {
            for (ConsumerRecord<byte[], byte[]> r : records) {
                if (r.value() == null) {
                    continue;
                }
                Optional<Alert> a = deserializer.readable(r.value());
                if (a.isEmpty()) {
                    unreadable++;
                } else if (wanted.test(a.get())) {
                    into.accept(a.get());
                }
            }
        }

        int takeUnreadable() {
            int n = unreadable;
            unreadable = 0;
            return n;
        }
    }
}

package io.yalas.bench.shipper;

import io.yalas.schemas.Topics;
import io.yalas.shipper.abi.Abi;
import io.yalas.stack.PortAllocator;
import io.yalas.stack.kafka.EmbeddedKafka;
import io.yalas.stack.registry.SchemaRegistry;
import io.yalas.stack.registry.SchemaRegistryServer;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * benchmarks/run shipper: (1) JMH decode+enrich+coalesce+serialize records/s on one core, per capture;
 * (2) end to end: a large capture (the real-module captures repeated, LZ4) shipped by the standalone
 * shipper (own JVM, so heap and RSS are the shipper's alone) into an embedded broker + registry; (3) bytes
 * on the Kafka topic (broker log segments, LZ4) per kernel record and the reduction ratio.
 * Args: CAPTURE_DIR SHIPPER_CLASSPATH. Last output line: one JSON object.
 */
public final class ShipperFigures {
    private static final long E2E_RECORDS = Long.getLong("yalas.e2eRecords", 2_000_000L);
    private static final int E2E_REPEAT = Integer.getInteger("yalas.e2eRepeat", 3);

    private ShipperFigures() {
    }

    public static void main(String[] args) throws Exception {
        Path captures = Path.of(args[0]);
        String shipperCp = args[1];
        Path root = captures.resolve("../../../../..").normalize();
        Set<String> parts = Set.of(System.getProperty("yalas.parts", "jmh,e2e,captures").split(","));
        Map<String, Object> out = new LinkedHashMap<>();
        if (parts.contains("jmh")) {
            for (String c : List.of("busy.bin", "families.bin")) {
                out.put("jmh_records_per_s_" + c.replace(".bin", ""), jmh(captures.resolve(c)));
            }
        }
        Path tmp = Files.createTempDirectory("yalas-shipper-bench");
        try {
            EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("kafka"), PortAllocator.freePort(0), PortAllocator.freePort(0));
            SchemaRegistryServer registry = SchemaRegistryServer.start(new SchemaRegistry(List.of(), e -> { }),
                    "127.0.0.1", PortAllocator.freePort(0));
            try {
                if (parts.contains("e2e")) {
                    Path big = tmp.resolve("busy-x.bin.lz4");
                    long[] made = repeat(captures.resolve("busy.bin"), big, E2E_RECORDS);
                    out.put("e2e_capture_records", made[0]);
                    out.put("e2e_capture_record_bytes", made[1]);
                    out.put("e2e_capture_file_bytes", Files.size(big));
                    e2e(out, "coalesced", big, tmp, kafka, registry, shipperCp, "1s");
                    // the throughput figure moves by 20-30 % between identical runs on this machine: the median of several
                    List<Long> rates = new ArrayList<>();
                    for (int i = 0; i < E2E_REPEAT; i++) {
                        String name = i == 0 ? "uncoalesced" : "uncoalesced_run" + i;
                        e2e(out, name, big, tmp, kafka, registry, shipperCp, "0");
                        rates.add((Long) out.get(name + "_events_per_s"));
                    }
                    out.put("uncoalesced_runs_events_per_s", rates.toString());
                    out.put("uncoalesced_median_events_per_s", rates.stream().sorted().toList().get(rates.size() / 2));
                }
                if (parts.contains("captures")) {
                    // the busy server (benchmarks/captures/README.md): the reduction figure of the issue
                    Path server = root.resolve("benchmarks/captures/kvstore-busy.ycap.lz4");
                    e2e(out, "kvstore_busy", server, tmp, kafka, registry, shipperCp, "1s");
                    e2e(out, "kvstore_busy_uncoalesced", server, tmp, kafka, registry, shipperCp, "0");
                    // at the recorded speed, as a live host would ship it: events leave in small numbers per
                    // linger interval, so batches (and what LZ4 sees) are much smaller than at full speed
                    e2e(out, "kvstore_busy_paced", server, tmp, kafka, registry, shipperCp, "1s", "--paced");
                    for (String c : List.of("busy.bin", "families.bin")) {
                        Path f = captures.resolve(c);
                        e2e(out, "capture_" + c.replace(".bin", ""), f, tmp, kafka, registry, shipperCp, "1s");
                    }
                    // the scenario corpus (real module, web app and key-value store under load)
                    for (String c : List.of("webapp-prod-a", "kvstore-prod")) {
                        Path f = root.resolve("scenarios/corpus/" + c + ".ycap.lz4");
                        e2e(out, c.replace('-', '_'), f, tmp, kafka, registry, shipperCp, "1s");
                        e2e(out, c.replace('-', '_') + "_by_process", f, tmp, kafka, registry, shipperCp, "1s",
                                "--coalesce-by", "process");
                    }
                }
            } finally {
                registry.close();
                kafka.close();
            }
        } finally {
            try (Stream<Path> s = Files.walk(tmp)) {
                s.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
        StringJoiner json = new StringJoiner(",", "{\"benchmark\":\"shipper\",", "}");
        out.forEach((k, v) -> json.add("\"" + k + "\":" + (v instanceof String ? "\"" + v + "\"" : v)));
        System.out.println(json);
    }

    private static String jmh(Path capture) throws Exception {
        Collection<RunResult> rs = new Runner(new OptionsBuilder()
                .include(ShipperPipelineBenchmark.class.getName() + ".pass")
                .forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(TimeValue.seconds(2))
                .jvmArgsAppend("-Xmx1g", "-Dyalas.capture=" + capture).build()).run();
        RunResult r = rs.iterator().next();
        long perPass = new CaptureLoop(capture).size();
        double score = r.getPrimaryResult().getScore() * perPass;
        double err = r.getPrimaryResult().getScoreError() * perPass;
        System.err.printf(Locale.ROOT, "jmh %s: %.0f records/s (+- %.0f), %d records per pass%n", capture.getFileName(), score, err, perPass);
        return String.format(Locale.ROOT, "%.0f", score);
    }

    /** Writes {@code target} records: the capture's records repeated, shifted in time and pid, as LZ4. */
    static long[] repeat(Path capture, Path target, long target_records) throws IOException {
        byte[] file = Files.readAllBytes(capture);
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        List<int[]> recs = new ArrayList<>();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int off = Abi.CAP_HDR_SIZE; off < file.length; off += b.getInt(off + Abi.HDR_RSIZE)) {
            recs.add(new int[]{off, b.getInt(off + Abi.HDR_RSIZE)});
            min = Math.min(min, b.getLong(off + Abi.HDR_TS_NS));
            max = Math.max(max, b.getLong(off + Abi.HDR_TS_NS));
        }
        long span = max - min + 1_000_000_000L;
        long n = 0;
        long bytes = 0;
        try (OutputStream o = new BufferedOutputStream(new LZ4FrameOutputStream(Files.newOutputStream(target)), 1 << 20)) {
            o.write(file, 0, Abi.CAP_HDR_SIZE);
            byte[] rec = new byte[Abi.MAX_RECORD];
            ByteBuffer rb = ByteBuffer.wrap(rec).order(ByteOrder.LITTLE_ENDIAN);
            for (long pass = 0; n < target_records; pass++) {
                for (int[] r : recs) {
                    System.arraycopy(file, r[0], rec, 0, r[1]);
                    rb.putLong(Abi.HDR_TS_NS, rb.getLong(Abi.HDR_TS_NS) + pass * span);
                    o.write(rec, 0, r[1]);
                    n++;
                    bytes += r[1];
                }
            }
        }
        return new long[]{n, bytes};
    }

    private static void e2e(Map<String, Object> out, String name, Path capture, Path tmp, EmbeddedKafka kafka,
                            SchemaRegistryServer registry, String shipperCp, String window, String... extra)
            throws Exception {
        String topic = "bench." + name;
        Path spool = tmp.resolve("spool-" + name);
        Path conf = tmp.resolve(name + ".conf");
        Files.writeString(conf, "topic.events = " + topic + "\ntopic.stats = bench.stats\nmetrics.listen = off\n"
                + System.getProperty("yalas.shipperConf", "").replace(";", "\n") + "\n");
        createTopics(kafka, topic);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseParallelGC", "-Dlog4j2.configurationFile=classpath:yalas-shipper-log4j2.xml"));
        String jvmArgs = System.getProperty("yalas.shipperJvmArgs", "");
        if (!jvmArgs.isBlank()) {
            cmd.addAll(List.of(jvmArgs.replace("{name}", name).trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", shipperCp, "io.yalas.shipper.cli.ShipperMain",
                "--capture", capture.toString(), "--config", conf.toString(),
                "--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry", registry.url(),
                "--spool-dir", spool.toString(), "--coalesce-window", window));
        cmd.addAll(List.of(extra));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("shipper failed:\n" + err);
        }
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        String line = err.lines().filter(l -> l.startsWith("shipped:")).findFirst().orElseThrow();
        err.lines().filter(l -> l.contains("level=WARN") || l.contains("level=ERROR"))
                .forEach(l -> System.err.println("e2e " + name + " shipper log: " + l));
        Map<String, String> f = new LinkedHashMap<>();
        for (String kv : line.substring("shipped:".length()).trim().split(" ")) {
            f.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        long records = Long.parseLong(f.get("records"));
        long events = Long.parseLong(f.get("events"));
        long recordBytes = Long.parseLong(f.get("record_bytes"));
        long elapsed = Long.parseLong(f.get("elapsed_ms"));
        long logBytes = topicLogBytes(kafka.logDir(), topic);
        System.err.println("e2e " + name + ": " + line + " wall_ms=" + wallMs + " topic_log_bytes=" + logBytes);
        out.put(name + "_records", records);
        out.put(name + "_events", events);
        out.put(name + "_records_per_s", Math.round(records * 1000.0 / Math.max(1, elapsed)));
        out.put(name + "_events_per_s", Math.round(events * 1000.0 / Math.max(1, elapsed)));
        out.put(name + "_elapsed_ms", elapsed);
        // the delivery fell back to the spool (Kafka not keeping up): the figure then includes spool I/O
        out.put(name + "_spool_episodes", err.lines().filter(l -> l.contains("spooling from seq")).count());
        out.put(name + "_process_wall_ms", wallMs);
        // CPU time of the shipper JVM, every thread, start-up included (compare with process_wall_ms)
        out.put(name + "_cpu_ms", Long.parseLong(f.get("cpu_ms")));
        out.put(name + "_peak_heap_mb", Double.parseDouble(f.get("peak_heap_mb")));
        out.put(name + "_peak_rss_mb", Double.parseDouble(f.get("peak_rss_mb")));
        out.put(name + "_avro_bytes_per_event", Math.round(Long.parseLong(f.get("kafka_bytes")) * 10.0 / Math.max(1, events)) / 10.0);
        out.put(name + "_topic_bytes_per_record", Math.round(logBytes * 100.0 / Math.max(1, records)) / 100.0);
        out.put(name + "_reduction_ratio", Math.round(recordBytes * 10.0 / Math.max(1, logBytes)) / 10.0);
    }

    /**
     * The topics exist before the shipper starts, laid out as yalas.events is in a deployment (Topics.ensure):
     * left to auto-creation, the first sends wait for the topic's metadata, are refused after max.block.ms
     * and the run starts in spool mode, which measures topic creation rather than shipping.
     */
    private static void createTopics(EmbeddedKafka kafka, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String t : List.of(topic, "bench.stats")) {
                if (!existing.contains(t)) {
                    missing.add(new NewTopic(t, Topics.EVENT_PARTITIONS, (short) 1));
                }
            }
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Bytes of the topic's log segments on the broker (what Kafka stores: batches, LZ4). */
    private static long topicLogBytes(Path logDir, String topic) throws IOException {
        long sum = 0;
        try (Stream<Path> dirs = Files.list(logDir)) {
            for (Path d : (Iterable<Path>) dirs.filter(p -> p.getFileName().toString().startsWith(topic + "-"))::iterator) {
                try (Stream<Path> files = Files.list(d)) {
                    for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".log"))::iterator) {
                        sum += Files.size(f);
                    }
                }
            }
        }
        return sum;
    }
}

package io.yalas.sql;

import io.yalas.schemas.Alert;
import io.yalas.schemas.BehaviorModel;
import io.yalas.schemas.HostStats;
import io.yalas.schemas.KafkaConnection;
import io.yalas.schemas.SyscallEvent;
import io.yalas.schemas.Topics;
import io.yalas.schemas.wire.RegistryConnection;
import io.yalas.schemas.wire.RegistryUrl;
import org.apache.avro.Schema;
import org.apache.flink.formats.avro.typeutils.AvroSchemaConverter;
import org.apache.flink.table.types.logical.RowType;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The YALAS topics as Flink SQL tables ({@code events}, {@code alerts}, {@code host_stats},
 * {@code behavior_models}), read in the Confluent wire format through the registry. Each table's reader
 * schema is the topic's Avro schema cut down to the table's columns, and the column types are derived from
 * it: given to the format (rather than derived from the columns), it keeps enums readable as strings and
 * the real record names, so each record's writer schema resolves against it and records of older and
 * newer producers read alike.
 * {@code follow}: read on as new records arrive; otherwise read what the topics hold now and stop.
 */
public record YalasTables(KafkaConnection kafka, RegistryConnection registry, boolean follow) {

    /** A column: an Avro field by name, and for a nested record the fields it keeps. */
    record Column(String name, List<String> nested) {
        static Column of(String name) {
            return new Column(name, List.of());
        }
    }

    /** {@code eventTime}: the column event-time operations use, with watermarks 5 s behind it; null for none. */
    record Table(String name, String topic, Schema schema, List<Column> columns, String eventTime) {
    }

    static final List<Table> TABLES = List.of(
            new Table("events", Topics.EVENTS, SyscallEvent.getClassSchema(), List.of(
                    Column.of("host"), Column.of("boot_id"), Column.of("seq"), Column.of("run_id"),
                    Column.of("event_time"), Column.of("pid"), Column.of("tid"), Column.of("ppid"),
                    Column.of("uid"), Column.of("euid"), Column.of("comm"), Column.of("exe"),
                    Column.of("container_id"), Column.of("syscall"), Column.of("family"),
                    Column.of("path"), Column.of("path2"), Column.of("fd"), Column.of("sock_family"),
                    Column.of("sock_addr"), Column.of("sock_port"), Column.of("ret"), Column.of("error"),
                    Column.of("count"), Column.of("bytes"), Column.of("argv"), Column.of("latency_ns"),
                    Column.of("latency_min_ns"), Column.of("latency_max_ns")),
                    "event_time"),
            new Table("alerts", Topics.ALERTS, Alert.getClassSchema(), List.of(
                    Column.of("alert_id"), Column.of("event_time"), Column.of("detected_time"),
                    Column.of("host"), Column.of("boot_id"), Column.of("run_id"),
                    Column.of("container_id"), Column.of("profile"),
                    new Column("process", List.of("pid", "tid", "uid", "exe", "comm", "argv")),
                    Column.of("detector"), Column.of("model_version"), Column.of("score"),
                    Column.of("threshold"), Column.of("severity"), Column.of("confidence"),
                    Column.of("data_loss"), Column.of("summary"), Column.of("mitre")),
                    "event_time"),
            new Table("host_stats", Topics.STATS, HostStats.getClassSchema(), List.of(
                    Column.of("host"), Column.of("boot_id"), Column.of("interval_start"),
                    Column.of("interval_end"), Column.of("first_seq"), Column.of("last_seq"),
                    Column.of("kernel_records"), Column.of("kernel_bytes"), Column.of("kernel_drops"),
                    Column.of("events_in"), Column.of("events_out"), Column.of("events_filtered"),
                    Column.of("events_coalesced"), Column.of("kafka_bytes"), Column.of("shipper_drops"),
                    Column.of("spool_bytes"), Column.of("spool_segments"), Column.of("reduction_ratio"),
                    Column.of("first_event_time"), Column.of("last_event_time"), Column.of("watched_syscalls")),
                    "interval_end"),
            new Table("behavior_models", Topics.MODELS, BehaviorModel.getClassSchema(), List.of(
                    Column.of("profile"), Column.of("model_version"), Column.of("state"),
                    Column.of("created_time"), Column.of("max_order")),
                    null));

    /**
     * Alerts with no more than this between them, on one host, run and container, form one incident: an
     * attack's detectors (rules and models alike) fire within seconds of each other, and a quiet minute
     * separates unrelated activity.
     */
    static final int INCIDENT_GAP_SECONDS = 60;

    /**
     * The incidents view: each burst of alerts on one host, run and container, across all detectors. Built
     * from OVER windows and a plain GROUP BY rather than a session window, which Flink runs only in streaming
     * mode: {@code yalas sql} without {@code --follow} runs in batch mode.
     */
    static final String INCIDENTS_VIEW = """
            CREATE VIEW incidents AS
            WITH marked AS (
              SELECT host, run_id, container_id, event_time, detector, severity, mitre, process, data_loss,
                CASE WHEN LAG(event_time) OVER (PARTITION BY host, run_id, container_id ORDER BY event_time) IS NULL
                       OR event_time > LAG(event_time) OVER (PARTITION BY host, run_id, container_id ORDER BY event_time)
                          + INTERVAL '%1$d' SECOND
                     THEN 1 ELSE 0 END AS starts_incident
              FROM alerts
            ), numbered AS (
              SELECT *, SUM(starts_incident) OVER (PARTITION BY host, run_id, container_id ORDER BY event_time
                                                   ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS incident
              FROM marked
            )
            SELECT host, run_id, container_id, incident,
              MIN(event_time) AS first_alert, MAX(event_time) AS last_alert, COUNT(*) AS alerts,
              CASE MAX(CASE severity WHEN 'CRITICAL' THEN 4 WHEN 'HIGH' THEN 3 WHEN 'MEDIUM' THEN 2 WHEN 'LOW' THEN 1 ELSE 0 END)
                WHEN 4 THEN 'CRITICAL' WHEN 3 THEN 'HIGH' WHEN 2 THEN 'MEDIUM' WHEN 1 THEN 'LOW' ELSE 'INFO' END AS severity,
              COUNT(DISTINCT detector) AS detectors,
              ARRAY_JOIN(ARRAY_SORT(ARRAY_AGG(DISTINCT detector)), ',') AS detector_names,
              ARRAY_JOIN(ARRAY_SORT(ARRAY_AGG(DISTINCT NULLIF(ARRAY_JOIN(mitre, ','), ''))), ',') AS mitre,
              COUNT(DISTINCT process.pid) AS processes,
              ARRAY_JOIN(ARRAY_SORT(ARRAY_AGG(DISTINCT process.exe)), ',') AS executables,
              MAX(CASE WHEN data_loss THEN 1 ELSE 0 END) = 1 AS data_loss
            FROM numbered
            GROUP BY host, run_id, container_id, incident""".formatted(INCIDENT_GAP_SECONDS);

    /** The statements that set up a session: one CREATE TABLE per topic, then the {@code incidents} view. */
    public List<String> ddl() {
        List<String> statements = new ArrayList<>(TABLES.stream().map(this::ddl).toList());
        statements.add(INCIDENTS_VIEW);
        return statements;
    }

    private String ddl(Table t) {
        Schema reader = readerSchema(t);
        // Column types come from the reader schema through the format's own mapping, which it checks them against.
        RowType row = (RowType) AvroSchemaConverter.convertToDataType(reader.toString()).getLogicalType();
        String columns = row.getFields().stream().map(f -> "`" + f.getName() + "` " + f.getType().asSerializableString())
                .collect(Collectors.joining(",\n  "));
        return "CREATE TABLE " + t.name() + " (\n  " + columns
                + (t.eventTime() == null ? "" : ",\n  WATERMARK FOR `" + t.eventTime() + "` AS `" + t.eventTime() + "` - INTERVAL '5' SECOND")
                + "\n) WITH (\n"
                + "  'connector' = 'kafka',\n"
                + "  'topic' = '" + t.topic() + "',\n"
                + "  'properties.bootstrap.servers' = '" + quoted(kafka.bootstrapServers()) + "',\n"
                + kafka.settings().entrySet().stream()
                        .map(e -> "  'properties." + quoted(e.getKey()) + "' = '" + quoted(e.getValue()) + "',\n").collect(Collectors.joining())
                + "  'properties.group.id' = 'yalas-sql',\n"
                + "  'scan.startup.mode' = 'earliest-offset',\n"
                + (follow ? "" : "  'scan.bounded.mode' = 'latest-offset',\n")
                + "  'format' = 'avro-confluent',\n"
                + registryOptions()
                + "  'avro-confluent.schema' = '" + quoted(reader.toString()) + "'\n)";
    }

    /**
     * The format's registry options: credentials in the URL become the format's basic-auth options, TLS stores its
     * ssl options (read where the query runs: on a Flink cluster, the files must be at the same paths there).
     */
    private String registryOptions() {
        RegistryUrl url = registry.address();
        return "  'avro-confluent.url' = '" + quoted(url.base().toString()) + "',\n"
                + url.userInfo().map(u -> "  'avro-confluent.basic-auth.credentials-source' = 'USER_INFO',\n"
                + "  'avro-confluent.basic-auth.user-info' = '" + quoted(u) + "',\n").orElse("")
                + registry.flinkFormatOptions().entrySet().stream()
                        .map(e -> "  '" + e.getKey() + "' = '" + quoted(e.getValue()) + "',\n").collect(Collectors.joining());
    }

    /** Inside a SQL string literal: a SASL JAAS line, for one, may hold quotes. */
    private static String quoted(String value) {
        return value.replace("'", "''");
    }

    /** The topic's schema with only the table's columns, in the table's order. */
    static Schema readerSchema(Table t) {
        return project(t.schema(), t.columns().stream().map(c -> {
            Schema.Field field = t.schema().getField(c.name());
            if (field == null) {
                throw new IllegalStateException(t.schema().getFullName() + " has no field " + c.name());
            }
            return c.nested().isEmpty() ? new Schema.Field(field, field.schema())
                    : new Schema.Field(field, project(field.schema(), c.nested().stream().map(n -> {
                        Schema.Field inner = field.schema().getField(n);
                        return new Schema.Field(inner, inner.schema());
                    }).toList()));
        }).toList());
    }

    private static Schema project(Schema record, List<Schema.Field> fields) {
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }
}

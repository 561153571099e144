package io.yalas.schemas;

/** Kafka topic names shared by the shipper, the Flink jobs, the model store and the CLI. */
public final class Topics {
    public static final String EVENTS = "yalas.events";
    public static final String ALERTS = "yalas.alerts";
    public static final String STATS = "yalas.stats";
    public static final String MODELS = "yalas.models";

    private Topics() {
    }
}

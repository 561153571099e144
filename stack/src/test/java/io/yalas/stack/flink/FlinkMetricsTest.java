package io.yalas.stack.flink;

import io.yalas.stack.PortAllocator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded Flink's job metrics for Prometheus, on the address asked for (the real runtime, a running job). */
class FlinkMetricsTest {

    /** Counts its records in a metric of its own, as the YALAS jobs count corrupt events, and keeps a histogram of them. */
    static final class Counted extends RichMapFunction<Long, Long> {
        private transient Counter seen;
        private transient Histogram values;

        @Override
        public void open(OpenContext context) {
            seen = getRuntimeContext().getMetricGroup().counter("yalasTestSeen");
            values = getRuntimeContext().getMetricGroup().histogram("yalasTestValues", new DescriptiveStatisticsHistogram(1000));
        }

        @Override
        public Long map(Long v) {
            seen.inc();
            values.update(v % 100);
            return v;
        }
    }

    @Test
    void aRunningJobsOwnCounterIsScrapedWithItsJobAndOperatorLabels() throws Exception {
        String listen = "127.0.0.1:" + PortAllocator.freePort(0);
        try (EmbeddedFlink flink = EmbeddedFlink.start(0, 1, Optional.of(listen))) {
            StreamExecutionEnvironment env = flink.target().environment(new Configuration());
            env.setParallelism(1);
            env.fromSequence(0, Long.MAX_VALUE).map(new Counted()).name("counted").sinkTo(new DiscardingSink<>());
            JobClient job = env.executeAsync("metrics-test");
            try {
                Pattern line = Pattern.compile("(?m)^flink_taskmanager_job_task_operator_yalasTestSeen\\{([^}]*)} (\\S+)$");
                Pattern median = Pattern.compile("(?m)^flink_taskmanager_job_task_operator_yalasTestValues\\{([^}]*)quantile=\"0.5\"} (\\S+)$");
                Pattern count = Pattern.compile("(?m)^flink_taskmanager_job_task_operator_yalasTestValues_count\\{[^}]*} (\\S+)$");
                HttpClient http = HttpClient.newHttpClient();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                String labels = null;
                double seen = 0;
                double counted = 0;
                double middle = Double.NaN;
                String lastBody = "";
                // a scrape racing the task's updates of the histogram can read NaN quantiles: scrape again
                while ((seen == 0 || counted < 1000 || Double.isNaN(middle)) && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    String body = lastBody = http.send(HttpRequest.newBuilder(URI.create("http://" + listen + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    Matcher m = line.matcher(body);
                    if (m.find()) {
                        labels = m.group(1);
                        seen = Double.parseDouble(m.group(2));
                    }
                    Matcher c = count.matcher(body);
                    Matcher q = median.matcher(body);
                    if (c.find() && q.find()) {
                        counted = Double.parseDouble(c.group(1));
                        middle = Double.parseDouble(q.group(2));
                    }
                }
                assertTrue(seen > 0, "no yalasTestSeen sample above 0 within 60 s");
                assertTrue(labels.contains("job_name=\"metrics-test\""), labels);
                assertTrue(labels.contains("operator_name=\"counted\""), labels);
                assertTrue(counted >= 1000, "the histogram's _count: " + counted);
                assertTrue(middle >= 40 && middle <= 60, "the median of values 0..99, as a summary quantile: " + middle + "\n" + lastBody);
            } finally {
                job.cancel().get();
            }
        }
    }

    @Test
    void anAddressItCannotListenOnIsAClearErrorNotSilence() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String listen = "127.0.0.1:" + taken.getLocalPort();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> EmbeddedFlink.start(0, 1, Optional.of(listen)).close());
            assertTrue(e.getMessage().contains("Flink metrics") && e.getMessage().contains(listen), e.getMessage());
        }
    }
}

package io.yalas.flink.learn;

import io.yalas.flink.TestEvents;
import io.yalas.flink.events.EventMapping;
import io.yalas.model.alphabet.AlphabetConfig;
import io.yalas.model.alphabet.EventAlphabet;
import io.yalas.model.avro.BehaviorModelCodec;
import io.yalas.schemas.BehaviorModel;
import io.yalas.schemas.ModelState;
import io.yalas.schemas.SyscallCount;
import io.yalas.schemas.SyscallEvent;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LearnFunctionTest {
    @Test
    void emitsOneModelPerProfileWhenTheInputEnds() throws Exception {
        TestEvents events = new TestEvents("h1");
        var harness = new KeyedOneInputStreamOperatorTestHarness<String, SyscallEvent, BehaviorModel>(
                new KeyedProcessOperator<>(new LearnFunction(LearnSettings.defaults("unit").withWindow(10))),
                EventMapping::profile, Types.STRING);
        harness.open();
        for (int pid = 100; pid < 106; pid++) {
            for (int r = 0; r < 20; r++) {
                for (SyscallEvent e : events.request(pid, "/usr/sbin/httpd", "/var/www/p" + (r % 3) + ".html")) {
                    harness.processElement(e, e.getEventTime().toEpochMilli());
                }
            }
        }
        for (SyscallEvent e : events.request(200, "/usr/bin/helper", "/etc/helper.conf")) {
            harness.processElement(e, e.getEventTime().toEpochMilli());
        }
        assertTrue(harness.extractOutputValues().isEmpty(), "models come only at the end of the input");
        harness.processWatermark(new Watermark(Long.MAX_VALUE));

        Map<String, BehaviorModel> models = harness.extractOutputValues().stream()
                .collect(Collectors.toMap(BehaviorModel::getProfile, m -> m, (a, b) -> a, TreeMap::new));
        assertEquals(List.of("/usr/bin/helper", "/usr/sbin/httpd"), List.copyOf(models.keySet()));
        BehaviorModel httpd = models.get("/usr/sbin/httpd");
        assertEquals(ModelState.LEARNING, httpd.getState());
        assertEquals(6, httpd.getProvenance().getProcesses());
        assertEquals(6 * 20 * 7, httpd.getProvenance().getSymbols());
        assertEquals(List.of("run"), httpd.getProvenance().getRuns());
        assertEquals("unit", httpd.getProvenance().getTestSuite());
        assertEquals(List.of("accept4", "close", "openat", "read", "recvfrom", "sendto"),
                httpd.getSyscalls().stream().map(SyscallCount::getName).toList());
        assertEquals(6 * 20 * 2L, httpd.getSyscalls().stream().filter(s -> s.getName().equals("close")).findFirst().orElseThrow().getCount());
        assertTrue(httpd.getThreshold().getValue() > 0);
        assertEquals(EventAlphabet.DEFAULT.ref().id(), httpd.getAlphabet().getId());
        harness.close();
    }

    @Test
    void modelsRecordTheAlphabetTheyWereLearnedWith() throws Exception {
        TestEvents events = new TestEvents("h1");
        EventAlphabet webRootAsHome = AlphabetConfig.parse("test", List.of("path /var/www = HOME"));
        var harness = new KeyedOneInputStreamOperatorTestHarness<String, SyscallEvent, BehaviorModel>(
                new KeyedProcessOperator<>(new LearnFunction(LearnSettings.defaults("unit").withWindow(10).withAlphabet(webRootAsHome))),
                EventMapping::profile, Types.STRING);
        harness.open();
        for (int pid = 100; pid < 103; pid++) {
            for (SyscallEvent e : events.request(pid, "/usr/sbin/httpd", "/var/www/index.html")) {
                harness.processElement(e, e.getEventTime().toEpochMilli());
            }
        }
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        BehaviorModel httpd = harness.extractOutputValues().get(0);
        assertEquals(webRootAsHome.ref().id(), httpd.getAlphabet().getId());
        assertEquals(webRootAsHome, EventAlphabet.of(BehaviorModelCodec.fromAvro(httpd).alphabet()));
        int homeOpen = webRootAsHome.encode(EventMapping.tokenInput(events.request(1, "/usr/sbin/httpd", "/var/www/index.html").stream()
                .filter(e -> e.getSyscall().equals("openat")).findFirst().orElseThrow()));
        assertTrue(httpd.getContexts().stream().anyMatch(c -> c.getNext().contains(homeOpen)),
                "the symbols are the custom alphabet's (the web root opened as HOME)");
        harness.close();
    }
}

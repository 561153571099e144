package io.yalas.shipper.publish;

import io.yalas.shipper.spool.SpoolRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InFlightTest {

    private static SpoolRecord rec(long seq) {
        return new SpoolRecord(seq, new byte[]{1}, new byte[]{2});
    }

    @Test
    void outOfOrderAcksAcrossGrowthLeaveExactlyTheUnackedInSeqOrder() {
        InFlight w = new InFlight();
        Random rnd = new Random(7);
        List<Long> sendNos = new ArrayList<>();
        List<Long> expectedLeft = new ArrayList<>();
        // far more than the initial 1024 slots in flight at once, acked in random order (partitions)
        for (long seq = 100; seq < 5100; seq++) {
            sendNos.add(w.add(rec(seq)));
        }
        for (int i = 0; i < sendNos.size(); i++) {
            if (rnd.nextInt(3) == 0) {
                expectedLeft.add(100L + i);
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < sendNos.size(); i++) {
            if (!expectedLeft.contains(100L + i)) {
                order.add(i);
            }
        }
        Collections.shuffle(order, rnd);
        for (int i : order) {
            w.ack(sendNos.get(i));
        }
        assertFalse(w.isEmpty());
        List<Long> left = w.drain().stream().map(SpoolRecord::seq).toList();
        assertEquals(expectedLeft, left);
        assertTrue(w.isEmpty());
    }

    @Test
    void aSendNumberNotInFlightIsABug() {
        InFlight w = new InFlight();
        long n = w.add(rec(1));
        w.ack(n);
        assertTrue(w.isEmpty());
        assertThrows(IllegalStateException.class, () -> w.ack(n));
        assertThrows(IllegalStateException.class, () -> w.ack(n + 1));
    }
}

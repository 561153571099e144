package io.yalas.shipper.abi;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Java ABI class against the module's header, through "make -s -C ../sensor-kmod abi-layout"
 * (compiled from yalas_abi.h by the host gcc). Any offset, size or constant that differs fails.
 */
class AbiLayoutTest {
    private static final Pattern STRUCT = Pattern.compile("^struct (\\w+) size (\\d+)$");
    private static final Pattern FIELD = Pattern.compile("^field (\\w+\\.\\w+) (\\d+) (\\d+)$");
    private static final Pattern CONST = Pattern.compile("^const (\\w+) (-?\\d+)$");

    static Map<String, List<Long>> headerLayout() throws Exception {
        Process p = new ProcessBuilder("make", "-s", "-C", "../sensor-kmod", "abi-layout")
                .directory(new File(System.getProperty("user.dir"))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "make abi-layout timed out");
        assertEquals(0, p.exitValue(), "make abi-layout failed:\n" + out);
        Map<String, List<Long>> m = new HashMap<>();
        for (String line : out.split("\n")) {
            Matcher s = STRUCT.matcher(line.strip());
            Matcher f = FIELD.matcher(line.strip());
            Matcher c = CONST.matcher(line.strip());
            if (s.matches()) {
                m.put("struct " + s.group(1), List.of(Long.parseLong(s.group(2))));
            } else if (f.matches()) {
                m.put("field " + f.group(1), List.of(Long.parseLong(f.group(2)), Long.parseLong(f.group(3))));
            } else if (c.matches()) {
                m.put("const " + c.group(1), List.of(Long.parseLong(c.group(2))));
            }
            // any other line (make chatter) is ignored, as the format document says
        }
        assertTrue(m.size() > 100, "abi-layout printed too little:\n" + out);
        return m;
    }

    @Test
    void everyJavaOffsetSizeAndConstantMatchesTheHeader() throws Exception {
        Map<String, List<Long>> header = headerLayout();
        List<String> diffs = new ArrayList<>();
        Abi.layout().forEach((key, javaValue) -> {
            List<Long> h = header.get(key);
            if (h == null) {
                diffs.add(key + ": in Abi.java " + javaValue + ", missing from yalas_abi.h");
            } else if (!h.equals(javaValue)) {
                diffs.add(key + ": Abi.java " + javaValue + ", yalas_abi.h " + h);
            }
        });
        if (!diffs.isEmpty()) {
            fail("Abi.java differs from yalas_abi.h:\n" + String.join("\n", diffs));
        }
    }

    @Test
    void decodedStructsHaveNoFieldJavaDoesNotKnow() throws Exception {
        Map<String, List<Long>> header = headerLayout();
        Map<String, List<Long>> java = Abi.layout();
        for (String struct : Abi.completeStructs()) {
            TreeSet<String> inHeader = new TreeSet<>();
            TreeSet<String> inJava = new TreeSet<>();
            header.keySet().stream().filter(k -> k.startsWith("field " + struct + ".")).forEach(inHeader::add);
            java.keySet().stream().filter(k -> k.startsWith("field " + struct + ".")).forEach(inJava::add);
            assertEquals(inHeader, inJava, "fields of " + struct);
        }
    }

    @Test
    void everySyscallIdOfTheHeaderIsKnown() throws Exception {
        Map<String, List<Long>> header = headerLayout();
        List<String> missing = new ArrayList<>();
        header.forEach((k, v) -> {
            if (k.startsWith("const YALAS_SYS_") && !k.equals("const YALAS_SYS_MAX") && !k.equals("const YALAS_SYS_NONE")) {
                String name = k.substring("const YALAS_SYS_".length());
                if (Syscalls.id(name) != v.get(0)) {
                    missing.add(name + "=" + v.get(0));
                }
            }
        });
        assertTrue(missing.isEmpty(), "syscall ids unknown to Syscalls.java: " + missing);
    }
}

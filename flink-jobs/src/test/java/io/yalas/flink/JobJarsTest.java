package io.yalas.flink;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JobJarsTest {
    @Test
    void jarsAreMatchedByArtifactWhateverTheirVersion() {
        assertEquals("commons-io", JobJars.artifact("commons-io-2.15.1.jar"));
        assertEquals("flink-connector-kafka", JobJars.artifact("flink-connector-kafka-5.0.0-2.2.jar"));
        assertEquals("jackson-datatype-jsr310", JobJars.artifact("jackson-datatype-jsr310-2.19.2.jar"));
        assertEquals("zstd-jni", JobJars.artifact("zstd-jni-1.5.6-10.jar"));
        assertEquals("jsr305", JobJars.artifact("jsr305-1.3.9.jar"));
        assertEquals("unversioned", JobJars.artifact("unversioned.jar"));
    }
}

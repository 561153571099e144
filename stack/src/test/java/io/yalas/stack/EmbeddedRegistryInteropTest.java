package io.yalas.stack;

import org.junit.jupiter.api.BeforeAll;

/** The interop contract against the embedded stack: real broker, our registry, real Flink runtime. */
class EmbeddedRegistryInteropTest extends RegistryInteropContract {
    @BeforeAll
    static void start() {
        stack = YalasStack.start(StackConfig.temporary());
    }
}

package io.yalas.stack;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

import java.nio.file.Path;

/**
 * Sends the broker's, registry's and Flink's logs to one file under the data directory so the console
 * shows only what the user needs. Warnings still reach the file; nothing goes to stdout.
 */
public final class StackLogging {
    private StackLogging() {
    }

    public static Path toFile(Path dataDir) {
        Path file = dataDir.resolve("logs").resolve("stack.log");
        ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
        b.setStatusLevel(Level.ERROR);
        b.add(b.newAppender("file", "File")
                .addAttribute("fileName", file.toString())
                .addAttribute("append", true)
                .add(b.newLayout("PatternLayout").addAttribute("pattern", "%d{ISO8601} %-5p [%t] %c{1.} - %m%n")));
        b.add(b.newRootLogger(Level.INFO).add(b.newAppenderRef("file")));
        // The broker logs every request and state change at INFO; keep its chatter at WARN.
        b.add(b.newLogger("kafka", Level.WARN).add(b.newAppenderRef("file")).addAttribute("additivity", false));
        b.add(b.newLogger("org.apache.kafka", Level.WARN).add(b.newAppenderRef("file")).addAttribute("additivity", false));
        b.add(b.newLogger("state.change.logger", Level.WARN).add(b.newAppenderRef("file")).addAttribute("additivity", false));
        Configurator.reconfigure(b.build());
        return file;
    }
}

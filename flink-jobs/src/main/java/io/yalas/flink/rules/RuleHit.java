package io.yalas.flink.rules;

import io.yalas.schemas.Severity;

import java.util.List;

/**
 * A direct detection: a classic attack step recognised without any model.
 *
 * @param rule    short stable name, reported as detector {@code rule:<rule>}
 * @param summary one sentence for people
 * @param mitre   MITRE ATT&CK technique ids
 */
public record RuleHit(String rule, Severity severity, String summary, List<String> mitre) {
}

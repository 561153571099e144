package io.yalas.flink.rules;

import io.yalas.flink.events.EventMapping;
import io.yalas.schemas.ProcessRef;
import io.yalas.schemas.SyscallEvent;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the attack rules must stay quiet: known-good software that does what an attack step does (a backup
 * agent reading /etc/shadow, a profiler attaching with ptrace, a configuration manager writing /etc/cron.d).
 * Read from a file of lines:
 * <pre>
 * # a rule off everywhere
 * disable exploit-staging
 * # a rule off for what matches every condition given: exe, comm, container (id or its prefix, as docker
 * # prints it), profile (as in the models), path (prefix of the event's path), uid, parent (the nearest
 * # parent's exe when the value starts with '/', else its comm), ancestor (the same, any ancestor)
 * allow credential-access exe=/usr/sbin/backupd
 * allow debugger comm=strace container=00265e74965b
 * allow system-file-write exe=/usr/sbin/logrotate path=/etc/cron.d/
 * allow privilege-escalation exe=/usr/bin/sudo ancestor=/usr/sbin/sshd
 * # for a while only: events from that time (or date, UTC) on are no longer exempt
 * allow debugger comm=gdb container=00265e74965b until=2026-12-01T18:00:00Z
 * </pre>
 * parent and ancestor look at the ancestry the shipper records with security-relevant events (the ones the
 * rules fire on, and the one an alert shows); without it they do not match, so the rule still fires.
 * Rule names are those of {@link RuleEngine#RULES}. Every mistake (unknown rule or condition, an allow
 * without a condition, a condition given twice, an empty value) is an error naming the file and line, so a
 * typo never silently keeps or drops a rule.
 */
public record RuleExceptions(Set<String> disabled, List<Allow> allows) implements Serializable {
    public static final RuleExceptions NONE = new RuleExceptions(Set.of(), List.of());

    private static final List<String> CONDITIONS = List.of("exe", "comm", "container", "profile", "path", "uid", "parent", "ancestor", "until");

    /** One allow line: a null condition matches anything. */
    public record Allow(String rule, String exe, String comm, String container, String profile, String path, Integer uid,
                        String parent, String ancestor, Instant until) implements Serializable {
        boolean matches(SyscallEvent e) {
            List<ProcessRef> ancestry = e.getAncestry() == null ? List.of() : e.getAncestry();
            // Event time, not the job's clock: a replay of last week's capture is judged as it happened.
            return (until == null || e.getEventTime().isBefore(until))
                    && (exe == null || exe.equals(e.getExe()))
                    && (comm == null || comm.equals(e.getComm()))
                    && (container == null || e.getContainerId() != null && e.getContainerId().startsWith(container))
                    && (profile == null || profile.equals(EventMapping.profile(e)))
                    && (path == null || e.getPath() != null && e.getPath().startsWith(path))
                    && (uid == null || uid == e.getUid())
                    && (parent == null || !ancestry.isEmpty() && names(ancestry.get(0), parent))
                    && (ancestor == null || ancestry.stream().anyMatch(r -> names(r, ancestor)));
        }

        /** A value with a '/' names an executable path, else a task name (comm), as in the alerts. */
        private static boolean names(ProcessRef process, String value) {
            return value.startsWith("/") ? value.equals(process.getExe()) : value.equals(process.getComm());
        }
    }

    public RuleExceptions {
        disabled = Set.copyOf(disabled);
        allows = List.copyOf(allows);
    }

    /** Whether {@code hit}, fired by {@code e}, is to be dropped. */
    public boolean suppresses(RuleHit hit, SyscallEvent e) {
        if (disabled.contains(hit.rule())) {
            return true;
        }
        for (Allow a : allows) {
            if (a.rule().equals(hit.rule()) && a.matches(e)) {
                return true;
            }
        }
        return false;
    }

    /**
     * An exceptions file's text, which is what gets put in force once {@link #fromText} accepts it.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read
     */
    public static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read rule exceptions: " + e.getMessage(), e);
        }
    }

    /** Parses a whole exceptions text (a file's, or a set's from the rule-exceptions topic); {@code source} names it in errors. */
    public static RuleExceptions fromText(String source, String text) {
        return parse(source, text.lines().toList());
    }

    /** For people: what is turned off, in a few words. */
    public String describe() {
        if (disabled.isEmpty() && allows.isEmpty()) {
            return "no rule exceptions";
        }
        return (disabled.isEmpty() ? "no rule disabled" : "disabled: " + String.join(", ", disabled))
                + "; " + allows.size() + (allows.size() == 1 ? " allow" : " allows");
    }

    /** Parses exception lines; {@code source} names them in errors. */
    public static RuleExceptions parse(String source, List<String> lines) {
        Set<String> disabled = new TreeSet<>();
        List<Allow> allows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String where = source + ":" + (i + 1);
            int hash = lines.get(i).indexOf('#');
            String line = (hash >= 0 ? lines.get(i).substring(0, hash) : lines.get(i)).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] words = line.split("\\s+");
            if (words.length < 2 || !(words[0].equals("disable") || words[0].equals("allow"))) {
                throw new IllegalArgumentException(where + ": expected 'disable RULE' or 'allow RULE KEY=VALUE ...', got '" + line + "'");
            }
            String rule = words[1];
            if (!RuleEngine.RULES.contains(rule)) {
                throw new IllegalArgumentException(where + ": unknown rule '" + rule + "' (rules: " + String.join(", ", RuleEngine.RULES) + ")");
            }
            if (words[0].equals("disable")) {
                if (words.length > 2) {
                    throw new IllegalArgumentException(where + ": 'disable' takes no conditions (use 'allow " + rule + " ...' for those)");
                }
                disabled.add(rule);
            } else {
                allows.add(allow(where, rule, words));
            }
        }
        return new RuleExceptions(disabled, allows);
    }

    private static Allow allow(String where, String rule, String[] words) {
        if (words.length == 2) {
            throw new IllegalArgumentException(where + ": 'allow " + rule + "' needs at least one condition ("
                    + String.join(", ", CONDITIONS) + "); 'disable " + rule + "' turns the rule off everywhere");
        }
        Map<String, String> conditions = new LinkedHashMap<>();
        for (int w = 2; w < words.length; w++) {
            int eq = words[w].indexOf('=');
            String key = eq < 0 ? words[w] : words[w].substring(0, eq);
            if (!CONDITIONS.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown condition '" + key + "' (conditions: " + String.join(", ", CONDITIONS) + ")");
            }
            if (eq < 0 || eq == words[w].length() - 1) {
                throw new IllegalArgumentException(where + ": condition '" + key + "' needs a value: " + key + "=...");
            }
            if (conditions.put(key, words[w].substring(eq + 1)) != null) {
                throw new IllegalArgumentException(where + ": condition '" + key + "' given twice");
            }
        }
        Integer uid = null;
        if (conditions.containsKey("uid")) {
            try {
                uid = Integer.parseUnsignedInt(conditions.get("uid"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": condition 'uid' needs a number, got '" + conditions.get("uid") + "'");
            }
        }
        Instant until = conditions.containsKey("until") ? instant(where, conditions.get("until")) : null;
        return new Allow(rule, conditions.get("exe"), conditions.get("comm"), conditions.get("container"),
                conditions.get("profile"), conditions.get("path"), uid, conditions.get("parent"), conditions.get("ancestor"), until);
    }

    private static Instant instant(String where, String value) {
        try {
            return value.contains("T") ? Instant.parse(value) : LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ": condition 'until' needs an instant (2026-12-01T18:00:00Z) or a date "
                    + "(2026-12-01, UTC), got '" + value + "'");
        }
    }

    /** The allows that no event from {@code now} on can match any more. */
    public List<Allow> expiredAt(Instant now) {
        return allows.stream().filter(a -> a.until() != null && !a.until().isAfter(now)).toList();
    }
}

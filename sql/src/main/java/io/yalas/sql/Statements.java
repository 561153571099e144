package io.yalas.sql;

import java.util.ArrayList;
import java.util.List;

/** Splits a SQL script into statements at semicolons that are not inside quotes, identifiers or comments. */
public final class Statements {
    private Statements() {
    }

    public static List<String> split(String script) {
        return scan(script).statements();
    }

    /** Whether {@code script} ends with a terminated statement: an interactive session runs it then. */
    public static boolean complete(String script) {
        try {
            return scan(script).terminated();
        } catch (IllegalArgumentException unterminatedQuoteOrComment) {
            return false;
        }
    }

    private record Scan(List<String> statements, boolean terminated) {
    }

    private static Scan scan(String script) {
        List<String> statements = new ArrayList<>();
        boolean terminated = false;
        StringBuilder current = new StringBuilder();
        int i = 0;
        while (i < script.length()) {
            char c = script.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = closing(script, i, c);
                current.append(script, i, end);
                i = end;
                terminated = false;
            } else if (script.startsWith("--", i)) {
                int end = script.indexOf('\n', i);
                i = end < 0 ? script.length() : end;
            } else if (script.startsWith("/*", i)) {
                int end = script.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated /* comment");
                }
                i = end + 2;
                current.append(' ');
            } else if (c == ';') {
                add(statements, current);
                terminated = true;
                i++;
            } else {
                current.append(c);
                terminated &= Character.isWhitespace(c);
                i++;
            }
        }
        add(statements, current);
        return new Scan(statements, terminated);
    }

    /** Index after the quote that closes the one at {@code start}; a doubled quote is an escaped one. */
    private static int closing(String script, int start, char quote) {
        int i = start + 1;
        while (i < script.length()) {
            if (script.charAt(i) == quote) {
                if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw new IllegalArgumentException("unterminated " + quote + " quote starting at character " + (start + 1));
    }

    private static void add(List<String> statements, StringBuilder current) {
        String statement = current.toString().strip();
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
        current.setLength(0);
    }
}

package io.yalas.sql;

import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.StringJoiner;

/**
 * Runs statements against the YALAS tables and prints results tab-separated with a header line, so they
 * read in a terminal and pipe into {@code column -t}, {@code cut} or a spreadsheet. In follow mode each
 * row starts with its change kind (+I, -U, +U, -D), as continuous queries retract and update rows.
 */
public final class SqlSession {
    private final TableEnvironment env;
    private final boolean follow;
    private final PrintStream out;
    private final PrintStream err;

    public SqlSession(TableEnvironment env, YalasTables tables, PrintStream out, PrintStream err) {
        this.env = env;
        this.follow = tables.follow();
        this.out = out;
        this.err = err;
        tables.ddl().forEach(env::executeSql);
    }

    /** Runs one statement; returns false (after saying why on the error stream) when it failed. */
    public boolean run(String statement) {
        try {
            TableResult result = env.executeSql(statement);
            if (result.getResultKind() == ResultKind.SUCCESS) {
                out.println("OK");
            } else {
                print(result);
            }
            out.flush();
            return true;
        } catch (RuntimeException e) {
            err.println("error: " + describe(e));
            err.flush();
            return false;
        }
    }

    private void print(TableResult result) {
        StringJoiner header = new StringJoiner("\t");
        if (follow) {
            header.add("op");
        }
        result.getResolvedSchema().getColumnNames().forEach(header::add);
        out.println(header);
        long rows = 0;
        try (CloseableIterator<Row> it = result.collect()) {
            while (it.hasNext()) {
                Row row = it.next();
                StringJoiner line = new StringJoiner("\t");
                if (follow) {
                    line.add(row.getKind().shortString());
                }
                for (int i = 0; i < row.getArity(); i++) {
                    line.add(text(row.getField(i)));
                }
                out.println(line);
                rows++;
                if (follow) {
                    out.flush();
                }
            }
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        }
        out.println("(" + rows + (rows == 1 ? " row)" : " rows)"));
    }

    private static String text(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Object[] array) {
            return Arrays.deepToString(array);
        }
        // Tabs and newlines inside a value (paths, argv, summaries) would break the columns.
        return value.toString().replace('\t', ' ').replace('\n', ' ');
    }

    /**
     * The message and the causes that add something to it: a failed query surfaces as "Failed to fetch next
     * result", and what went wrong (a record that does not decode, an unreachable broker) is several causes down.
     */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && !text.toString().contains(message)) {
                text.append("\n  caused by: ").append(message);
            }
        }
        return text.toString();
    }
}

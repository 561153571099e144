package io.yalas.cli;

import picocli.CommandLine;

/** Entry point of the {@code yalas} command. */
public final class Yalas {
    private Yalas() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new YalasCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("yalas: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
        return cli;
    }
}

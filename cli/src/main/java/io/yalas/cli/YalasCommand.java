package io.yalas.cli;

import picocli.CommandLine.Command;

@Command(name = "yalas",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "YALAS: learns how your services behave under test and alerts when production leaves that model.",
        subcommands = {
                StackCommand.class,
                DemoCommand.class,
                EvalCommand.class,
                io.yalas.shipper.cli.ShipCommand.class,
                LearnCommand.class,
                DetectCommand.class,
                ExceptionsCommand.class,
                AlertsCommand.class,
                StatusCommand.class,
                ModelsCommand.class,
                SqlCommand.class,
                picocli.CommandLine.HelpCommand.class
        })
public final class YalasCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

package io.yalas.cli;

import io.yalas.flink.rules.RuleExceptions;
import io.yalas.schemas.RuleExceptionSet;
import io.yalas.schemas.Topics;
import io.yalas.stack.YalasStack;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "exceptions", mixinStandardHelpOptions = true,
        description = {"Sets and shows the rule exceptions in force: where the attack rules stay quiet.",
                "Running detect jobs apply a change from their next event on, without a restart. File format: lines 'disable RULE' or",
                "'allow RULE exe=|comm=|container=|profile=|path=|uid=|parent=|ancestor=|until=...' ('#' starts a comment;",
                "container and path match prefixes; parent and ancestor name an exe when the value starts with '/', else a comm;",
                "until=INSTANT|DATE ends an allow for events from then on)."},
        subcommands = {ExceptionsCommand.Set.class, ExceptionsCommand.Show.class, ExceptionsCommand.Clear.class, ExceptionsCommand.Check.class})
public final class ExceptionsCommand implements Runnable {
    @Mixin
    StackOptions stackOptions;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    <T> T withTopic(CommandLine cli, TopicAction<T> action) {
        try (YalasStack stack = YalasStack.start(stackOptions.toTopicsConfig(cli, Path.of("data", "demo")))) {
            return action.apply(new RuleExceptionsTopic(stack.kafka(), stack.schemaRegistry()));
        }
    }

    interface TopicAction<T> {
        T apply(RuleExceptionsTopic topic);
    }

    /** An allow past its until= is harmless but almost always a forgotten line: said, not refused. */
    static void noteExpired(CommandLine cli, RuleExceptions exceptions) {
        for (RuleExceptions.Allow a : exceptions.expiredAt(Instant.now())) {
            cli.getErr().println("note: the allow for " + a.rule() + " expired at " + a.until() + ": it exempts no new event");
        }
        cli.getErr().flush();
    }

    static String describe(RuleExceptionSet set) {
        return "rule exceptions from " + set.getSource() + ", set by " + set.getSetBy() + " at " + set.getSetTime() + ": "
                + RuleExceptions.fromText(set.getSource(), set.getText()).describe();
    }

    /** What every subcommand needs: the stack options of the parent and its own output. */
    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        ExceptionsCommand parent;
        @Spec
        CommandLine.Model.CommandSpec spec;

        void say(String line) {
            spec.commandLine().getOut().println(line);
            spec.commandLine().getOut().flush();
        }
    }

    /** A subcommand reading an exceptions file: read and parsed before any stack starts, so a typo costs nothing. */
    abstract static class FileSub extends Sub {
        @Parameters(paramLabel = "FILE")
        Path file;
        String text;
        RuleExceptions exceptions;

        void readFile() {
            try {
                text = RuleExceptions.readText(file);
                exceptions = RuleExceptions.fromText(file.toString(), text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            noteExpired(spec.commandLine(), exceptions);
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Puts the exceptions of FILE in force (replacing the previous ones). A file with a mistake changes nothing.")
    static final class Set extends FileSub {
        @Override
        public Integer call() {
            readFile();
            say("in force: " + describe(parent.withTopic(spec.commandLine(), topic -> topic.set(file.toString(), text))));
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Checks FILE without putting it in force (no cluster needed): for a review or a CI step.")
    static final class Check extends FileSub {
        @Override
        public Integer call() {
            readFile();
            say(file + ": valid: " + exceptions.describe());
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Prints the exceptions in force, who set them and when.")
    static final class Show extends Sub {
        @Override
        public Integer call() {
            RuleExceptionsTopic.State state = parent.withTopic(spec.commandLine(), RuleExceptionsTopic::read);
            if (state.skippedNewer() > 0) {
                spec.commandLine().getErr().println("note: the latest " + state.skippedNewer() + " record(s) of " + Topics.RULE_EXCEPTIONS
                        + " are not valid exception sets (written by something other than yalas); detect jobs skip them too");
                spec.commandLine().getErr().flush();
            }
            Optional<RuleExceptionSet> set = state.inForce();
            if (set.isEmpty()) {
                say("no rule exceptions have been set: every rule is on everywhere");
            } else {
                String text = set.get().getText().stripTrailing();
                say(describe(set.get()) + (text.isEmpty() ? "" : "\n" + text));
            }
            return 0;
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true, description = "Turns every rule back on everywhere.")
    static final class Clear extends Sub {
        @Override
        public Integer call() {
            say("in force: " + describe(parent.withTopic(spec.commandLine(), topic -> topic.set("yalas exceptions clear", ""))));
            return 0;
        }
    }
}

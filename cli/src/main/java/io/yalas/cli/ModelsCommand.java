package io.yalas.cli;

import io.yalas.modelstore.ModelKey;
import io.yalas.modelstore.ModelStore;
import io.yalas.modelstore.ModelStoreServer;
import io.yalas.modelstore.ModelViews;
import io.yalas.modelstore.SeccompExport;
import io.yalas.modelstore.WatchedSyscalls;
import io.yalas.schemas.BehaviorModel;
import io.yalas.schemas.Topics;
import io.yalas.schemas.wire.HttpSchemaRegistryClient;
import io.yalas.stack.StackConfig;
import io.yalas.stack.YalasStack;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"Behaviour models: list, show, diff, promote, retire, export, serve.",
                "Without --bootstrap-servers the embedded stack in --data-dir (default data/demo, where ./yalas demo leaves",
                "its topics) is started for the command's duration."},
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Show.class, ModelsCommand.Diff.class,
                ModelsCommand.Promote.class, ModelsCommand.Retire.class, ModelsCommand.Export.class, ModelsCommand.Serve.class})
public final class ModelsCommand implements Runnable {
    @Mixin
    StackOptions stackOptions;

    @Option(names = "--topic", defaultValue = Topics.MODELS, description = "Model topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs {@code action} with a store on the user's cluster, or on an embedded stack started for it. */
    <T> T withStore(CommandLine cli, StoreAction<T> action) throws Exception {
        StackConfig config = stackOptions.toTopicsConfig(cli, Path.of("data", "demo"));
        try (YalasStack stack = YalasStack.start(config);
             ModelStore store = ModelStore.open(stack.kafka(), new HttpSchemaRegistryClient(stack.schemaRegistry()),
                     topic, Duration.ofSeconds(15))) {
            T result = action.apply(store);
            if (!store.unreadableOffsets().isEmpty()) {
                cli.getErr().println("note: " + store.unreadableOffsets().size() + " record(s) of " + topic
                        + " are not readable models and were skipped (offsets " + store.unreadableOffsets() + ")");
                cli.getErr().flush();
            }
            return result;
        }
    }

    interface StoreAction<T> {
        T apply(ModelStore store) throws Exception;
    }

    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        ModelsCommand parent;
        @Spec
        CommandLine.Model.CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        int changeState(String model, java.util.function.BiFunction<ModelStore, ModelKey, BehaviorModel> change) throws Exception {
            ModelKey key = parseKey(spec.commandLine(), model);
            return parent.withStore(spec.commandLine(), store -> {
                out().println(ModelViews.line(change.apply(store, key)));
                out().flush();
                return 0;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every version of every profile.")
    static final class ListModels extends Sub {
        @Override
        public Integer call() throws Exception {
            return parent.withStore(spec.commandLine(), store -> {
                if (store.profiles().isEmpty()) {
                    out().println("no models stored yet");
                }
                for (String profile : store.profiles()) {
                    store.versions(profile).forEach(m -> out().println(ModelViews.line(m)));
                }
                out().flush();
                return 0;
            });
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One model's summary.")
    static final class Show extends Sub {
        @Parameters(paramLabel = "PROFILE[@VERSION|@latest|@enforcing]")
        String model;

        @Override
        public Integer call() throws Exception {
            return parent.withStore(spec.commandLine(), store -> {
                out().println(ModelViews.summary(store.resolve(model)).toPrettyString());
                out().flush();
                return 0;
            });
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "Divergence between two models and what each has that the other lacks (versions or profiles).")
    static final class Diff extends Sub {
        @Parameters(index = "0", paramLabel = "A")
        String a;
        @Parameters(index = "1", paramLabel = "B")
        String b;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            return parent.withStore(spec.commandLine(), store -> {
                BehaviorModel ma = store.resolve(a);
                BehaviorModel mb = store.resolve(b);
                out().print(json ? ModelViews.diffJson(ma, mb).toPrettyString() + System.lineSeparator() : ModelViews.diffText(ma, mb));
                out().flush();
                return 0;
            });
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true,
            description = "Make a version the profile's enforcing model (the previous one is retired).")
    static final class Promote extends Sub {
        @Parameters(paramLabel = "PROFILE@VERSION")
        String model;

        @Option(names = "--require-ready", description = "Refuse (and change nothing) unless the model's learning is complete: for automated promotion.")
        boolean requireReady;

        @Override
        public Integer call() throws Exception {
            return changeState(model, (store, key) -> {
                BehaviorModel promoted = store.promote(key, requireReady);
                if (!promoted.getCompleteness().getReady()) {
                    // Promoting early is the operator's call (a first model beats none), but it must be a conscious one.
                    spec.commandLine().getErr().println("note: " + key + " enforces before its learning is complete ("
                            + promoted.getCompleteness().getReason() + "): expect more false alarms until a model learned on more runs replaces it");
                    spec.commandLine().getErr().flush();
                }
                return promoted;
            });
        }
    }

    @Command(name = "retire", mixinStandardHelpOptions = true, description = "Stop a version from enforcing; it stays for comparison.")
    static final class Retire extends Sub {
        @Parameters(paramLabel = "PROFILE@VERSION")
        String model;

        @Override
        public Integer call() throws Exception {
            return changeState(model, ModelStore::retire);
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Export a model for enforcement elsewhere; seccomp = an OCI/Kubernetes seccomp profile: the learned",
                    "syscalls allowed, the ones the sensor watched and the model never saw refused (EPERM), the rest allowed.",
                    "Watched = the syscall masks in the HostStats (--stats-topic) of the model's hosts over its training time;",
                    "when unknown, the sensor's whole syscall table, with a note on standard error."})
    static final class Export extends Sub {
        enum Format { seccomp }

        @Parameters(paramLabel = "PROFILE[@VERSION]")
        String model;
        @Option(names = "--format", required = true, description = "Export format: ${COMPLETION-CANDIDATES}.")
        Format format;
        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of standard output.")
        Path output;
        @Option(names = "--stats-topic", defaultValue = Topics.STATS,
                description = "HostStats topic telling which syscalls the sensor watched (default: ${DEFAULT-VALUE}).")
        String statsTopic;

        @Override
        public Integer call() throws Exception {
            String text = parent.withStore(spec.commandLine(), store -> {
                BehaviorModel m = store.resolve(model);
                WatchedSyscalls watched = store.watchedWhileLearning(m, statsTopic);
                watched.note().ifPresent(n -> {
                    spec.commandLine().getErr().println("note: " + n);
                    spec.commandLine().getErr().flush();
                });
                return SeccompExport.toJson(m, watched);
            });
            if (output == null) {
                out().println(text);
                out().flush();
            } else {
                Files.writeString(output, text + System.lineSeparator());
            }
            return 0;
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve the model store's HTTP API until Ctrl-C.")
    static final class Serve extends Sub {
        @Option(names = "--listen", defaultValue = "127.0.0.1:8090", paramLabel = "HOST:PORT",
                description = "Address to listen on (default: ${DEFAULT-VALUE}).")
        String listen;

        @Option(names = "--token-file", paramLabel = "FILE",
                description = {"A file holding the bearer token that promote and retire require (reads stay open).",
                        "Needed to listen on an address other machines can reach."})
        Path tokenFile;

        @Override
        public Integer call() throws Exception {
            int colon = listen.lastIndexOf(':');
            if (colon <= 0 || !listen.substring(colon + 1).matches("\\d{1,5}")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--listen must be HOST:PORT, got '" + listen + "'");
            }
            String host = listen.substring(0, colon);
            Optional<String> token = tokenFile == null ? Optional.empty() : Optional.of(WriteToken.read(spec.commandLine(), tokenFile));
            if (token.isEmpty() && !WriteToken.isLoopback(host)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--listen " + listen
                        + " is reachable from other machines: give --token-file, or anyone reaching it could retire the enforcing models");
            }
            return parent.withStore(spec.commandLine(), store -> {
                try (ModelStoreServer server = ModelStoreServer.start(store, host, Integer.parseInt(listen.substring(colon + 1)), token)) {
                    out().println("model store API at " + server.url() + (token.isPresent() ? " (promote and retire need the token)" : "")
                            + " (Ctrl-C stops it)");
                    out().flush();
                    CountDownLatch stop = new CountDownLatch(1);
                    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "model-store-shutdown"));
                    stop.await();
                }
                return 0;
            });
        }
    }

    static ModelKey parseKey(CommandLine cli, String text) {
        try {
            return ModelKey.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage());
        }
    }
}

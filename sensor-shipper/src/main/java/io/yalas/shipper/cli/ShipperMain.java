package io.yalas.shipper.cli;

import picocli.CommandLine;

/** Standalone entry point of the shipper (the systemd unit): the same command as {@code yalas ship}. */
public final class ShipperMain {
    private ShipperMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ShipCommand()).execute(args));
    }
}

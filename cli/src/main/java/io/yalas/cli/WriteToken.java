package io.yalas.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The model store API's write token, read from a file so that it never shows in a process list. */
final class WriteToken {
    /** Short tokens can be guessed through the API itself; 16 characters of a random string are far beyond that. */
    static final int MIN_LENGTH = 16;

    private WriteToken() {
    }

    static String read(CommandLine cli, Path file) {
        String token;
        try {
            token = Files.readString(file).strip();
        } catch (IOException e) {
            throw new CommandLine.ParameterException(cli, "--token-file " + file + ": cannot read it (" + e.getMessage() + ")");
        }
        if (token.length() < MIN_LENGTH || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new CommandLine.ParameterException(cli, "--token-file " + file + ": the token must be one word of at least "
                    + MIN_LENGTH + " printable ASCII characters (e.g. from 'openssl rand -hex 32')");
        }
        return token;
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            // An address we cannot resolve cannot be shown to be private.
            return false;
        }
    }
}

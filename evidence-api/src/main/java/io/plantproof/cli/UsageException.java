package io.plantproof.cli;

/**
 * Bad usage or unreadable input found while a command runs: the launcher prints the message and exits 2.
 * (What picocli finds while parsing is reported the same way.)
 */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}

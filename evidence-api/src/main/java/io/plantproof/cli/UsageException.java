package io.plantproof.cli;

/**
 * Bad usage or unreadable input: the launcher prints the message (and usage) and exits 2.
 */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}

package io.plantproof.timestamp;

/**
 * A time-stamp that does not establish a time; the message says why. {@link #untrusted()} tells a token that may be
 * genuine but is not trusted here (no policy root, certificate not valid then) from one that is broken or stamps
 * something else.
 */
public class TimestampException extends Exception {

    private final boolean untrusted;

    public TimestampException(String message, boolean untrusted) {
        super(message);
        this.untrusted = untrusted;
    }

    public boolean untrusted() {
        return untrusted;
    }
}

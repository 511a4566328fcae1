package io.plantproof.profile;

/**
 * The profile file cannot be used; the message names the file and, per problem, the line and field.
 */
public class ProfileException extends RuntimeException {
    public ProfileException(String message) {
        super(message);
    }

    public ProfileException(String message, Throwable cause) {
        super(message, cause);
    }
}

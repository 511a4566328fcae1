package io.plantproof.evidence;

/**
 * The bundle cannot be read at all (not a ZIP, hostile structure); verification exits with 2.
 */
public class BundleUnreadableException extends Exception {
    public BundleUnreadableException(String message) {
        super(message);
    }
}

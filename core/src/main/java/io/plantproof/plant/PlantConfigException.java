package io.plantproof.plant;

/**
 * The plant file cannot be used; the message names the file and the field.
 */
public class PlantConfigException extends RuntimeException {
    public PlantConfigException(String message) {
        super(message);
    }

    public PlantConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}

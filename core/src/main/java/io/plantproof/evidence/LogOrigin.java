package io.plantproof.evidence;

import io.plantproof.plant.Enterprise;

/**
 * The identity of a collector's evidence log, written as its checkpoints' origin line and as the key name of its
 * note signatures: {@code plantproof/<统一社会信用代码>/<collector id>}. It binds the collector key to the
 * enterprise the 采集器公钥备案表 registers it for; a plant without a credit code writes {@code unregistered}.
 */
public record LogOrigin(String creditCode, String collectorId) {

    static final String PREFIX = "plantproof/";
    /** The shape of a collector id: letters, digits, '.', '_' and '-', as the plant file's {@code evidence.collectorId}. */
    public static final String COLLECTOR_ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    /** What stands for the credit code of a plant file that has none: such a log cannot be registered. */
    public static final String UNREGISTERED = "unregistered";

    public LogOrigin {
        if (!creditCode.equals(UNREGISTERED) && !Enterprise.validCreditCode(creditCode)) {
            throw new IllegalArgumentException("'" + creditCode + "' is not a valid 统一社会信用代码");
        }
        if (!collectorId.matches(COLLECTOR_ID)) {
            throw new IllegalArgumentException("collector id '" + collectorId + "' must match " + COLLECTOR_ID);
        }
    }

    public static LogOrigin of(Enterprise enterprise, String collectorId) {
        String code = enterprise == null || enterprise.creditCode() == null ? UNREGISTERED : enterprise.creditCode();
        return new LogOrigin(code, collectorId);
    }

    /** Parses an origin line; throws {@link IllegalArgumentException} when it is not a PlantProof log's. */
    public static LogOrigin parse(String origin) {
        String[] parts = origin.split("/", -1);
        if (parts.length != 3 || !origin.startsWith(PREFIX)) {
            throw new IllegalArgumentException("origin '" + origin + "' is not plantproof/<统一社会信用代码>/<collector id>");
        }
        return new LogOrigin(parts[1], parts[2]);
    }

    public String text() {
        return PREFIX + creditCode + "/" + collectorId;
    }

    @Override
    public String toString() {
        return text();
    }
}

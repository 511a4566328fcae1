package io.plantproof.plant;

/**
 * Where ERP/MES/historian export files are watched for; table column mappings are built in
 * (the Chinese headers of the usual exports) until per-table mapping lands (issue 5).
 */
public record ExportsConfig(String watchDir) {
}

/**
 * The plant model read from one YAML file: enterprise, workshops, equipment register with signal mappings,
 * production calendar, thresholds and connections. {@link io.plantproof.plant.PlantFile} reads it strictly and reports
 * every problem with its line, column and field path; each record checks its own fields in {@code check}.
 */
package io.plantproof.plant;

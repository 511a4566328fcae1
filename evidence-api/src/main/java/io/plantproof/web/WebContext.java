package io.plantproof.web;

import io.plantproof.collector.Connectors;
import io.plantproof.collector.DataDir;
import io.plantproof.metrics.Period;
import io.plantproof.plant.Plant;

/**
 * What the web app serves from: the plant, its open data folder, the running connectors (or
 * {@code null} when this process does not collect) and the periods shown as live indicators.
 */
public record WebContext(Plant plant, DataDir data, Connectors connectors, Period baseline, Period current) {
}

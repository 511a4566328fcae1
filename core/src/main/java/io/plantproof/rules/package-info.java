/**
 * Rule sets as data (基本条件, 评价细则 tiers, checklist) and the engine that applies them to a metric report. Rules
 * name indicators by {@link io.plantproof.metrics.IndicatorId}, compare with an {@link io.plantproof.rules.Operator} on a
 * {@link io.plantproof.rules.Measure}; a typo in a rule file fails when it is read.
 */
package io.plantproof.rules;

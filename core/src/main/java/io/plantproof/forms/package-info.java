/**
 * The figures of the 申报书 documents, each with a stable field id, its form label, value and text as the
 * documents print it: one definition that the document renderers write and the bundle verifier recomputes
 * and compares, figure by figure ({@link io.plantproof.forms.DocumentFigures}, {@link io.plantproof.forms.TaggedFigures}).
 */
package io.plantproof.forms;

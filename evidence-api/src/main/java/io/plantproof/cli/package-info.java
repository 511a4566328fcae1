/**
 * The {@code plantproof} command line (picocli): one class per command or command group, shared options as mixins.
 * A new command extends {@link io.plantproof.cli.PlantCommand} and is listed in its parent's {@code subcommands}.
 */
package io.plantproof.cli;

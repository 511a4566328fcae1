package io.plantproof.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * A runnable subcommand: its {@link #call()} returns the exit code (0 ok, 1 a check failed, 2 bad usage or input).
 * Output goes to picocli's writers, so the launcher and the tests (which call {@link PlantProof#run}) see the same text.
 */
abstract class PlantCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** What the command prints as its result (tables, JSON, skeletons). */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Progress and problems, kept apart from the result. */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}

package io.plantproof.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the benchmarks ran on, from /proc, so figures are never quoted without their machine. */
final class Machine {

    private Machine() {
    }

    static String cpuModel() {
        return procField("/proc/cpuinfo", "model name");
    }

    static double memoryGb() {
        String kb = procField("/proc/meminfo", "MemTotal").replace("kB", "").strip();
        return kb.isEmpty() ? 0 : Long.parseLong(kb) / 1e6 * 1.024;
    }

    /** Resident set size of process {@code pid} in bytes, from /proc/PID/status. */
    static long rssBytes(long pid) {
        String kb = procField("/proc/" + pid + "/status", "VmRSS").replace("kB", "").strip();
        return Long.parseLong(kb) * 1024;
    }

    /** CPU time (user + system) of process {@code pid} so far, in seconds, from /proc/PID/stat. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // fields after the command name in parentheses, which may contain spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks / 100.0;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String procField(String file, String name) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(name)) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
            return "";
        } catch (IOException e) {
            return "";
        }
    }
}

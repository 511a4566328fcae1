package io.plantproof.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README.md's command table is the one the CLI's declarations produce: a command or option added, renamed or removed
 * without updating the README fails here (the failure shows the table to paste).
 */
class CommandTableTest {

    @Test
    void readmeCommandTableMatchesTheDeclarations() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int begin = readme.indexOf(CommandTable.BEGIN);
        int end = readme.indexOf(CommandTable.END);
        assertThat(begin).as("README.md holds the generated command table markers").isNotNegative();
        assertThat(end).isGreaterThan(begin);

        String inReadme = readme.substring(begin, end + CommandTable.END.length()) + "\n";

        assertThat(inReadme).as("README.md's command table; paste the output of CommandTable.main").isEqualTo(CommandTable.markdown());
    }

    @Test
    void everyRunnableCommandIsInTheTable() {
        String table = CommandTable.markdown();

        assertThat(table).contains("`plantproof demo ", "`plantproof collect ", "`plantproof serve ", "`plantproof import ",
                "`plantproof metrics ", "`plantproof evidence build ", "`plantproof evidence verify ", "`plantproof opcua browse ",
                "`plantproof ledger verify ", "`plantproof ledger checkpoint ");
        assertThat(table).doesNotContain("`plantproof help", "`plantproof evidence `");
    }
}

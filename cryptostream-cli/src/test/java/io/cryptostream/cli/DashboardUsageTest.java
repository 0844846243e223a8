package io.cryptostream.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A dashboard port a person mistyped ends the command before anything starts, naming the flag. */
class DashboardUsageTest {

    @ParameterizedTest
    @CsvSource({"dashboard, --port, 70000", "dashboard, --port, eighty", "dashboard, --port, -1",
            "demo, --dashboard-port, 65536"})
    void aPortOutsideTheRangeIsBadUsageNamingItsFlag(String command, String flag, String value) {
        CommandOutput result = CommandOutput.run(command, flag, value);

        assertThat(result.exitCode()).as(result.out()).isEqualTo(2);
        assertThat(result.err()).startsWith(flag + " (cryptostream.dashboard.port)");
    }
}

package io.cryptostream.spark;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

class SparkJvmFlagsTest {

    @Test
    void areTheFlagsTheBuildGaveThisTestJvm() {
        assertThat(SparkJvmFlags.list())
                .contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false")
                .allSatisfy(flag -> assertThat(flag).startsWith("-").doesNotContain("${"))
                .isSubsetOf(ManagementFactory.getRuntimeMXBean().getInputArguments());
    }
}

package io.cryptostream.simulator;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The actor system of a test class, started before its first test and terminated after its last, on which it starts
 * simulators. Register as a static field: {@code @RegisterExtension static final TestActorSystem system = ...}.
 */
final class TestActorSystem implements BeforeAllCallback, AfterAllCallback {

    private ActorSystem system;

    @Override
    public void beforeAll(ExtensionContext context) {
        system = ActorSystem.create(context.getRequiredTestClass().getSimpleName(), ConfigFactory.parseString("""
                pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
                pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
                pekko.loglevel = WARNING
                """).withFallback(ConfigFactory.load()));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }

    ActorSystem get() {
        return system;
    }

    /** A simulator on this actor system; the test closes it. */
    SimulatorServer start(SimulatorConfig config) {
        return SimulatorServer.start(config, system);
    }
}

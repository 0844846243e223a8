package io.cryptostream.ingest;

import io.cryptostream.domain.OrderEvent;
import io.cryptostream.domain.Trade;
import io.cryptostream.simulator.SimulatorConfig;
import io.cryptostream.simulator.SimulatorServer;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One test's simulators and ingest runs on the test class's actor system, stopped after the test, and what the runs
 * delivered. A test class gets one with {@code @ExtendWith(Testbed.Extension.class)} and a {@code Testbed} parameter.
 */
final class Testbed implements ExtensionContext.Store.CloseableResource {

    /** How long a test waits for a run to get somewhere, or to stop. */
    static final Duration WAIT = Duration.ofSeconds(15);

    private final ActorSystem system;
    private final List<SimulatorServer> simulators = new ArrayList<>();
    private final List<IngestRun> runs = new ArrayList<>();
    private final List<Trade> received = new CopyOnWriteArrayList<>();
    private final List<OrderEvent> receivedOrders = new CopyOnWriteArrayList<>();

    private Testbed(ActorSystem system) {
        this.system = system;
    }

    /** A simulator on the test's actor system, closed after the test. */
    SimulatorServer simulator(SimulatorConfig config) {
        SimulatorServer server = SimulatorServer.start(config, system);
        simulators.add(server);
        return server;
    }

    /** An ingest run whose trades go to {@link #received()}, stopped after the test. */
    IngestRun run(VenueProtocol protocol, IngestSettings settings) {
        return run(protocol, settings, Optional.empty());
    }

    IngestRun run(VenueProtocol protocol, IngestSettings settings, Optional<OrderSink> orders) {
        IngestRun run = IngestService.run(system, protocol, settings,
                new InProcessTradeSink(received::addAll, 50, Duration.ofMillis(20)), orders);
        runs.add(run);
        return run;
    }

    /** An order sink whose events go to {@link #receivedOrders()}. */
    OrderSink orderSink() {
        return new InProcessOrderSink(receivedOrders::addAll, 10, Duration.ofMillis(20));
    }

    List<Trade> received() {
        return received;
    }

    List<OrderEvent> receivedOrders() {
        return receivedOrders;
    }

    static void stop(IngestRun run) throws Exception {
        run.stop().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        runs.forEach(run -> {
            try {
                run.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // A run a test expected to fail has failed already.
            }
        });
        simulators.forEach(SimulatorServer::close);
    }

    /**
     * Gives each test class an actor system, terminated after its last test, and each test a {@link Testbed} on it,
     * closed after the test (or the {@link ActorSystem} itself).
     */
    static final class Extension implements ParameterResolver {

        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Testbed.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            Class<?> type = parameter.getParameter().getType();
            return type == Testbed.class || type == ActorSystem.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            ExtensionContext testClass = context;
            while (testClass.getTestMethod().isPresent()) {
                testClass = testClass.getParent().orElseThrow();
            }
            String name = testClass.getRequiredTestClass().getSimpleName();
            ActorSystem system = testClass.getStore(NAMESPACE).getOrComputeIfAbsent(SystemResource.class,
                    key -> new SystemResource(IngestService.actorSystem(name, "INFO")), SystemResource.class).system();
            if (parameter.getParameter().getType() == ActorSystem.class) {
                return system;
            }
            return context.getStore(NAMESPACE).getOrComputeIfAbsent(Testbed.class, key -> new Testbed(system),
                    Testbed.class);
        }
    }

    /** Terminates the class's actor system when JUnit closes the class's store. */
    private record SystemResource(ActorSystem system) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Exception {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}

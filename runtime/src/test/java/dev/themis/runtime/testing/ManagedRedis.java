package dev.themis.runtime.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Lifecycle shared by the harness extensions.
 *
 * <p>On a {@code static} {@code @RegisterExtension} field the processes start before the first test
 * of the class and stop after the last; before each test, anything a previous test stopped (an
 * outage test) is started again on the same ports. On an instance field they start before and stop
 * after every test.
 */
abstract class ManagedRedis implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private boolean classScoped;
    private boolean startedForTest;

    /**
     * Starts every process that is not running and waits until the whole deployment is usable (for
     * use outside the extension lifecycle, e.g. in try-with-resources).
     */
    public abstract void ensureRunning();

    /** Stops every process this object started and removes their working directories. */
    public abstract void close();

    @Override
    public final void beforeAll(ExtensionContext context) {
        classScoped = true;
        ensureRunning();
    }

    @Override
    public final void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public final void beforeEach(ExtensionContext context) {
        if (!classScoped) {
            startedForTest = true;
        }
        ensureRunning();
    }

    @Override
    public final void afterEach(ExtensionContext context) {
        if (startedForTest) {
            startedForTest = false;
            close();
        }
    }
}

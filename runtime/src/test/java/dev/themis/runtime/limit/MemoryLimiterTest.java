package dev.themis.runtime.limit;

import org.junit.jupiter.api.BeforeEach;

class MemoryLimiterTest extends LimiterContract {
    private MemoryLimiter limiter = new MemoryLimiter();

    @BeforeEach
    void fresh() {
        limiter = new MemoryLimiter();
    }

    @Override
    Limiter limiter() {
        return limiter;
    }

    @Override
    void putMetadata(String object, String field, String value) {
        limiter.putMetadata(object, field, value);
    }

    @Override
    long unitsHeld(String policy, String object) {
        return limiter.unitsHeld(policy, object);
    }
}

package dev.themis.runtime.limit;

import java.util.List;

/**
 * The answer for one message: the results of the steps that were evaluated, in order. Evaluation
 * stops at the first terminal result, which is then the last element.
 */
public record LimitOutcome(List<StepResult> results) {
    public LimitOutcome {
        results = List.copyOf(results);
        for (int i = 0; i < results.size() - 1; i++) {
            if (results.get(i).terminal()) {
                throw new IllegalArgumentException("terminal result before the last position");
            }
        }
    }

    /** The index of the deciding step, or -1 when every step admitted the message. */
    public int terminalIndex() {
        return !results.isEmpty() && results.getLast().terminal() ? results.size() - 1 : -1;
    }
}

package dev.themis.milter.server;

import dev.themis.runtime.Decider;
import dev.themis.runtime.Decision;
import dev.themis.runtime.MessageFacts;
import dev.themis.runtime.SmtpReply;
import dev.themis.runtime.Verdict;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A hand-written decider for tests: answers with a function and records what it was asked. */
final class FakeDecider implements Decider {
    final List<MessageFacts> asked = new CopyOnWriteArrayList<>();
    volatile boolean needsHeaders;
    volatile Function<MessageFacts, Decision> answer = f -> accept();

    @Override
    public boolean needsHeaders() {
        return needsHeaders;
    }

    @Override
    public Decision decide(MessageFacts message) {
        asked.add(message);
        return answer.apply(message);
    }

    static Decision accept() {
        return new Decision(Verdict.ACCEPT, null, List.of(), null, null, "", 1);
    }

    static Decision reject(String text) {
        return new Decision(
                Verdict.REJECT, new SmtpReply(550, "5.7.1", text), List.of(), "limit", "alice", "3/3 in 60s", 1);
    }

    static Decision tempfail(String text) {
        return new Decision(Verdict.TEMPFAIL, new SmtpReply(451, "4.7.1", text), List.of(), "limit", "alice", "", 1);
    }

    static Decision hold() {
        return new Decision(Verdict.HOLD, null, List.of(), "holdit", "alice", "", 1);
    }
}

package dev.themis.tmscli.cli;

import java.util.Optional;

/** The action flag of the original command line. */
public enum Action {
    ADD("-a", "add"),
    DELETE("-d", "delete"),
    MODIFY("-m", "modify"),
    GET("-g", "get"),
    FORCE("-f", "force (no question)");

    private final String flag;
    private final String description;

    Action(String flag, String description) {
        this.flag = flag;
        this.description = description;
    }

    public String flag() {
        return flag;
    }

    public String description() {
        return description;
    }

    public static Optional<Action> ofFlag(String arg) {
        for (Action a : values()) {
            if (a.flag.equals(arg)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}

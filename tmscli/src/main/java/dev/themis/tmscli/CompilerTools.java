package dev.themis.tmscli;

import dev.themis.compiler.tools.FmtCommand;
import dev.themis.compiler.tools.LintCommand;
import java.util.List;

/** {@code tmscli lint} and {@code tmscli fmt}: the compiler's own tools, run unchanged. */
final class CompilerTools {
    private CompilerTools() {}

    static int run(String tool, List<String> args, Io io) {
        return switch (tool) {
            case "LintCommand" -> LintCommand.run(args, io.out(), io.err());
            case "FmtCommand" -> FmtCommand.run(args, io.out(), io.err());
            default -> throw new IllegalArgumentException(tool);
        };
    }
}

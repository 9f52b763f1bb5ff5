package dev.themis.tmscli;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

/** {@code tmscli lint} and {@code tmscli fmt}: the compiler's own tools, run unchanged. */
final class CompilerTools {
    private CompilerTools() {}

    static int run(String tool, List<String> args, Io io) {
        try {
            Class<?> c = Class.forName("dev.themis.compiler.tools." + tool);
            Method m = c.getMethod("run", List.class, PrintStream.class, PrintStream.class);
            return (Integer) m.invoke(null, args, io.out(), io.err());
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
            io.err().println("tmscli: " + tool + " is not available in this build: " + e);
            return Tmscli.ERROR;
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}

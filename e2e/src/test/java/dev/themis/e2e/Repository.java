package dev.themis.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checkout is: the launchers the suite runs are {@code bin/themisd} and {@code bin/tmscli}. */
public final class Repository {
    private Repository() {}

    /** The repository root: the first parent of the module directory that has {@code bin/themisd}. */
    public static Path root() {
        Path start = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("bin/themisd")) && Files.isExecutable(p.resolve("bin/tmscli"))) {
                return p;
            }
        }
        throw new IllegalStateException("no bin/themisd above " + start + ": run the suite from the checkout");
    }

    /**
     * A launcher that exists and whose jar was built; the e2e module runs after milter and tmscli are
     * packaged in the reactor, so a missing jar means the module was built alone.
     */
    public static Path launcher(String name, String jar) {
        Path root = root();
        Path built = root.resolve(jar);
        if (!Files.isRegularFile(built)) {
            throw new IllegalStateException(built + " is missing: build the reactor first (./mvnw -B verify, or "
                    + "./mvnw -B verify -pl e2e -am), the e2e module runs the packaged launchers");
        }
        return root.resolve("bin").resolve(name);
    }
}

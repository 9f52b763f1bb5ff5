package dev.themis.runtime.config;

/**
 * Outcome of {@link ConfigStore#replaceAll}.
 *
 * @param previousVersion the version that was replaced
 * @param version the version now stored (equal to {@code previousVersion} when nothing changed)
 * @param diff what changed
 */
public record ReplaceResult(long previousVersion, long version, ConfigDiff diff) {

    public boolean changed() {
        return !diff.isEmpty();
    }
}

package dev.themis.tmscli;

/** tmscli entry point (filled by the tmscli work). */
public final class Tmscli {
    private Tmscli() {}

    public static void main(String[] args) {
        System.out.println("tmscli: not yet implemented");
    }
}

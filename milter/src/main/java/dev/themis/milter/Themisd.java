package dev.themis.milter;

/** themisd entry point (filled by the milter work). */
public final class Themisd {
    private Themisd() {}

    public static void main(String[] args) {
        System.out.println("themisd: not yet implemented");
    }
}

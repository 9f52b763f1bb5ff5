@org.jspecify.annotations.NullMarked
package dev.themis.benchmarks.compiler;

@org.jspecify.annotations.NullMarked
package dev.themis.compiler.ast;

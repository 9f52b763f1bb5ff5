@org.jspecify.annotations.NullMarked
package dev.themis.compiler.model;

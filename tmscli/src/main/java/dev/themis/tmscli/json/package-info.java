@org.jspecify.annotations.NullMarked
package dev.themis.tmscli.json;

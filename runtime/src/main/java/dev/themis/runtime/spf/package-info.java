/**
 * SPF (RFC 7208) for policies with {@code SPF TRUE}: check the client IP, envelope sender and HELO
 * name with Apache jSPF over dnsjava, build the {@code Received-SPF} header and classify the result
 * for the JailAction. Never touches the network in tests: see {@code LocalDnsServer} in the test
 * sources.
 */
@NullMarked
package dev.themis.runtime.spf;

import org.jspecify.annotations.NullMarked;

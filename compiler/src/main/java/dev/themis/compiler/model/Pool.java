package dev.themis.compiler.model;

import java.util.Set;

/**
 * A pool of MTAs.
 *
 * @param name pool name as written
 * @param servers fully qualified host names, lowercased
 */
public record Pool(String name, Set<String> servers) {
    public Pool {
        servers = Set.copyOf(servers);
    }
}

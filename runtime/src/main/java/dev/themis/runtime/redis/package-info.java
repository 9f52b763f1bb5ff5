/** Connections to Redis (standalone, Cluster, Sentinel), shared by themisd and tmscli. */
@NullMarked
package dev.themis.runtime.redis;

import org.jspecify.annotations.NullMarked;

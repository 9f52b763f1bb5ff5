package dev.themis.compiler.model;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A set of IPv4 and IPv6 prefixes (single addresses are /32 and /128) with membership in time
 * bounded by the number of distinct prefix lengths (at most 33 + 129), independent of the number
 * of prefixes: one hash set of masked addresses per prefix length present.
 */
public final class IpPrefixSet {
    /** A masked address: IPv4 in {@code low} (high = -1 marks IPv4), IPv6 as two longs. */
    private record Key(long high, long low) {}

    private final int[] v4Lengths;
    private final int[] v6Lengths;
    private final Map<Integer, Set<Key>> v4;
    private final Map<Integer, Set<Key>> v6;
    private final int size;

    private IpPrefixSet(Map<Integer, Set<Key>> v4, Map<Integer, Set<Key>> v6, int size) {
        this.v4 = Map.copyOf(v4);
        this.v6 = Map.copyOf(v6);
        this.v4Lengths =
                v4.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        this.v6Lengths =
                v6.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        this.size = size;
    }

    public static final IpPrefixSet EMPTY = new IpPrefixSet(Map.of(), Map.of(), 0);

    /** Builds a set; add prefixes with {@link Builder#add(InetAddress, int)}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Number of distinct prefixes. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** True when {@code address} lies inside one of the prefixes. */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            long value = toV4(bytes);
            for (int len : v4Lengths) {
                Set<Key> set = v4.get(len);
                if (set != null && set.contains(new Key(-1, maskV4(value, len)))) {
                    return true;
                }
            }
            return false;
        }
        long high = toLong(bytes, 0);
        long low = toLong(bytes, 8);
        for (int len : v6Lengths) {
            Set<Key> set = v6.get(len);
            if (set != null && set.contains(maskV6(high, low, len))) {
                return true;
            }
        }
        return false;
    }

    private static long toV4(byte[] b) {
        return ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
    }

    private static long toLong(byte[] b, int offset) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[offset + i] & 0xffL);
        }
        return v;
    }

    private static long maskV4(long value, int len) {
        return len == 0 ? 0 : value & (0xffffffffL << (32 - len)) & 0xffffffffL;
    }

    private static long mask64(long value, int len) {
        if (len <= 0) {
            return 0;
        }
        if (len >= 64) {
            return value;
        }
        return value & (-1L << (64 - len));
    }

    private static Key maskV6(long high, long low, int len) {
        return new Key(mask64(high, len), mask64(low, len - 64));
    }

    /** Collects prefixes; not thread-safe. */
    public static final class Builder {
        private final Map<Integer, Set<Key>> v4 = new HashMap<>();
        private final Map<Integer, Set<Key>> v6 = new HashMap<>();
        private int size;

        private Builder() {}

        /**
         * Adds {@code address/length}; host bits are ignored. IPv4-mapped IPv6 addresses are
         * already IPv4 in Java's {@link InetAddress}.
         */
        public Builder add(InetAddress address, int length) {
            byte[] bytes = address.getAddress();
            boolean added;
            if (address instanceof Inet4Address) {
                if (length < 0 || length > 32) {
                    throw new IllegalArgumentException("IPv4 prefix length " + length);
                }
                added = v4.computeIfAbsent(length, k -> new HashSet<>()).add(new Key(-1, maskV4(toV4(bytes), length)));
            } else {
                if (length < 0 || length > 128) {
                    throw new IllegalArgumentException("IPv6 prefix length " + length);
                }
                added = v6.computeIfAbsent(length, k -> new HashSet<>())
                        .add(maskV6(toLong(bytes, 0), toLong(bytes, 8), length));
            }
            if (added) {
                size++;
            }
            return this;
        }

        public IpPrefixSet build() {
            return size == 0 ? EMPTY : new IpPrefixSet(v4, v6, size);
        }
    }

    @Override
    public String toString() {
        return "IpPrefixSet[v4 lengths " + Arrays.toString(v4Lengths) + ", v6 lengths " + Arrays.toString(v6Lengths)
                + ", " + size + " prefixes]";
    }
}

package dev.themis.compiler.decision;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/** IP prefix → group ids: one hash map per prefix length present, per address family. */
final class PrefixIndex {
    private record Key(int length, long high, long low) {}

    private final Map<Key, int[]> map = new HashMap<>();
    private final TreeSet<Integer> v4Set = new TreeSet<>();
    private final TreeSet<Integer> v6Set = new TreeSet<>();
    private int[] v4Lengths = new int[0];
    private int[] v6Lengths = new int[0];

    void add(InetAddress ip, int length, int group) {
        byte[] b = ip.getAddress();
        Key key = key(b, length);
        (b.length == 4 ? v4Set : v6Set).add(length);
        int[] old = map.get(key);
        if (old == null) {
            map.put(key, new int[] {group});
        } else if (Arrays.stream(old).noneMatch(g -> g == group)) {
            int[] n = Arrays.copyOf(old, old.length + 1);
            n[old.length] = group;
            map.put(key, n);
        }
    }

    void freeze() {
        v4Lengths = v4Set.stream().mapToInt(Integer::intValue).toArray();
        v6Lengths = v6Set.stream().mapToInt(Integer::intValue).toArray();
    }

    void collect(InetAddress ip, BitSet out) {
        byte[] b = ip.getAddress();
        for (int len : b.length == 4 ? v4Lengths : v6Lengths) {
            int[] groups = map.get(key(b, len));
            if (groups != null) {
                for (int g : groups) {
                    out.set(g);
                }
            }
        }
    }

    private static Key key(byte[] b, int length) {
        if (b.length == 4) {
            long v = ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
            long masked = length == 0 ? 0 : v & (0xffffffffL << (32 - length)) & 0xffffffffL;
            return new Key(length, -1, masked);
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (b[i] & 0xffL);
            low = (low << 8) | (b[8 + i] & 0xffL);
        }
        return new Key(length + 1000, mask(high, length), mask(low, length - 64));
    }

    private static long mask(long v, int len) {
        if (len <= 0) {
            return 0;
        }
        return len >= 64 ? v : v & (-1L << (64 - len));
    }
}

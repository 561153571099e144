package io.yalas.model.score;

import io.yalas.model.markov.LongIntHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The second detector: which symbols a process uses, compared with the nearest training process.
 *
 * <p>The set of distinct symbols of a process says which kinds of operations it performs (a shell spawned
 * by an exploit opens, forks and execs things the served program never does), independently of their
 * order, which the Markov model covers. The score is the Jaccard distance {@code 1 - |S n T| / |S u T|}
 * from the process's symbol set S to the nearest training process's set T (1-nearest neighbour: a new
 * process is normal when it resembles one normal process, not an average of several).
 *
 * <p>Streaming, per process ({@link ProcessScorer}): a bitset of the symbols seen and, per distinct
 * training set, the size of the intersection. Only an event with a symbol new to the process does work:
 * it increments the intersections of the training sets holding that symbol (inverted lists) and
 * recomputes the nearest distance over the stored sets. A process has at most {@link #elements()}
 * distinct symbols, so that work is bounded per process and every other event costs one hash probe and
 * one bit test. Memory per process: {@link #elements()} bits and one int per stored set.
 *
 * <p>Symbols never seen in training are in no training set; they are hashed into
 * {@link #UNKNOWN_BUCKETS} extra elements, so up to that many distinct unknown symbols each count (two
 * unknown symbols in one bucket count once).
 */
public final class SetNoveltyModel {
    /** Elements reserved for symbols never seen in training. */
    public static final int UNKNOWN_BUCKETS = 64;
    private static final long KEY_MARK = 0x5A5A_0000_0000_0000L;

    private final int[][] sets;
    private final int[] vocabulary;
    private final LongIntHashMap index;
    private final int[] setSize;
    private final int[][] postings;

    private SetNoveltyModel(int[][] sets) {
        this.sets = sets;
        TreeSet<Integer> vocab = new TreeSet<>();
        for (int[] s : sets) {
            for (int x : s) {
                vocab.add(x);
            }
        }
        vocabulary = vocab.stream().mapToInt(Integer::intValue).toArray();
        index = new LongIntHashMap(Math.max(16, vocabulary.length * 2));
        for (int i = 0; i < vocabulary.length; i++) {
            index.put(key(vocabulary[i]), i);
        }
        setSize = new int[sets.length];
        int[] postingCount = new int[vocabulary.length];
        for (int i = 0; i < sets.length; i++) {
            setSize[i] = sets[i].length;
            for (int x : sets[i]) {
                postingCount[index.get(key(x))]++;
            }
        }
        postings = new int[vocabulary.length + UNKNOWN_BUCKETS][];
        for (int e = 0; e < postings.length; e++) {
            postings[e] = new int[e < vocabulary.length ? postingCount[e] : 0];
        }
        int[] fill = new int[vocabulary.length];
        for (int i = 0; i < sets.length; i++) {
            for (int x : sets[i]) {
                int e = index.get(key(x));
                postings[e][fill[e]++] = i;
            }
        }
    }

    /** The model of the given training processes: their distinct symbol sets, duplicates and empty ones dropped. */
    public static SetNoveltyModel learn(List<int[]> traces) {
        LinkedHashSet<IntArrayKey> distinct = new LinkedHashSet<>();
        for (int[] t : traces) {
            int[] s = distinctSorted(t);
            if (s.length > 0) {
                distinct.add(new IntArrayKey(s));
            }
        }
        List<int[]> sets = new ArrayList<>(distinct.size());
        distinct.forEach(k -> sets.add(k.a));
        return of(sets);
    }

    /**
     * The model of stored sets (e.g. from Avro), each a set of symbols; sorted and de-duplicated here.
     *
     * @throws IllegalArgumentException when there is no non-empty set
     */
    public static SetNoveltyModel of(List<int[]> sets) {
        List<int[]> clean = new ArrayList<>(sets.size());
        Set<IntArrayKey> seen = new java.util.HashSet<>();
        for (int[] s : sets) {
            int[] c = distinctSorted(s);
            if (c.length > 0 && seen.add(new IntArrayKey(c))) {
                clean.add(c);
            }
        }
        if (clean.isEmpty()) {
            throw new IllegalArgumentException("no non-empty symbol set to compare with");
        }
        clean.sort(Comparator.<int[]>comparingInt(a -> a.length).thenComparing(Arrays::compare));
        return new SetNoveltyModel(clean.toArray(new int[0][]));
    }

    private static int[] distinctSorted(int[] a) {
        int[] s = a.clone();
        Arrays.sort(s);
        int n = 0;
        for (int i = 0; i < s.length; i++) {
            if (i == 0 || s[i] != s[i - 1]) {
                s[n++] = s[i];
            }
        }
        return Arrays.copyOf(s, n);
    }

    private record IntArrayKey(int[] a) {
        @Override
        public boolean equals(Object o) {
            return o instanceof IntArrayKey k && Arrays.equals(a, k.a);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(a);
        }
    }

    private static long key(int symbol) {
        return KEY_MARK ^ (symbol & 0xFFFF_FFFFL);
    }

    /** The element (bit index) of a symbol: its vocabulary index, or an unknown bucket. */
    int element(int symbol) {
        int e = index.get(key(symbol));
        if (e != LongIntHashMap.MISSING) {
            return e;
        }
        int h = symbol * 0x9E3779B9;
        return vocabulary.length + ((h ^ (h >>> 16)) & (UNKNOWN_BUCKETS - 1));
    }

    /** Training sets holding element {@code e}. */
    int[] postings(int e) {
        return postings[e];
    }

    int setSize(int i) {
        return setSize[i];
    }

    /** Distinct training sets stored (the length of a process's intersection array). */
    public int setCount() {
        return sets.length;
    }

    /** Elements a process can have: training vocabulary plus the unknown buckets. */
    public int elements() {
        return vocabulary.length + UNKNOWN_BUCKETS;
    }

    /** The stored sets, ascending symbols each (copies). */
    public List<int[]> sets() {
        List<int[]> out = new ArrayList<>(sets.length);
        for (int[] s : sets) {
            out.add(s.clone());
        }
        return out;
    }

    /**
     * Nearest Jaccard distance given a process's intersection sizes with every stored set and its number
     * of distinct elements; 0 for a process without events.
     */
    double nearestDistance(int[] overlap, int distinct) {
        if (distinct == 0) {
            return 0;
        }
        // Highest o / (distinct + size - o), compared as fractions (no division in the loop).
        long bestO = 0;
        long bestU = 1;
        int[] size = setSize;
        for (int i = 0; i < overlap.length; i++) {
            long o = overlap[i];
            long u = distinct + size[i] - o;
            if (o * bestU > bestO * u) {
                bestO = o;
                bestU = u;
            }
        }
        return 1 - (double) bestO / bestU;
    }

    /** The score of a whole trace, computed directly (no streaming state): for tests and tools. */
    public double distance(int[] trace) {
        boolean[] in = new boolean[elements()];
        int distinct = 0;
        for (int s : trace) {
            int e = element(s);
            if (!in[e]) {
                in[e] = true;
                distinct++;
            }
        }
        if (distinct == 0) {
            return 0;
        }
        double best = 0;
        for (int i = 0; i < sets.length; i++) {
            int o = 0;
            for (int x : sets[i]) {
                if (in[element(x)]) {
                    o++;
                }
            }
            best = Math.max(best, (double) o / (distinct + sets[i].length - o));
        }
        return 1 - best;
    }

    /** Approximate heap footprint in bytes. */
    public long memoryBytes() {
        long b = index.memoryBytes() + 4L * vocabulary.length + 4L * setSize.length;
        for (int[] s : sets) {
            b += 16 + 4L * s.length;
        }
        for (int[] p : postings) {
            b += 16 + 4L * p.length;
        }
        return b;
    }
}

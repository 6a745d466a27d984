package io.dualaccess.keyset;

import java.util.List;

/** The argument checks backfill and verify share: the tables to walk and the keys per chunk. */
public final class ChunkOptions {

    /** Most keys per chunk. */
    public static final int MAX_CHUNK_SIZE = 100_000;

    private ChunkOptions() {
    }

    /**
     * @param what the command, for the message ({@code backfill}, {@code verify})
     * @return an immutable copy
     * @throws IllegalArgumentException when there is no table
     */
    public static List<String> tables(String what, List<String> tables) {
        if (tables.isEmpty()) {
            throw new IllegalArgumentException(what + " needs at least one table");
        }
        return List.copyOf(tables);
    }

    /** @throws IllegalArgumentException when {@code n} is not between 1 and {@link #MAX_CHUNK_SIZE} */
    public static int chunkSize(int n) {
        if (n < 1 || n > MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("chunk size must be between 1 and 100000, not " + n);
        }
        return n;
    }
}

package io.dualaccess.events;

import io.dualaccess.config.FileMode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;

/**
 * A JSON-lines file that dualaccess appends to: the comparison log and the divergence journal.
 * Whole lines are appended with {@code write} system calls on a channel opened in append mode, so
 * a file truncated under it ({@code copytruncate}) goes on at its new end without a hole.
 *
 * <p>Rotation by others: before each append the path is checked; when the file was renamed
 * (logrotate's default mode) or removed, the old channel is closed and the path opened anew, so
 * nothing is written into a renamed file after the append that noticed, and nothing is lost.
 *
 * <p>Rollover by dualaccess ({@link Rollover}): before an append that would take the file past
 * its size limit, or once it has been open longer than its age limit, the file becomes
 * {@code <file>.1}, older ones shift to {@code .2}, {@code .3} ... and files past the number kept
 * are deleted. A rolled file is forced to disk before it is closed.
 *
 * <p>Positions are counted across files (bytes appended since this object was made): a writer
 * that needs its line on disk asks {@link #forceUpTo} with the position {@link #append} returned,
 * and one fsync covers every line appended before it (group commit).
 *
 * <p>Thread-safe; appends are serialised, a force runs outside the append lock.
 */
public final class JsonLinesFile implements AutoCloseable {

    /**
     * When a file rolls over.
     *
     * @param maxBytes size past which it rolls over; 0: never by size
     * @param maxAge time after which it rolls over; {@link Duration#ZERO}: never by time
     * @param maxFiles rolled-over files kept; 0: all
     */
    public record Rollover(long maxBytes, Duration maxAge, int maxFiles) {

        /** One file that only grows (it still follows renames and truncation by others). */
        public static final Rollover NEVER = new Rollover(0, Duration.ZERO, 0);

        public Rollover {
            Objects.requireNonNull(maxAge, "maxAge");
        }
    }

    private final Path file;
    private final FileMode mode;
    private final Rollover rollover;
    private final Object forceLock = new Object();
    private FileChannel channel;
    /** The file's identity (device and inode where the platform has them) when it was opened. */
    private Object openedKey;
    private long openedNanos;
    private long position;
    private long forced;
    private long rolledOver;
    private long reopened;
    private boolean dirty;

    /**
     * @param file where the lines go (appended; created with {@code mode} when missing)
     * @param mode the permissions a file created here gets
     * @param rollover when this file rolls over
     */
    public JsonLinesFile(Path file, FileMode mode, Rollover rollover) {
        this.file = file;
        this.mode = mode;
        this.rollover = rollover;
    }

    /**
     * Appends whole lines (each ending in a newline), opening, reopening or rolling the file over
     * first when needed.
     *
     * @return the position after these lines, for {@link #forceUpTo}
     */
    public synchronized long append(ByteBuffer lines) throws IOException {
        int length = lines.remaining();
        prepare(length);
        while (lines.hasRemaining()) {
            position += channel.write(lines);
        }
        dirty = true;
        return position;
    }

    /** {@link #append(ByteBuffer)} for bytes. */
    public long append(byte[] lines) throws IOException {
        return append(ByteBuffer.wrap(lines));
    }

    private void prepare(int length) throws IOException {
        if (channel != null && !stillOurs()) {
            // Renamed or removed under us (logrotate): the next line goes to a new file at the path.
            closeChannel();
            reopened++;
        }
        if (channel != null && dueForRollover(length)) {
            closeChannel();
            roll();
            rolledOver++;
        }
        if (channel == null) {
            channel = mode.openAppend(file);
            openedKey = key(file);
            openedNanos = System.nanoTime();
        }
    }

    private boolean stillOurs() {
        Object now = key(file);
        if (now == null) {
            return false;
        }
        // Without file keys (some platforms) only a removal is noticed.
        return openedKey == null || openedKey.equals(now);
    }

    private static Object key(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Object k = a.fileKey();
            return k == null ? Boolean.TRUE : k;
        } catch (IOException gone) {
            return null;
        }
    }

    private boolean dueForRollover(int length) throws IOException {
        long size = channel.size();
        if (size == 0) {
            return false;
        }
        if (rollover.maxBytes() > 0 && size + length > rollover.maxBytes()) {
            return true;
        }
        return !rollover.maxAge().isZero() && System.nanoTime() - openedNanos >= rollover.maxAge().toNanos();
    }

    /** {@code file.(n-1)} to {@code file.n}, ..., {@code file} to {@code file.1}; past the number kept, deleted. */
    private void roll() throws IOException {
        int keep = rollover.maxFiles();
        int highest = 0;
        while (Files.exists(rolled(highest + 1), LinkOption.NOFOLLOW_LINKS)) {
            highest++;
        }
        for (int i = highest; i >= 1; i--) {
            if (keep > 0 && i >= keep) {
                Files.deleteIfExists(rolled(i));
            } else {
                Files.move(rolled(i), rolled(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try {
            Files.move(file, rolled(1), StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException gone) {
            // removed meanwhile: nothing to keep
        }
    }

    /** The path of rolled-over file number {@code n} (1: the newest). */
    public Path rolled(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    private void closeChannel() throws IOException {
        FileChannel c = channel;
        channel = null;
        openedKey = null;
        try {
            if (dirty) {
                c.force(false);
            }
        } finally {
            dirty = false;
            c.close();
        }
        // Everything appended so far was forced before the close.
        synchronized (forceLock) {
            forced = Math.max(forced, position);
        }
    }

    /**
     * Makes sure every line up to {@code upTo} (a position {@link #append} returned) is on disk:
     * the first caller forces all appended so far, callers waiting behind it find theirs done.
     */
    public void forceUpTo(long upTo) throws IOException {
        synchronized (forceLock) {
            if (forced >= upTo) {
                return;
            }
            FileChannel c;
            long end;
            synchronized (this) {
                c = channel;
                end = position;
                dirty = false;
            }
            if (c != null) {
                try {
                    c.force(false);
                } catch (ClosedChannelException rolled) {
                    // Closed by a rollover or reopen, which forced it first.
                }
            }
            forced = Math.max(forced, end);
        }
    }

    /** Forces what was appended since the last force (for a periodic fsync). */
    public void force() throws IOException {
        long upTo;
        synchronized (this) {
            if (!dirty) {
                return;
            }
            upTo = position;
        }
        forceUpTo(upTo);
    }

    /** The file written. */
    public Path file() {
        return file;
    }

    /** Times this object rolled the file over. */
    public synchronized long rolledOver() {
        return rolledOver;
    }

    /** Times the file was found renamed or removed and opened anew. */
    public synchronized long reopened() {
        return reopened;
    }

    /** Forces and closes the file; a later append opens it again. */
    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            closeChannel();
        }
    }
}

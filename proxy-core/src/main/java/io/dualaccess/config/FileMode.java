package io.dualaccess.config;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The permissions of the files dualaccess creates that hold statements and values (the divergence
 * journal, the comparison log): {@code dualaccess.files.mode}, by default {@code 600} (owner only).
 * Applied when a file is created, whatever the process's umask; an existing file keeps its mode.
 * On file systems without POSIX permissions the mode is not applied.
 *
 * @param permissions the permissions a new file gets
 */
public record FileMode(Set<PosixFilePermission> permissions) {

    /** Owner read and write, nothing for anyone else. */
    public static final FileMode OWNER_ONLY = parse("600");

    /** Parses three octal digits (an optional leading 0 allowed); the owner must keep read and write. */
    public static FileMode parse(String text) {
        String t = text.trim();
        if (!t.matches("0?[0-7]{3}")) {
            throw new IllegalArgumentException("expected three octal digits such as 600 or 640");
        }
        int bits = Integer.parseInt(t, 8);
        if ((bits & 0600) != 0600) {
            throw new IllegalArgumentException("expected a mode that lets the owner read and write (6xx), such as 600 or 640");
        }
        Set<PosixFilePermission> p = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE};
        for (int i = 0; i < order.length; i++) {
            if ((bits & (0400 >> i)) != 0) {
                p.add(order[i]);
            }
        }
        return new FileMode(Set.copyOf(p));
    }

    /**
     * Opens a file for appending, creating it (and missing parent directories, for the owner only)
     * with this mode when it does not exist.
     */
    public FileChannel openAppend(Path file) throws IOException {
        return open(file, StandardOpenOption.APPEND);
    }

    /**
     * Opens a file for reading and writing at any position (a memory mapping needs both), creating it
     * (and missing parent directories, for the owner only) with this mode when it does not exist.
     */
    public FileChannel openReadWrite(Path file) throws IOException {
        return open(file, StandardOpenOption.READ);
    }

    private FileChannel open(Path file, StandardOpenOption access) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (parent != null && !Files.isDirectory(parent)) {
            if (posix) {
                Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(directoryPermissions()));
            } else {
                Files.createDirectories(parent);
            }
        }
        if (!posix) {
            return FileChannel.open(file, StandardOpenOption.CREATE, access, StandardOpenOption.WRITE);
        }
        try {
            FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(permissions);
            FileChannel c = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, access,
                StandardOpenOption.WRITE), attr);
            // The umask may have taken bits away from the mode asked for: set it exactly.
            Files.setPosixFilePermissions(file, permissions);
            return c;
        } catch (FileAlreadyExistsException exists) {
            return FileChannel.open(file, access, StandardOpenOption.WRITE);
        }
    }

    private Set<PosixFilePermission> directoryPermissions() {
        Set<PosixFilePermission> d = EnumSet.copyOf(permissions);
        if (d.contains(PosixFilePermission.GROUP_READ)) {
            d.add(PosixFilePermission.GROUP_EXECUTE);
        }
        if (d.contains(PosixFilePermission.OTHERS_READ)) {
            d.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        d.add(PosixFilePermission.OWNER_EXECUTE);
        return d;
    }

    /** The mode in octal, such as {@code 600}. */
    @Override
    public String toString() {
        String rwx = PosixFilePermissions.toString(permissions);
        int bits = 0;
        for (int i = 0; i < 9; i++) {
            bits = bits << 1 | (rwx.charAt(i) == '-' ? 0 : 1);
        }
        return String.format("%03o", bits);
    }
}

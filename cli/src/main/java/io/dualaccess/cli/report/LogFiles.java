package io.dualaccess.cli.report;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Turns the command's arguments (files, directories, globs) into the log files to read, oldest
 * first, and opens them (gzip recognised by its magic bytes, whatever the name). Public for the
 * benchmarks, which read a run's log with its rolled-over files the way the report does.
 */
public final class LogFiles {

    /** {@code name.jsonl.3.gz}: the stem {@code name.jsonl}, rotation 3. */
    private static final Pattern ROTATED = Pattern.compile("^(.*?)(?:\\.(\\d+))?(?:\\.gz)?$");

    private LogFiles() {
    }

    /**
     * Resolves the arguments. A directory contributes the regular files in it whose name
     * contains {@code .jsonl} (not recursively); a glob ({@code *}, {@code ?}, {@code [}, {@code {})
     * is matched against paths under its longest literal directory. Duplicates are read once.
     *
     * @throws IllegalArgumentException naming an argument that matches nothing
     */
    static List<Path> resolve(List<String> args) {
        Set<Path> found = new LinkedHashSet<>();
        for (String arg : args) {
            List<Path> matched = resolveOne(arg);
            if (matched.isEmpty()) {
                throw new IllegalArgumentException("no comparison log matches '" + arg + "'");
            }
            for (Path p : matched) {
                found.add(p.toAbsolutePath().normalize());
            }
        }
        List<Path> files = new ArrayList<>(found);
        files.sort(ROTATION_ORDER);
        return files;
    }

    /**
     * A log file and the files it rolled over into ({@code <file>.1}, {@code <file>.2.gz}, ...:
     * {@code dualaccess.log.max-size}, logrotate), oldest first; empty when there are none.
     */
    public static List<Path> withRolled(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        String name = file.getFileName().toString();
        Pattern rolled = Pattern.compile(Pattern.quote(name) + "(\\.\\d{1,9})?(\\.gz)?");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = new ArrayList<>(s.filter(Files::isRegularFile)
                .filter(f -> rolled.matcher(f.getFileName().toString()).matches())
                .toList());
        }
        files.sort(ROTATION_ORDER);
        return files;
    }

    private static List<Path> resolveOne(String arg) {
        if (isGlob(arg)) {
            return glob(arg);
        }
        Path p = Paths.get(arg);
        if (Files.isDirectory(p)) {
            try (Stream<Path> s = Files.list(p)) {
                return s.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().contains(".jsonl"))
                    .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Files.isRegularFile(p) ? List.of(p) : List.of();
    }

    private static boolean isGlob(String arg) {
        return arg.indexOf('*') >= 0 || arg.indexOf('?') >= 0 || arg.indexOf('[') >= 0 || arg.indexOf('{') >= 0;
    }

    private static List<Path> glob(String arg) {
        String normal = arg.replace('\\', '/');
        int firstMeta = firstMeta(normal);
        int slash = normal.lastIndexOf('/', firstMeta);
        Path base = slash < 0 ? Paths.get(".") : Paths.get(slash == 0 ? "/" : normal.substring(0, slash));
        String pattern = slash < 0 ? normal : normal.substring(slash + 1);
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        int depth = pattern.contains("**") ? Integer.MAX_VALUE : pattern.split("/").length;
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        try (Stream<Path> s = Files.walk(base, depth)) {
            return s.filter(Files::isRegularFile)
                .filter(f -> matcher.matches(base.relativize(f)))
                .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int firstMeta(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return i;
            }
        }
        return s.length();
    }

    /**
     * Oldest first, as logrotate and most appenders name them: files sharing a stem
     * ({@code x.jsonl}, {@code x.jsonl.1}, {@code x.jsonl.2.gz}) by rotation number, highest (oldest)
     * first and the unnumbered, current file last; different stems by name, which orders
     * date-stamped files ({@code x-2026-11-24.jsonl.gz}) by date.
     */
    static final Comparator<Path> ROTATION_ORDER = Comparator
        .comparing((Path p) -> stem(p.getFileName().toString()))
        .thenComparing(p -> -rotation(p.getFileName().toString()))
        .thenComparing(Path::toString);

    static String stem(String name) {
        Matcher m = ROTATED.matcher(name);
        return m.matches() ? m.group(1) : name;
    }

    static long rotation(String name) {
        Matcher m = ROTATED.matcher(name);
        if (m.matches() && m.group(2) != null && m.group(2).length() < 10) {
            return Long.parseLong(m.group(2));
        }
        return 0;
    }

    /** Opens a log, decompressing it when it starts with gzip's magic bytes. */
    public static InputStream open(Path file) throws IOException {
        InputStream raw;
        try {
            raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file (rotated away while reading?)");
        }
        raw.mark(2);
        int b1 = raw.read();
        int b2 = raw.read();
        raw.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
        }
        return raw;
    }
}

package io.starling.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The cache of generated table files: one directory per suite and scale factor holding {@code <table>.tbl} files
 * ('|'-separated, no trailing separator, '\n' line ends) and a {@code _COMPLETE} marker written last, so an
 * interrupted generation is redone instead of being loaded half-written.
 */
final class DataFiles
{
    private static final String MARKER = "_COMPLETE";

    private DataFiles()
    {
    }

    /** {@code 0.1} -> "0.1", {@code 1.0} -> "1": the directory suffix of a scale factor. */
    static String sfName(double sf)
    {
        String s = String.format(Locale.ROOT, "%s", sf);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    static boolean isComplete(Path dir)
    {
        return Files.exists(dir.resolve(MARKER));
    }

    static void markComplete(Path dir) throws IOException
    {
        Files.writeString(dir.resolve(MARKER), "generated\n");
    }

    static Path file(Path dir, String table)
    {
        return dir.resolve(table + ".tbl");
    }

    static BufferedWriter writer(Path dir, String table) throws IOException
    {
        Files.createDirectories(dir);
        return Files.newBufferedWriter(file(dir, table), StandardCharsets.UTF_8);
    }
}

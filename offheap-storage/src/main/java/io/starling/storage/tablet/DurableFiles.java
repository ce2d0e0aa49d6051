package io.starling.storage.tablet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The crash-safe file primitives of the tablet store: atomic replace (write temp, fsync, rename, fsync the
 * directory) and directory fsync, plus recursive delete. After {@link #writeAtomically} returns, a crash leaves
 * either the old or the new content under the target name, never a mix; at worst a {@code .tmp} file remains,
 * which recovery deletes.
 */
final class DurableFiles
{
    /** Suffix of in-progress files; anything ending in it is garbage after a restart. */
    static final String TMP_SUFFIX = ".tmp";

    private DurableFiles()
    {
    }

    static void writeAtomically(Path target, byte[] data, int length) throws IOException
    {
        Path tmp = target.resolveSibling(target.getFileName() + TMP_SUFFIX);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(data, 0, length);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory(target.getParent());
    }

    /** Makes directory entries (creates, renames, deletes) in {@code dir} durable. */
    static void fsyncDirectory(Path dir) throws IOException
    {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    static void deleteRecursively(Path p) throws IOException
    {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}

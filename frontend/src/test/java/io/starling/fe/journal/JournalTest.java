package io.starling.fe.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournalTest
{
    @TempDir
    Path dir;

    private static byte[] b(String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> strings(Journal.Recovered r)
    {
        return r.entries().stream().map(x -> new String(x, StandardCharsets.UTF_8)).toList();
    }

    private Path onlyLog() throws IOException
    {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("edits.")).sorted().reduce((a, c) -> c).orElseThrow();
        }
    }

    @Test
    void replaysAppendedEntries() throws IOException
    {
        try (Journal j = Journal.open(dir)) {
            assertThat(j.recovered().entries()).isEmpty();
            assertThat(j.append(b("a"))).isEqualTo(1);
            assertThat(j.append(b("bb"))).isEqualTo(2);
        }
        try (Journal j = Journal.open(dir)) {
            assertThat(strings(j.recovered())).containsExactly("a", "bb");
            assertThat(j.append(b("c"))).isEqualTo(3);
        }
        try (Journal j = Journal.open(dir)) {
            assertThat(strings(j.recovered())).containsExactly("a", "bb", "c");
        }
    }

    @Test
    void truncatesTornTail() throws IOException
    {
        try (Journal j = Journal.open(dir)) {
            j.recovered();
            j.append(b("first"));
            j.append(b("second"));
        }
        Path log = onlyLog();
        long size = Files.size(log);
        // kill -9 in the middle of writing the second record: cut it short.
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(size - 3);
        }
        try (Journal j = Journal.open(dir)) {
            assertThat(strings(j.recovered())).containsExactly("first");
            assertThat(j.append(b("third"))).isEqualTo(2);
        }
        try (Journal j = Journal.open(dir)) {
            assertThat(strings(j.recovered())).containsExactly("first", "third");
        }
    }

    @Test
    void truncatesTailWithBadCrcOrZeros() throws IOException
    {
        try (Journal j = Journal.open(dir)) {
            j.recovered();
            j.append(b("keep"));
            j.append(b("lost"));
        }
        Path log = onlyLog();
        byte[] all = Files.readAllBytes(log);
        all[all.length - 1] ^= 0x55;    // last payload byte flipped: CRC mismatch on the final record
        byte[] withZeros = new byte[all.length + 16];
        System.arraycopy(all, 0, withZeros, 0, all.length);
        Files.write(log, withZeros);
        try (Journal j = Journal.open(dir)) {
            assertThat(strings(j.recovered())).containsExactly("keep");
        }
    }

    @Test
    void corruptMiddleRecordStopsStartup() throws IOException
    {
        try (Journal j = Journal.open(dir)) {
            j.recovered();
            j.append(b("one"));
            j.append(b("two"));
            j.append(b("three"));
        }
        Path log = onlyLog();
        byte[] all = Files.readAllBytes(log);
        // Record 1 starts after the 4-byte magic: header 8 bytes, payload "one" at 12..14.
        all[12] ^= 0x01;
        Files.write(log, all);
        assertThatThrownBy(() -> Journal.open(dir)).isInstanceOf(JournalCorruptedException.class)
                .hasMessageContaining("corrupt at offset 4");
    }

    @Test
    void checkpointThenReplayLaterEntries() throws IOException
    {
        try (Journal j = Journal.open(dir)) {
            j.recovered();
            j.append(b("1"));
            j.append(b("2"));
            j.checkpoint(b("state-after-2"));
            j.append(b("3"));
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("edits.00000000000000000003", "image.00000000000000000002");
        }
        try (Journal j = Journal.open(dir)) {
            Journal.Recovered r = j.recovered();
            assertThat(r.imageSeq()).isEqualTo(2);
            assertThat(new String(r.image(), StandardCharsets.UTF_8)).isEqualTo("state-after-2");
            assertThat(strings(r)).containsExactly("3");
            assertThat(j.append(b("4"))).isEqualTo(4);
        }
    }

    @Test
    void leftoverTmpImageIsIgnored() throws IOException
    {
        try (Journal j = Journal.open(dir)) {
            j.recovered();
            j.append(b("1"));
        }
        Files.write(dir.resolve("image.00000000000000000001.tmp"), b("half"));
        try (Journal j = Journal.open(dir)) {
            Journal.Recovered r = j.recovered();
            assertThat(r.image()).isNull();
            assertThat(strings(r)).containsExactly("1");
        }
        assertThat(Files.exists(dir.resolve("image.00000000000000000001.tmp"))).isFalse();
    }
}

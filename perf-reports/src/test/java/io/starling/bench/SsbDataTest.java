package io.starling.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SsbDataTest
{
    @Test
    void cardinalitiesAndDomainsFollowTheSpec(@TempDir Path dir) throws Exception
    {
        SsbData.generate(dir, 0.01);
        assertThat(Files.readAllLines(DataFiles.file(dir, "dates"))).hasSize(2557);
        assertThat(Files.readAllLines(DataFiles.file(dir, "customer"))).hasSize(300);
        assertThat(Files.readAllLines(DataFiles.file(dir, "supplier"))).hasSize(20);
        List<String> parts = Files.readAllLines(DataFiles.file(dir, "part"));
        assertThat(parts).hasSize(2000);
        String[] p = parts.get(0).split("\\|");
        assertThat(p).hasSize(9);
        assertThat(p[3]).startsWith(p[2]).hasSize(7);
        assertThat(p[4]).startsWith(p[3]);
        List<String> lo = Files.readAllLines(DataFiles.file(dir, "lineorder"));
        // 15,000 orders of 1..7 lines: about 60,000 rows
        assertThat(lo.size()).isBetween(55_000, 65_000);
        for (String line : lo.subList(0, 100)) {
            String[] f = line.split("\\|");
            assertThat(f).hasSize(17);
            int ext = Integer.parseInt(f[9]);
            int discount = Integer.parseInt(f[11]);
            assertThat(Integer.parseInt(f[12])).isEqualTo(ext * (100 - discount) / 100);
            assertThat(Integer.parseInt(f[5])).isBetween(19920101, 19981231);
        }
        String firstDate = Files.readAllLines(DataFiles.file(dir, "dates")).get(0);
        assertThat(firstDate).startsWith("19920101|January 1, 1992|Wednesday|January|1992|199201|Jan1992|4|1|1|1|1|");
        assertThat(DataFiles.isComplete(dir)).isTrue();
    }

    @Test
    void citiesArePaddedNationPrefixes()
    {
        assertThat(SsbData.NATIONS[23].substring(0, 9) + "1").isEqualTo("UNITED KI1");
    }
}

package io.starling.exec.expr;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.temporal.IsoFields;

import static org.assertj.core.api.Assertions.assertThat;

class DateTimesTest
{
    @Test
    void civilConversionMatchesJavaTimeOverWholeRange()
    {
        for (long d = DateTimes.MIN_DAYS; d <= DateTimes.MAX_DAYS; d += 7) {
            LocalDate ld = LocalDate.ofEpochDay(d);
            int c = DateTimes.civil(d);
            assertThat(DateTimes.year(c)).isEqualTo(ld.getYear());
            assertThat(DateTimes.month(c)).isEqualTo(ld.getMonthValue());
            assertThat(DateTimes.day(c)).isEqualTo(ld.getDayOfMonth());
            assertThat(DateTimes.daysFromCivil(ld.getYear(), ld.getMonthValue(), ld.getDayOfMonth())).isEqualTo(d);
            assertThat(DateTimes.dayOfYear(d)).isEqualTo(ld.getDayOfYear());
            assertThat(DateTimes.dayOfWeek(d)).isEqualTo(ld.getDayOfWeek().getValue() % 7 + 1);
        }
    }

    @Test
    void isoWeekAndMysqlModes()
    {
        for (long d = DateTimes.daysFromCivil(1960, 1, 1); d < DateTimes.daysFromCivil(2040, 1, 1); d++) {
            LocalDate ld = LocalDate.ofEpochDay(d);
            int w = DateTimes.week(d, 3);
            assertThat(w & 0xFF).as(ld.toString()).isEqualTo(ld.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            assertThat(w >> 8).as(ld.toString()).isEqualTo(ld.get(IsoFields.WEEK_BASED_YEAR));
        }
        // MySQL WEEK('2024-01-01', 0) = 0 (first Sunday is Jan 7), mode 2 gives 53 of 2023
        long jan1 = DateTimes.daysFromCivil(2024, 1, 1);
        assertThat(DateTimes.week(jan1, 0) & 0xFF).isEqualTo(0);
        assertThat(DateTimes.week(jan1, 2)).isEqualTo((2023 << 8) | 53);
        assertThat(DateTimes.week(DateTimes.daysFromCivil(2024, 1, 7), 0) & 0xFF).isEqualTo(1);
    }

    @Test
    void parseForms()
    {
        assertThat(DateTimes.parseDate("2024-2-9")).isEqualTo(DateTimes.daysFromCivil(2024, 2, 9));
        assertThat(DateTimes.parseDate("2024/02/09")).isEqualTo(DateTimes.daysFromCivil(2024, 2, 9));
        assertThat(DateTimes.parseDate("1900-02-29")).isEqualTo(DateTimes.INVALID);
        assertThat(DateTimes.parseDate("2000-02-29")).isEqualTo(DateTimes.daysFromCivil(2000, 2, 29));
        assertThat(DateTimes.parseDateTime("20240209123456")).isEqualTo(DateTimes.parseDateTime("2024-02-09 12:34:56"));
        assertThat(DateTimes.parseDateTime("2024-02-09T12:34")).isEqualTo(DateTimes.parseDateTime("2024-02-09 12:34:00"));
        assertThat(DateTimes.parseDateTime("2024-02-09 24:00:00")).isEqualTo(DateTimes.INVALID);
        assertThat(DateTimes.parseDateTime("2024-02-09 1:2:3.1234567"))
                .isEqualTo(DateTimes.parseDateTime("2024-02-09 01:02:03") + 123456);
        assertThat(DateTimes.parseDateTime("")).isEqualTo(DateTimes.INVALID);
        assertThat(DateTimes.parseDateTime("abc")).isEqualTo(DateTimes.INVALID);
    }

    @Test
    void formatAndParseWithFormat()
    {
        long m = DateTimes.parseDateTime("2009-10-04 22:23:00.000015");
        assertThat(DateTimes.format(m, "%W %M %Y")).isEqualTo("Sunday October 2009");
        assertThat(DateTimes.format(m, "%H:%i:%s %p %r %T")).isEqualTo("22:23:00 PM 10:23:00 PM 22:23:00");
        assertThat(DateTimes.format(m, "%D %y %a %d %m %b %j %e %c %f %%")).isEqualTo("4th 09 Sun 04 10 Oct 277 4 10 000015 %");
        assertThat(DateTimes.format(DateTimes.parseDateTime("1999-12-31 00:00:00"), "%Y-%m-%d %h %l %k"))
                .isEqualTo("1999-12-31 12 12 0");
        assertThat(DateTimes.parseWithFormat("2013-05-10 09:08:07", "%Y-%m-%d %H:%i:%s"))
                .isEqualTo(DateTimes.parseDateTime("2013-05-10 09:08:07"));
        assertThat(DateTimes.parseWithFormat("May 1, 2013 3:04 PM", "%b %e, %Y %l:%i %p"))
                .isEqualTo(DateTimes.parseDateTime("2013-05-01 15:04:00"));
        assertThat(DateTimes.parseWithFormat("2013-02-30", "%Y-%m-%d")).isEqualTo(DateTimes.INVALID);
        assertThat(DateTimes.parseWithFormat("13-2-3", "%y-%c-%e")).isEqualTo(DateTimes.parseDateTime("2013-02-03"));
    }

    @Test
    void addMonthsClampsToMonthEnd()
    {
        assertThat(DateTimes.addMonths(DateTimes.daysFromCivil(2024, 1, 31), 1)).isEqualTo(DateTimes.daysFromCivil(2024, 2, 29));
        assertThat(DateTimes.addMonths(DateTimes.daysFromCivil(2024, 2, 29), 12)).isEqualTo(DateTimes.daysFromCivil(2025, 2, 28));
        assertThat(DateTimes.addMonths(DateTimes.daysFromCivil(1970, 1, 15), -1)).isEqualTo(DateTimes.daysFromCivil(1969, 12, 15));
    }
}

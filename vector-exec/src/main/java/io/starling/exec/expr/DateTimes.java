package io.starling.exec.expr;

import java.util.Locale;

/**
 * Calendar arithmetic, parsing and formatting for DATE (days since 1970-01-01, proleptic Gregorian) and DATETIME
 * (microseconds since 1970-01-01 00:00:00, no time zone) without allocating on the numeric paths.
 *
 * <p>Civil-date conversion follows the well known days-from-civil algorithm (400-year eras of 146097 days).
 * Valid years are 0000..9999, the range StarRocks accepts. Parsers return {@link #INVALID} instead of throwing
 * so callers decide between NULL and an error.
 */
public final class DateTimes
{
    /** Returned by the parsers for text that is not a valid date/datetime. */
    public static final long INVALID = Long.MIN_VALUE;
    public static final long MICROS_PER_SECOND = 1_000_000L;
    public static final long MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
    public static final long MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
    public static final long MICROS_PER_DAY = 24 * MICROS_PER_HOUR;
    /** Days from 0000-03-01 to 1970-01-01 in the era arithmetic below. */
    private static final long EPOCH_SHIFT = 719_468;
    /** Day numbers of 0000-01-01 and 9999-12-31: StarRocks' DATE range. */
    public static final int MIN_DAYS = (int) daysFromCivil(0, 1, 1);
    public static final int MAX_DAYS = (int) daysFromCivil(9999, 12, 31);

    static final String[] MONTH_NAMES = {"January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December"};
    /** Monday first, matching {@link #weekdayMondayZero}. */
    static final String[] DAY_NAMES = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

    private DateTimes()
    {
    }

    public static long daysFromCivil(long year, int month, int day)
    {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - EPOCH_SHIFT;
    }

    /** Civil date of a day number packed as {@code year << 9 | month << 5 | day}; unpack with {@link #year} etc. */
    public static int civil(long days)
    {
        long z = days + EPOCH_SHIFT;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int d = (int) (doy - (153 * mp + 2) / 5 + 1);
        int m = (int) (mp < 10 ? mp + 3 : mp - 9);
        long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
        return (int) (y << 9) | (m << 5) | d;
    }

    public static int year(int packed)
    {
        return packed >> 9;
    }

    public static int month(int packed)
    {
        return (packed >> 5) & 0xF;
    }

    public static int day(int packed)
    {
        return packed & 0x1F;
    }

    public static boolean isLeap(long year)
    {
        return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    }

    public static int daysInMonth(long year, int month)
    {
        return switch (month) {
            case 2 -> isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** 0 = Monday .. 6 = Sunday (1970-01-01 was a Thursday). */
    public static int weekdayMondayZero(long days)
    {
        return (int) Math.floorMod(days + 3, 7);
    }

    /** StarRocks/MySQL DAYOFWEEK: 1 = Sunday .. 7 = Saturday. */
    public static int dayOfWeek(long days)
    {
        return (int) Math.floorMod(days + 4, 7) + 1;
    }

    public static int dayOfYear(long days)
    {
        int c = civil(days);
        return (int) (days - daysFromCivil(year(c), 1, 1)) + 1;
    }

    public static long daysOfMicros(long micros)
    {
        return Math.floorDiv(micros, MICROS_PER_DAY);
    }

    public static long microsOfDay(long micros)
    {
        return Math.floorMod(micros, MICROS_PER_DAY);
    }

    /** Adds months, clamping the day to the last day of the resulting month (2024-01-31 + 1 month = 2024-02-29). */
    public static long addMonths(long days, long months)
    {
        int c = civil(days);
        long total = (long) year(c) * 12 + (month(c) - 1) + months;
        long y = Math.floorDiv(total, 12);
        int m = (int) Math.floorMod(total, 12) + 1;
        int d = Math.min(day(c), daysInMonth(y, m));
        return daysFromCivil(y, m, d);
    }

    public static boolean validDays(long days)
    {
        return days >= MIN_DAYS && days <= MAX_DAYS;
    }

    public static boolean validMicros(long micros)
    {
        return micros >= (long) MIN_DAYS * MICROS_PER_DAY && micros < ((long) MAX_DAYS + 1) * MICROS_PER_DAY;
    }

    // ---- parsing ----

    /** Parses a DATE ('YYYY-MM-DD', 'YYYYMMDD', or a datetime whose time part is dropped); {@link #INVALID} if not one. */
    public static long parseDate(String text)
    {
        long micros = parseDateTime(text);
        return micros == INVALID ? INVALID : daysOfMicros(micros);
    }

    /**
     * Parses 'YYYY-MM-DD[( |T)HH:MM[:SS[.ffffff]]]', 'YYYYMMDD' or 'YYYYMMDDHHMMSS' (surrounding spaces ignored,
     * '/' accepted as date separator, fractions beyond microseconds truncated); {@link #INVALID} if not valid.
     */
    public static long parseDateTime(String text)
    {
        int n = text.length();
        int s = 0;
        while (s < n && text.charAt(s) <= ' ') {
            s++;
        }
        while (n > s && text.charAt(n - 1) <= ' ') {
            n--;
        }
        if (s == n) {
            return INVALID;
        }
        int digitsRun = 0;
        while (s + digitsRun < n && isDigit(text.charAt(s + digitsRun))) {
            digitsRun++;
        }
        int year;
        int month;
        int day;
        int i;
        if (digitsRun == 8 || digitsRun == 14) {
            year = num(text, s, 4);
            month = num(text, s + 4, 2);
            day = num(text, s + 6, 2);
            i = s + 8;
            if (digitsRun == 14) {
                int h = num(text, s + 8, 2);
                int mi = num(text, s + 10, 2);
                int se = num(text, s + 12, 2);
                i = s + 14;
                if (i != n) {
                    return INVALID;
                }
                return combine(year, month, day, h, mi, se, 0);
            }
        }
        else {
            if (digitsRun < 1 || digitsRun > 4) {
                return INVALID;
            }
            year = num(text, s, digitsRun);
            i = s + digitsRun;
            if (i >= n || (text.charAt(i) != '-' && text.charAt(i) != '/')) {
                return INVALID;
            }
            char sep = text.charAt(i++);
            int len = run(text, i, n);
            if (len < 1 || len > 2) {
                return INVALID;
            }
            month = num(text, i, len);
            i += len;
            if (i >= n || text.charAt(i) != sep) {
                return INVALID;
            }
            i++;
            len = run(text, i, n);
            if (len < 1 || len > 2) {
                return INVALID;
            }
            day = num(text, i, len);
            i += len;
        }
        if (i == n) {
            return combine(year, month, day, 0, 0, 0, 0);
        }
        char c = text.charAt(i);
        if (c != ' ' && c != 'T') {
            return INVALID;
        }
        while (i < n && text.charAt(i) == ' ' || (i < n && text.charAt(i) == 'T')) {
            i++;
        }
        int[] hms = {0, 0, 0};
        for (int part = 0; part < 3; part++) {
            int len = run(text, i, n);
            if (len < 1 || len > 2) {
                return INVALID;
            }
            hms[part] = num(text, i, len);
            i += len;
            if (i == n || text.charAt(i) != ':') {
                break;
            }
            if (part == 2) {
                return INVALID;
            }
            i++;
        }
        long frac = 0;
        if (i < n && text.charAt(i) == '.') {
            i++;
            int len = run(text, i, n);
            if (len == 0) {
                return INVALID;
            }
            for (int k = 0; k < 6; k++) {
                frac = frac * 10 + (k < len ? text.charAt(i + k) - '0' : 0);
            }
            i += len;
        }
        if (i != n) {
            return INVALID;
        }
        return combine(year, month, day, hms[0], hms[1], hms[2], frac);
    }

    private static long combine(int year, int month, int day, int hour, int minute, int second, long micros)
    {
        if (year < 0 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
                || hour > 23 || minute > 59 || second > 59) {
            return INVALID;
        }
        return daysFromCivil(year, month, day) * MICROS_PER_DAY + hour * MICROS_PER_HOUR + minute * MICROS_PER_MINUTE
                + second * MICROS_PER_SECOND + micros;
    }

    static boolean isDigit(char c)
    {
        return c >= '0' && c <= '9';
    }

    private static int run(String t, int from, int end)
    {
        int k = from;
        while (k < end && isDigit(t.charAt(k))) {
            k++;
        }
        return k - from;
    }

    private static int num(String t, int from, int len)
    {
        int v = 0;
        for (int k = 0; k < len; k++) {
            v = v * 10 + (t.charAt(from + k) - '0');
        }
        return v;
    }

    // ---- formatting ----

    /** 'YYYY-MM-DD'. */
    public static String formatDate(long days)
    {
        StringBuilder sb = new StringBuilder(10);
        appendDate(sb, days);
        return sb.toString();
    }

    /** 'YYYY-MM-DD HH:MM:SS', plus '.ffffff' only when the microseconds are not zero. */
    public static String formatDateTime(long micros)
    {
        StringBuilder sb = new StringBuilder(26);
        appendDate(sb, daysOfMicros(micros));
        sb.append(' ');
        long tod = microsOfDay(micros);
        pad(sb, tod / MICROS_PER_HOUR, 2).append(':');
        pad(sb, tod / MICROS_PER_MINUTE % 60, 2).append(':');
        pad(sb, tod / MICROS_PER_SECOND % 60, 2);
        long frac = tod % MICROS_PER_SECOND;
        if (frac != 0) {
            sb.append('.');
            pad(sb, frac, 6);
        }
        return sb.toString();
    }

    private static void appendDate(StringBuilder sb, long days)
    {
        int c = civil(days);
        pad(sb, year(c), 4).append('-');
        pad(sb, month(c), 2).append('-');
        pad(sb, day(c), 2);
    }

    static StringBuilder pad(StringBuilder sb, long v, int width)
    {
        if (v < 0) {
            sb.append('-');
            v = -v;
        }
        String s = Long.toString(v);
        for (int k = s.length(); k < width; k++) {
            sb.append('0');
        }
        return sb.append(s);
    }

    // ---- weeks (MySQL week modes) ----

    private static final int WEEK_MONDAY_FIRST = 1;
    private static final int WEEK_YEAR = 2;
    private static final int WEEK_FIRST_WEEKDAY = 4;

    /** MySQL's mode number (0..7) to its behaviour flags. */
    static int weekBehaviour(int mode)
    {
        int f = mode & 7;
        if ((f & WEEK_MONDAY_FIRST) == 0) {
            f ^= WEEK_FIRST_WEEKDAY;
        }
        return f;
    }

    /**
     * Week number of a day for MySQL WEEK(date, mode); returns {@code year << 8 | week} where year is the year the
     * week belongs to (only differs from the date's year in modes with the week-year flag).
     */
    static int week(long days, int mode)
    {
        int behaviour = weekBehaviour(mode);
        int c = civil(days);
        int yr = year(c);
        long firstDaynr = daysFromCivil(yr, 1, 1);
        boolean mondayFirst = (behaviour & WEEK_MONDAY_FIRST) != 0;
        boolean weekYear = (behaviour & WEEK_YEAR) != 0;
        boolean firstWeekday = (behaviour & WEEK_FIRST_WEEKDAY) != 0;
        int weekday = mondayFirst ? weekdayMondayZero(firstDaynr) : (int) Math.floorMod(firstDaynr + 4, 7);
        if (month(c) == 1 && day(c) <= 7 - weekday) {
            if (!weekYear && ((firstWeekday && weekday != 0) || (!firstWeekday && weekday >= 4))) {
                return yr << 8;
            }
            weekYear = true;
            yr--;
            int daysInYear = isLeap(yr) ? 366 : 365;
            firstDaynr -= daysInYear;
            weekday = (weekday + 53 * 7 - daysInYear) % 7;
        }
        long d;
        if ((firstWeekday && weekday != 0) || (!firstWeekday && weekday >= 4)) {
            d = days - (firstDaynr + (7 - weekday));
        }
        else {
            d = days - (firstDaynr - weekday);
        }
        if (weekYear && d >= 52 * 7) {
            weekday = (weekday + (isLeap(yr) ? 366 : 365)) % 7;
            if ((!firstWeekday && weekday < 4) || (firstWeekday && weekday == 0)) {
                return ((yr + 1) << 8) | 1;
            }
        }
        return (yr << 8) | (int) (d / 7 + 1);
    }

    // ---- MySQL date_format / str_to_date ----

    /** MySQL DATE_FORMAT over a DATETIME value; unknown specifiers print the character after '%'. */
    public static String format(long micros, String fmt)
    {
        long days = daysOfMicros(micros);
        long tod = microsOfDay(micros);
        int c = civil(days);
        int y = year(c);
        int m = month(c);
        int d = day(c);
        int hour = (int) (tod / MICROS_PER_HOUR);
        int minute = (int) (tod / MICROS_PER_MINUTE % 60);
        int second = (int) (tod / MICROS_PER_SECOND % 60);
        int hour12 = hour % 12 == 0 ? 12 : hour % 12;
        StringBuilder sb = new StringBuilder(fmt.length() + 16);
        for (int i = 0; i < fmt.length(); i++) {
            char ch = fmt.charAt(i);
            if (ch != '%' || i + 1 == fmt.length()) {
                sb.append(ch);
                continue;
            }
            char spec = fmt.charAt(++i);
            switch (spec) {
                case 'Y' -> pad(sb, y, 4);
                case 'y' -> pad(sb, y % 100, 2);
                case 'm' -> pad(sb, m, 2);
                case 'c' -> sb.append(m);
                case 'M' -> sb.append(MONTH_NAMES[m - 1]);
                case 'b' -> sb.append(MONTH_NAMES[m - 1], 0, 3);
                case 'd' -> pad(sb, d, 2);
                case 'e' -> sb.append(d);
                case 'D' -> sb.append(d).append(ordinalSuffix(d));
                case 'H' -> pad(sb, hour, 2);
                case 'k' -> sb.append(hour);
                case 'h', 'I' -> pad(sb, hour12, 2);
                case 'l' -> sb.append(hour12);
                case 'i' -> pad(sb, minute, 2);
                case 's', 'S' -> pad(sb, second, 2);
                case 'f' -> pad(sb, tod % MICROS_PER_SECOND, 6);
                case 'p' -> sb.append(hour < 12 ? "AM" : "PM");
                case 'r' -> {
                    pad(sb, hour12, 2).append(':');
                    pad(sb, minute, 2).append(':');
                    pad(sb, second, 2).append(hour < 12 ? " AM" : " PM");
                }
                case 'T' -> {
                    pad(sb, hour, 2).append(':');
                    pad(sb, minute, 2).append(':');
                    pad(sb, second, 2);
                }
                case 'j' -> pad(sb, dayOfYear(days), 3);
                case 'W' -> sb.append(DAY_NAMES[weekdayMondayZero(days)]);
                case 'a' -> sb.append(DAY_NAMES[weekdayMondayZero(days)], 0, 3);
                case 'w' -> sb.append(dayOfWeek(days) - 1);
                case 'U' -> pad(sb, week(days, 0) & 0xFF, 2);
                case 'u' -> pad(sb, week(days, 1) & 0xFF, 2);
                case 'V' -> pad(sb, week(days, 2) & 0xFF, 2);
                case 'v' -> pad(sb, week(days, 3) & 0xFF, 2);
                case 'X' -> pad(sb, week(days, 2) >> 8, 4);
                case 'x' -> pad(sb, week(days, 3) >> 8, 4);
                default -> sb.append(spec);
            }
        }
        return sb.toString();
    }

    private static String ordinalSuffix(int d)
    {
        if (d >= 11 && d <= 13) {
            return "th";
        }
        return switch (d % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
    }

    /** MySQL STR_TO_DATE: parses {@code text} by {@code fmt} into DATETIME micros, or {@link #INVALID}. */
    public static long parseWithFormat(String text, String fmt)
    {
        int year = 0;
        int month = 1;
        int day = 1;
        int hour = 0;
        int minute = 0;
        int second = 0;
        long micros = 0;
        int dayOfYear = -1;
        boolean pm = false;
        boolean hour12 = false;
        int[] pos = {0};
        int n = text.length();
        for (int i = 0; i < fmt.length(); i++) {
            char ch = fmt.charAt(i);
            if (Character.isWhitespace(ch)) {
                while (pos[0] < n && Character.isWhitespace(text.charAt(pos[0]))) {
                    pos[0]++;
                }
                continue;
            }
            if (ch != '%' || i + 1 == fmt.length()) {
                if (pos[0] >= n || text.charAt(pos[0]) != ch) {
                    return INVALID;
                }
                pos[0]++;
                continue;
            }
            char spec = fmt.charAt(++i);
            long v;
            switch (spec) {
                case 'Y' -> {
                    int start = pos[0];
                    v = readNumber(text, pos, 4);
                    if (v >= 0 && pos[0] - start <= 2) {
                        v += v < 70 ? 2000 : 1900;
                    }
                    year = (int) v;
                }
                case 'y' -> {
                    v = readNumber(text, pos, 2);
                    year = (int) (v < 70 ? 2000 + v : 1900 + v);
                }
                case 'm', 'c' -> month = (int) (v = readNumber(text, pos, 2));
                case 'd', 'e' -> day = (int) (v = readNumber(text, pos, 2));
                case 'H', 'k' -> hour = (int) (v = readNumber(text, pos, 2));
                case 'h', 'I', 'l' -> {
                    hour = (int) (v = readNumber(text, pos, 2));
                    hour12 = true;
                }
                case 'i' -> minute = (int) (v = readNumber(text, pos, 2));
                case 's', 'S' -> second = (int) (v = readNumber(text, pos, 2));
                case 'j' -> dayOfYear = (int) (v = readNumber(text, pos, 3));
                case 'f' -> {
                    int start = pos[0];
                    v = readNumber(text, pos, 6);
                    if (v >= 0) {
                        for (int k = pos[0] - start; k < 6; k++) {
                            v *= 10;
                        }
                        micros = v;
                    }
                }
                case 'p' -> {
                    if (pos[0] + 2 > n) {
                        return INVALID;
                    }
                    String ap = text.substring(pos[0], pos[0] + 2).toUpperCase(Locale.ROOT);
                    if (!ap.equals("AM") && !ap.equals("PM")) {
                        return INVALID;
                    }
                    pm = ap.equals("PM");
                    pos[0] += 2;
                    v = 0;
                }
                case 'M', 'b' -> {
                    v = -1;
                    for (int k = 0; k < 12; k++) {
                        String name = spec == 'M' ? MONTH_NAMES[k] : MONTH_NAMES[k].substring(0, 3);
                        if (text.regionMatches(true, pos[0], name, 0, name.length())) {
                            month = k + 1;
                            pos[0] += name.length();
                            v = 0;
                            break;
                        }
                    }
                }
                case 'W', 'a' -> {
                    v = -1;
                    for (String name : DAY_NAMES) {
                        String nm = spec == 'W' ? name : name.substring(0, 3);
                        if (text.regionMatches(true, pos[0], nm, 0, nm.length())) {
                            pos[0] += nm.length();
                            v = 0;
                            break;
                        }
                    }
                }
                case 'T' -> {
                    long t = parseWithFormat(text.substring(pos[0]), "%H:%i:%s");
                    if (t == INVALID) {
                        return INVALID;
                    }
                    hour = (int) (t / MICROS_PER_HOUR);
                    minute = (int) (t / MICROS_PER_MINUTE % 60);
                    second = (int) (t / MICROS_PER_SECOND % 60);
                    pos[0] = n;
                    v = 0;
                }
                case '%' -> {
                    if (pos[0] >= n || text.charAt(pos[0]) != '%') {
                        return INVALID;
                    }
                    pos[0]++;
                    v = 0;
                }
                default -> {
                    return INVALID;
                }
            }
            if (v < 0) {
                return INVALID;
            }
        }
        if (hour12) {
            if (hour < 1 || hour > 12) {
                return INVALID;
            }
            hour = hour % 12 + (pm ? 12 : 0);
        }
        if (dayOfYear > 0) {
            long days = daysFromCivil(year, 1, 1) + dayOfYear - 1;
            int c = civil(days);
            if (year(c) != year) {
                return INVALID;
            }
            month = month(c);
            day = day(c);
        }
        return combine(year, month, day, hour, minute, second, micros);
    }

    /** Reads 1..maxDigits digits at pos[0]; returns -1 when there is none. */
    private static long readNumber(String text, int[] pos, int maxDigits)
    {
        int i = pos[0];
        long v = 0;
        int k = 0;
        while (k < maxDigits && i < text.length() && isDigit(text.charAt(i))) {
            v = v * 10 + (text.charAt(i) - '0');
            i++;
            k++;
        }
        if (k == 0) {
            return -1;
        }
        pos[0] = i;
        return v;
    }
}

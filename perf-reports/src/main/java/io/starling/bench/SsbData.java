package io.starling.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Star Schema Benchmark data written from the SSB specification (O'Neil et al., rev. 3): cardinalities per scale
 * factor SF are customer 30,000 x SF, supplier 2,000 x SF, part 200,000 x (1 + floor(log2 SF)) for SF >= 1 (we
 * scale part linearly below SF 1, as the spec's formula is undefined there), date 7 years (1992-01-01 ..
 * 1998-12-31, 2,557 days) and lineorder = 1,500,000 x SF orders of 1..7 lines (about 6,000,000 x SF rows). Value
 * domains follow the spec: cities are the first 9 characters of the nation (space padded) plus a digit 0-9,
 * categories MFGR#mc, brands MFGR#mcb with b in 1..40, prices derived from the part key like TPC-H's
 * p_retailprice (in cents), revenue = extendedprice x (100 - discount) / 100, supply cost 60% of the retail price.
 * Deterministic: a fixed seed per table.
 */
final class SsbData
{
    static final String[] NATIONS = {"ALGERIA", "ARGENTINA", "BRAZIL", "CANADA", "EGYPT", "ETHIOPIA", "FRANCE",
        "GERMANY", "INDIA", "INDONESIA", "IRAN", "IRAQ", "JAPAN", "JORDAN", "KENYA", "MOROCCO", "MOZAMBIQUE", "PERU",
        "CHINA", "ROMANIA", "SAUDI ARABIA", "VIETNAM", "RUSSIA", "UNITED KINGDOM", "UNITED STATES"};
    /** Region of each nation, as in TPC-H's nation table. */
    static final int[] NATION_REGION = {0, 1, 1, 1, 4, 0, 3, 3, 2, 2, 4, 4, 2, 4, 0, 0, 0, 1, 2, 3, 4, 2, 3, 3, 1};
    static final String[] REGIONS = {"AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"};
    private static final String[] SEGMENTS = {"AUTOMOBILE", "BUILDING", "FURNITURE", "HOUSEHOLD", "MACHINERY"};
    private static final String[] PRIORITIES = {"1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED", "5-LOW"};
    private static final String[] SHIP_MODES = {"REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"};
    private static final String[] COLORS = {"almond", "antique", "aquamarine", "azure", "beige", "bisque", "black",
        "blanched", "blue", "blush", "brown", "burlywood", "burnished", "chartreuse", "chiffon", "chocolate", "coral",
        "cornflower", "cornsilk", "cream", "cyan", "dark", "deep", "dim", "dodger", "drab", "firebrick", "floral",
        "forest", "frosted", "gainsboro", "ghost", "goldenrod", "green", "grey", "honeydew", "hot", "indian", "ivory",
        "khaki", "lace", "lavender", "lawn", "lemon", "light", "lime", "linen", "magenta", "maroon", "medium",
        "metallic", "midnight", "mint", "misty", "moccasin", "navajo", "navy", "olive", "orange", "orchid", "pale",
        "papaya", "peach", "peru", "pink", "plum", "powder", "puff", "purple", "red", "rose", "rosy", "royal",
        "saddle", "salmon", "sandy", "seashell", "sienna", "sky", "slate", "smoke", "snow", "spring", "steel", "tan",
        "thistle", "tomato", "turquoise", "violet", "wheat", "white", "yellow"};
    private static final String[] TYPE_1 = {"STANDARD", "SMALL", "MEDIUM", "LARGE", "ECONOMY", "PROMO"};
    private static final String[] TYPE_2 = {"ANODIZED", "BURNISHED", "PLATED", "POLISHED", "BRUSHED"};
    private static final String[] TYPE_3 = {"TIN", "NICKEL", "BRASS", "STEEL", "COPPER"};
    private static final String[] CONTAINER_1 = {"SM", "LG", "MED", "JUMBO", "WRAP"};
    private static final String[] CONTAINER_2 = {"CASE", "BOX", "BAG", "JAR", "PKG", "PACK", "CAN", "DRUM"};
    private static final String ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    static final LocalDate FIRST_DAY = LocalDate.of(1992, 1, 1);
    static final LocalDate LAST_DAY = LocalDate.of(1998, 12, 31);
    /** Orders are dated up to 151 days before the end so ship/commit dates stay inside the date table (TPC-H). */
    private static final LocalDate LAST_ORDER_DAY = LAST_DAY.minusDays(151);

    private SsbData()
    {
    }

    static long customers(double sf)
    {
        return Math.max(1, Math.round(30_000 * sf));
    }

    static long suppliers(double sf)
    {
        return Math.max(1, Math.round(2_000 * sf));
    }

    static long parts(double sf)
    {
        if (sf < 1) {
            return Math.max(1, Math.round(200_000 * sf));
        }
        return 200_000L * (1 + (long) Math.floor(Math.log(sf) / Math.log(2)));
    }

    static long orders(double sf)
    {
        return Math.max(1, Math.round(1_500_000 * sf));
    }

    static void generate(Path dir, double sf) throws IOException
    {
        if (DataFiles.isComplete(dir)) {
            return;
        }
        writeDates(dir);
        writeCustomers(dir, sf);
        writeSuppliers(dir, sf);
        writeParts(dir, sf);
        writeLineorder(dir, sf);
        DataFiles.markComplete(dir);
    }

    private static String city(int nation, int digit)
    {
        String n = NATIONS[nation];
        String prefix = n.length() >= 9 ? n.substring(0, 9) : String.format(Locale.ROOT, "%-9s", n);
        return prefix + digit;
    }

    private static String phone(SplittableRandom r, int nation)
    {
        return String.format(Locale.ROOT, "%d-%03d-%03d-%04d", nation + 10, r.nextInt(100, 1000),
                r.nextInt(100, 1000), r.nextInt(1000, 10000));
    }

    private static String text(SplittableRandom r, int min, int max)
    {
        int len = r.nextInt(min, max + 1);
        StringBuilder b = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            b.append(ALNUM.charAt(r.nextInt(ALNUM.length())));
        }
        return b.toString();
    }

    private static void writeCustomers(Path dir, double sf) throws IOException
    {
        SplittableRandom r = new SplittableRandom(30_000);
        try (BufferedWriter w = DataFiles.writer(dir, "customer")) {
            for (long k = 1; k <= customers(sf); k++) {
                int nation = r.nextInt(NATIONS.length);
                line(w, k, String.format(Locale.ROOT, "Customer#%09d", k), text(r, 10, 25),
                        city(nation, r.nextInt(10)), NATIONS[nation], REGIONS[NATION_REGION[nation]],
                        phone(r, nation), SEGMENTS[r.nextInt(SEGMENTS.length)]);
            }
        }
    }

    private static void writeSuppliers(Path dir, double sf) throws IOException
    {
        SplittableRandom r = new SplittableRandom(2_000);
        try (BufferedWriter w = DataFiles.writer(dir, "supplier")) {
            for (long k = 1; k <= suppliers(sf); k++) {
                int nation = r.nextInt(NATIONS.length);
                line(w, k, String.format(Locale.ROOT, "Supplier#%09d", k), text(r, 10, 25),
                        city(nation, r.nextInt(10)), NATIONS[nation], REGIONS[NATION_REGION[nation]],
                        phone(r, nation));
            }
        }
    }

    private static void writeParts(Path dir, double sf) throws IOException
    {
        SplittableRandom r = new SplittableRandom(200_000);
        try (BufferedWriter w = DataFiles.writer(dir, "part")) {
            for (long k = 1; k <= parts(sf); k++) {
                int mfgr = r.nextInt(1, 6);
                int category = r.nextInt(1, 6);
                int brand = r.nextInt(1, 41);
                String name = COLORS[r.nextInt(COLORS.length)] + " " + COLORS[r.nextInt(COLORS.length)];
                String type = TYPE_1[r.nextInt(TYPE_1.length)] + " " + TYPE_2[r.nextInt(TYPE_2.length)] + " "
                        + TYPE_3[r.nextInt(TYPE_3.length)];
                String container = CONTAINER_1[r.nextInt(CONTAINER_1.length)] + " "
                        + CONTAINER_2[r.nextInt(CONTAINER_2.length)];
                line(w, k, name, "MFGR#" + mfgr, "MFGR#" + mfgr + category, "MFGR#" + mfgr + category + brand,
                        COLORS[r.nextInt(COLORS.length)], type, r.nextInt(1, 51), container);
            }
        }
    }

    /** TPC-H's p_retailprice formula, in cents: 90000 + ((key / 10) mod 20001) + 100 x (key mod 1000). */
    static long retailPriceCents(long partKey)
    {
        return 90_000 + ((partKey / 10) % 20_001) + 100 * (partKey % 1_000);
    }

    static int dateKey(LocalDate d)
    {
        return d.getYear() * 10_000 + d.getMonthValue() * 100 + d.getDayOfMonth();
    }

    private static void writeDates(Path dir) throws IOException
    {
        try (BufferedWriter w = DataFiles.writer(dir, "dates")) {
            for (LocalDate d = FIRST_DAY; !d.isAfter(LAST_DAY); d = d.plusDays(1)) {
                String month = d.getMonth().getDisplayName(TextStyle.FULL, Locale.US);
                String dayName = d.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US);
                // SSB numbers the week from Sunday = 1
                int dayInWeek = d.getDayOfWeek().getValue() % 7 + 1;
                int m = d.getMonthValue();
                String season = m == 12 ? "Christmas" : m <= 2 ? "Winter" : m <= 5 ? "Spring" : m <= 8 ? "Summer"
                        : "Fall";
                boolean lastInMonth = d.getDayOfMonth() == d.lengthOfMonth();
                boolean holiday = (m == 1 && d.getDayOfMonth() == 1) || (m == 7 && d.getDayOfMonth() == 4)
                        || (m == 12 && d.getDayOfMonth() == 25);
                boolean weekday = d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY;
                line(w, dateKey(d), month + " " + d.getDayOfMonth() + ", " + d.getYear(), dayName, month, d.getYear(),
                        d.getYear() * 100 + m, month.substring(0, 3) + d.getYear(), dayInWeek, d.getDayOfMonth(),
                        d.getDayOfYear(), m, (d.getDayOfYear() - 1) / 7 + 1, season,
                        d.getDayOfWeek() == DayOfWeek.SATURDAY ? 1 : 0, lastInMonth ? 1 : 0, holiday ? 1 : 0,
                        weekday ? 1 : 0);
            }
        }
    }

    private static void writeLineorder(Path dir, double sf) throws IOException
    {
        SplittableRandom r = new SplittableRandom(6_000_000);
        long customers = customers(sf);
        long parts = parts(sf);
        long suppliers = suppliers(sf);
        long orderDays = LAST_ORDER_DAY.toEpochDay() - FIRST_DAY.toEpochDay() + 1;
        int[] qty = new int[7];
        long[] part = new long[7];
        int[] discount = new int[7];
        int[] tax = new int[7];
        try (BufferedWriter w = DataFiles.writer(dir, "lineorder")) {
            for (long o = 1; o <= orders(sf); o++) {
                long cust = r.nextLong(1, customers + 1);
                LocalDate orderDate = FIRST_DAY.plusDays(r.nextLong(orderDays));
                String priority = PRIORITIES[r.nextInt(PRIORITIES.length)];
                int lines = r.nextInt(1, 8);
                long total = 0;
                for (int l = 0; l < lines; l++) {
                    qty[l] = r.nextInt(1, 51);
                    part[l] = r.nextLong(1, parts + 1);
                    discount[l] = r.nextInt(0, 11);
                    tax[l] = r.nextInt(0, 9);
                    long ext = qty[l] * retailPriceCents(part[l]);
                    total += ext * (100 - discount[l]) / 100 * (100 + tax[l]) / 100;
                }
                for (int l = 0; l < lines; l++) {
                    long price = retailPriceCents(part[l]);
                    long ext = qty[l] * price;
                    long revenue = ext * (100 - discount[l]) / 100;
                    long supplyCost = 6 * price / 10;
                    LocalDate commit = orderDate.plusDays(r.nextInt(30, 91));
                    line(w, o, l + 1, cust, part[l], r.nextLong(1, suppliers + 1), dateKey(orderDate), priority, 0,
                            qty[l], ext, total, discount[l], revenue, supplyCost, tax[l], dateKey(commit),
                            SHIP_MODES[r.nextInt(SHIP_MODES.length)]);
                }
            }
        }
    }

    private static void line(BufferedWriter w, Object... values) throws IOException
    {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                w.write('|');
            }
            w.write(String.valueOf(values[i]));
        }
        w.write('\n');
    }
}

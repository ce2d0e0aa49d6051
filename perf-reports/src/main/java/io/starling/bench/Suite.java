package io.starling.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark suite: database name, tables (StarRocks DDL of the usual TPC-H / SSB setups: DUPLICATE KEY, HASH
 * buckets, DECIMAL(15,2), DATE, CHAR/VARCHAR), the standard query texts (resources {@code tpch/qNN.sql},
 * {@code ssb/qN.M.sql}) and the data generator.
 */
enum Suite
{
    TPCH("tpch", List.of(
            TableDef.of("region", "r_regionkey", 1,
                    "r_regionkey int, r_name char(25), r_comment varchar(152)"),
            TableDef.of("nation", "n_nationkey", 1,
                    "n_nationkey int, n_name char(25), n_regionkey int, n_comment varchar(152)"),
            TableDef.of("supplier", "s_suppkey", 4,
                    "s_suppkey int, s_name char(25), s_address varchar(40), s_nationkey int, s_phone char(15), "
                            + "s_acctbal decimal(15, 2), s_comment varchar(101)"),
            TableDef.of("customer", "c_custkey", 8,
                    "c_custkey int, c_name varchar(25), c_address varchar(40), c_nationkey int, c_phone char(15), "
                            + "c_acctbal decimal(15, 2), c_mktsegment char(10), c_comment varchar(117)"),
            TableDef.of("part", "p_partkey", 8,
                    "p_partkey int, p_name varchar(55), p_mfgr char(25), p_brand char(10), p_type varchar(25), "
                            + "p_size int, p_container char(10), p_retailprice decimal(15, 2), p_comment varchar(23)"),
            TableDef.of("partsupp", "ps_partkey", 8,
                    "ps_partkey int, ps_suppkey int, ps_availqty int, ps_supplycost decimal(15, 2), "
                            + "ps_comment varchar(199)"),
            TableDef.of("orders", "o_orderkey", 16,
                    "o_orderkey bigint, o_custkey int, o_orderstatus char(1), o_totalprice decimal(15, 2), "
                            + "o_orderdate date, o_orderpriority char(15), o_clerk char(15), o_shippriority int, "
                            + "o_comment varchar(79)"),
            TableDef.of("lineitem", "l_orderkey", 16,
                    "l_orderkey bigint, l_partkey int, l_suppkey int, l_linenumber int, l_quantity decimal(15, 2), "
                            + "l_extendedprice decimal(15, 2), l_discount decimal(15, 2), l_tax decimal(15, 2), "
                            + "l_returnflag char(1), l_linestatus char(1), l_shipdate date, l_commitdate date, "
                            + "l_receiptdate date, l_shipinstruct char(25), l_shipmode char(10), "
                            + "l_comment varchar(44)")),
            queryIds("q", 1, 22)),
    SSB("ssb", List.of(
            TableDef.of("dates", "d_datekey", 1,
                    "d_datekey int, d_date varchar(20), d_dayofweek varchar(10), d_month varchar(11), d_year int, "
                            + "d_yearmonthnum int, d_yearmonth varchar(9), d_daynuminweek int, d_daynuminmonth int, "
                            + "d_daynuminyear int, d_monthnuminyear int, d_weeknuminyear int, "
                            + "d_sellingseason varchar(14), d_lastdayinweekfl int, d_lastdayinmonthfl int, "
                            + "d_holidayfl int, d_weekdayfl int"),
            TableDef.of("customer", "c_custkey", 4,
                    "c_custkey int, c_name varchar(26), c_address varchar(41), c_city varchar(11), "
                            + "c_nation varchar(16), c_region varchar(13), c_phone varchar(16), "
                            + "c_mktsegment varchar(11)"),
            TableDef.of("supplier", "s_suppkey", 2,
                    "s_suppkey int, s_name varchar(26), s_address varchar(26), s_city varchar(11), "
                            + "s_nation varchar(16), s_region varchar(13), s_phone varchar(16)"),
            TableDef.of("part", "p_partkey", 4,
                    "p_partkey int, p_name varchar(23), p_mfgr varchar(7), p_category varchar(8), "
                            + "p_brand varchar(10), p_color varchar(12), p_type varchar(26), p_size int, "
                            + "p_container varchar(11)"),
            TableDef.of("lineorder", "lo_orderkey", 16,
                    "lo_orderkey int, lo_linenumber int, lo_custkey int, lo_partkey int, lo_suppkey int, "
                            + "lo_orderdate int, lo_orderpriority varchar(16), lo_shippriority int, lo_quantity int, "
                            + "lo_extendedprice int, lo_ordtotalprice int, lo_discount int, lo_revenue int, "
                            + "lo_supplycost int, lo_tax int, lo_commitdate int, lo_shipmode varchar(11)")),
            List.of("q1.1", "q1.2", "q1.3", "q2.1", "q2.2", "q2.3", "q3.1", "q3.2", "q3.3", "q3.4", "q4.1", "q4.2",
                    "q4.3"));

    final String database;
    final List<TableDef> tables;
    final List<String> queryIds;

    Suite(String database, List<TableDef> tables, List<String> queryIds)
    {
        this.database = database;
        this.tables = tables;
        this.queryIds = queryIds;
    }

    private static List<String> queryIds(String prefix, int from, int to)
    {
        List<String> ids = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            ids.add(prefix + (i < 10 ? "0" : "") + i);
        }
        return ids;
    }

    /** The suite-qualified id used in reports and the known-failing list, e.g. {@code tpch.q15}. */
    String qualified(String queryId)
    {
        return database + "." + queryId;
    }

    /** The standard query text, without a trailing semicolon. */
    String queryText(String queryId)
    {
        String resource = database + "/" + queryId + ".sql";
        try (InputStream in = Suite.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing query resource " + resource);
            }
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            return sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TableDef table(String name)
    {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    /** Writes (or reuses) the '|'-separated files of every table under {@code dir}; returns the directory. */
    Path generate(Path cacheRoot, double scaleFactor) throws IOException
    {
        Path dir = cacheRoot.resolve(database + "-sf" + DataFiles.sfName(scaleFactor));
        if (this == TPCH) {
            TpchData.generate(dir, scaleFactor);
        }
        else {
            SsbData.generate(dir, scaleFactor);
        }
        return dir;
    }
}

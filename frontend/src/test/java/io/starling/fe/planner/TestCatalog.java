package io.starling.fe.planner;

import io.starling.fe.catalog.CatalogReader;
import io.starling.fe.catalog.Column;
import io.starling.fe.catalog.Database;
import io.starling.fe.catalog.Distribution;
import io.starling.fe.catalog.KeysType;
import io.starling.fe.catalog.OlapTable;
import io.starling.fe.catalog.Partition;
import io.starling.fe.catalog.PartitionScheme;
import io.starling.fe.catalog.SystemTables;
import io.starling.fe.catalog.Tablet;
import io.starling.rpc.proto.Literal;
import io.starling.storage.types.DataType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** In-memory catalog with the TPC-H schema in database "tpch" (lineitem range-partitioned by year). */
final class TestCatalog implements CatalogReader
{
    private final Map<String, OlapTable> tables = new TreeMap<>();
    private long nextId = 100;

    TestCatalog()
    {
        add("nation", "n_nationkey int not null, n_name char(25) not null, n_regionkey int not null, "
                + "n_comment varchar(152)");
        add("region", "r_regionkey int not null, r_name char(25) not null, r_comment varchar(152)");
        add("part", "p_partkey int not null, p_name varchar(55) not null, p_mfgr char(25) not null, "
                + "p_brand char(10) not null, p_type varchar(25) not null, p_size int not null, "
                + "p_container char(10) not null, p_retailprice decimal(15,2) not null, p_comment varchar(23) not null");
        add("supplier", "s_suppkey int not null, s_name char(25) not null, s_address varchar(40) not null, "
                + "s_nationkey int not null, s_phone char(15) not null, s_acctbal decimal(15,2) not null, "
                + "s_comment varchar(101) not null");
        add("partsupp", "ps_partkey int not null, ps_suppkey int not null, ps_availqty int not null, "
                + "ps_supplycost decimal(15,2) not null, ps_comment varchar(199) not null");
        add("customer", "c_custkey int not null, c_name varchar(25) not null, c_address varchar(40) not null, "
                + "c_nationkey int not null, c_phone char(15) not null, c_acctbal decimal(15,2) not null, "
                + "c_mktsegment char(10) not null, c_comment varchar(117) not null");
        add("orders", "o_orderkey bigint not null, o_custkey int not null, o_orderstatus char(1) not null, "
                + "o_totalprice decimal(15,2) not null, o_orderdate date not null, o_orderpriority char(15) not null, "
                + "o_clerk char(15) not null, o_shippriority int not null, o_comment varchar(79) not null");
        add("lineitem", "l_orderkey bigint not null, l_partkey int not null, l_suppkey int not null, "
                + "l_linenumber int not null, l_quantity decimal(15,2) not null, l_extendedprice decimal(15,2) not null, "
                + "l_discount decimal(15,2) not null, l_tax decimal(15,2) not null, l_returnflag char(1) not null, "
                + "l_linestatus char(1) not null, l_shipdate date not null, l_commitdate date not null, "
                + "l_receiptdate date not null, l_shipinstruct char(25) not null, l_shipmode char(10) not null, "
                + "l_comment varchar(44) not null");
        add("t", "a int not null, b varchar(10), c decimal(10,2) default '1.5', d datetime default CURRENT_TIMESTAMP");
    }

    private void add(String name, String spec)
    {
        List<Column> cols = new ArrayList<>();
        for (String c : spec.split(", ")) {
            String[] p = c.split(" ");
            DataType t = type(p[1]);
            boolean notNull = c.contains("not null");
            String def = c.contains(" default ") ? c.substring(c.indexOf(" default ") + 9).replace("'", "") : null;
            cols.add(new Column(p[0], t, !notNull, false, def, null, null));
        }
        long id = nextId++;
        List<Partition> parts = new ArrayList<>();
        PartitionScheme scheme = PartitionScheme.NONE;
        if (name.equals("lineitem")) {
            scheme = new PartitionScheme(io.starling.rpc.proto.PartitionKind.PARTITION_RANGE, "l_shipdate", null);
            for (int year = 1992; year <= 1998; year++) {
                Literal lo = Literal.newBuilder().setLongValue(LocalDate.of(year, 1, 1).toEpochDay()).build();
                Literal hi = Literal.newBuilder().setLongValue(LocalDate.of(year + 1, 1, 1).toEpochDay()).build();
                parts.add(partition("p" + year, lo, hi));
            }
        }
        else {
            Literal none = Literal.newBuilder().setIsNull(true).build();
            parts.add(partition(name, none, none));
        }
        tables.put(name, new OlapTable(id, name, cols, KeysType.DUP_KEYS, List.of(cols.get(0).name()), scheme, parts,
                new Distribution(false, List.of(cols.get(0).name()), 2), Map.of(), "", 0));
    }

    private Partition partition(String name, Literal lo, Literal hi)
    {
        long pid = nextId++;
        return new Partition(pid, name, lo, hi, List.of(new Tablet(nextId++, 10001), new Tablet(nextId++, 10001)), 3,
                1000, 1000, 0);
    }

    private static DataType type(String s)
    {
        if (s.startsWith("decimal")) {
            String[] ps = s.substring(8, s.length() - 1).split(",");
            return DataType.decimal(Integer.parseInt(ps[0]), Integer.parseInt(ps[1]));
        }
        if (s.startsWith("char")) {
            return DataType.chr(Integer.parseInt(s.substring(5, s.length() - 1)));
        }
        if (s.startsWith("varchar")) {
            return DataType.varchar(Integer.parseInt(s.substring(8, s.length() - 1)));
        }
        return switch (s) {
            case "int" -> DataType.INT;
            case "bigint" -> DataType.BIGINT;
            case "date" -> DataType.DATE;
            case "datetime" -> DataType.DATETIME;
            default -> throw new IllegalArgumentException(s);
        };
    }

    @Override
    public Database getDatabase(String name)
    {
        return name.equals("tpch") ? new Database(1, "tpch", 0) : null;
    }

    @Override
    public OlapTable getTable(String database, String table)
    {
        return database.equals("tpch") ? tables.get(table) : null;
    }

    @Override
    public List<Database> databases()
    {
        return List.of(getDatabase("tpch"));
    }

    @Override
    public List<OlapTable> tables(String database)
    {
        return database.equals("tpch") ? List.copyOf(tables.values()) : List.of();
    }

    /** information_schema with one table, SCHEMATA. */
    static final SystemTables SYSTEM = new SystemTables()
    {
        @Override
        public List<String> tableNames()
        {
            return List.of("SCHEMATA");
        }

        @Override
        public List<Column> columns(String tableName)
        {
            return tableName.equals("SCHEMATA") ? List.of(
                    new Column("SCHEMA_NAME", DataType.varchar(64), false, false, null, null, null),
                    new Column("DEFAULT_CHARACTER_SET_NAME", DataType.varchar(32), false, false, null, null, null))
                    : null;
        }

        @Override
        public List<List<Object>> rows(String tableName)
        {
            return List.of(List.of("information_schema", "utf8"), List.of("tpch", "utf8"));
        }
    };
}

package io.starling.fe.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.starling.fe.qe.SqlError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

public class SqlParserTest
{
    public static Stream<String> benchmarkQueries()
    {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 22; i++) {
            names.add(String.format("queries/tpch/q%02d.sql", i));
        }
        for (String q : new String[] {"1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2",
                "4.3"}) {
            names.add("queries/ssb/q" + q + ".sql");
        }
        return names.stream();
    }

    public static String resource(String name)
    {
        try (InputStream in = SqlParserTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @MethodSource("benchmarkQueries")
    void parsesBenchmarkQuery(String name) throws SqlError
    {
        StarRocksParser.SqlStatementsContext tree = SqlParser.parse(resource(name));
        assertThat(tree.statement()).hasSize(1);
        assertThat(tree.statement(0).queryStatement()).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "select 1",
        "SELECT @@version_comment LIMIT 1",
        "select @@session.auto_increment_increment as auto_increment_increment, @@character_set_client, @@global.x",
        "select @a, database(), schema(), user(), current_user(), current_user, version(), connection_id()",
        "/* mysql-connector-j-8.4.0 */SELECT  @@session.transaction_read_only",
        "select a, t.b, db.t.c, t.*, * from db.t as t where a = 1",
        "select distinct a from t",
        "select all a from t",
        "select a value, b `date`, c as \"30 days\", d 'x' from t",
        "select date, status, comment, type, value, year, data from t",
        "select * from t1 join t2 on t1.a = t2.a inner join t3 using (a) cross join t4",
        "select * from t1 left join t2 on t1.a = t2.a right outer join t3 on 1=1 full outer join t4 on true",
        "select * from t1 left semi join t2 on t1.a = t2.a left anti join t3 on t1.a = t3.a",
        "select * from t1 right semi join t2 on t1.a = t2.a right anti join t3 on t1.a = t3.a",
        "select * from t1 join [broadcast] t2 on t1.a = t2.a join [shuffle] t3 on t1.a = t3.a",
        "select * from (select 1 a) x, (select 2 b) as y(b2)",
        "select * from (t1 join t2 on t1.a = t2.a)",
        "select a, count(*) from t group by rollup(a, b)",
        "select a, count(*) from t group by cube(a, b)",
        "select a, count(*) from t group by grouping sets ((a, b), (a), ())",
        "select a, count(*) c from t group by a having count(*) > 1 order by c desc nulls last limit 10 offset 2",
        "select a from t limit 5, 10",
        "select a from t union all select b from t2 union select c from t3 intersect select d from t4 except select e from t5",
        "select a from t minus select b from t2",
        "(select a from t) union (select b from t2) order by a limit 1",
        "with x as (select 1 a), y (b) as (select 2) select * from x, y",
        "select rank() over (partition by a order by b rows between unbounded preceding and current row) from t",
        "select sum(a) over (order by b range between 1 preceding and 1 following), row_number() over () from t",
        "select 1 + 2 * 3 - 4 / 5 % 6 div 7 mod 8, -a, +b, ~c, !d, a & b | c ^ d from t",
        "select a || b, a && b, a or b and not c xor d from t",
        "select a <=> b, a != b, a <> b, a < b, a <= b, a > b, a >= b, a = b from t",
        "select a is null, a is not null, a is true, b is not false from t",
        "select * from t where a in (1, 2) and b not in (select c from t2) and c between 1 and 2 and d not between 3 and 4",
        "select * from t where a like 'x%' escape '!' and b not like 'y' and c regexp 'z' and d not rlike 'w'",
        "select * from t where exists (select 1) and not exists (select 2) and a = (select max(b) from t2)",
        "select 1, 1.5, .5, 1e10, 1.5E-3, 'a', \"b\", 'it''s', 'a\\'b', \"q\"\"q\", true, false, null",
        "select date '2020-01-01', timestamp '2020-01-01 00:00:00', datetime '2020-01-01 00:00:00'",
        "select date_add(d, interval 1 day), d - interval '3' month, date_sub(d, interval 2 week) from t",
        "select count(*), count(distinct a, b), count(a), sum(distinct a) from t",
        "select cast(a as int), cast(b as decimal(10, 2)), cast(c as varchar(10)), cast(d as datetime), a::bigint from t",
        "select cast(a as signed), cast(a as signed integer), cast(a as unsigned), cast(a as string), cast(a as largeint) from t",
        "select cast(a as decimalv2(10,2)), cast(a as decimal32(9, 2)), cast(a as decimal64(18,3)), cast(a as decimal128(38, 10)) from t",
        "select cast(a as char), cast(a as char(3)), cast(a as json), cast(a as boolean), cast(a as float), cast(a as double) from t",
        "select cast(a as tinyint), cast(a as smallint), cast(a as integer), cast(a as date), convert(a, char) from t",
        "select extract(year from d), extract(day from d), substring(s from 1 for 2), substring(s, 1, 2), substr(s, 2) from t",
        "select trim(s), trim(both 'x' from s), trim(leading from s), trim(trailing 'y' from s) from t",
        "select case a when 1 then 'one' when 2 then 'two' else 'many' end, case when a > 1 then 1 end from t",
        "select if(a > 1, 'x', 'y'), ifnull(a, 0), nullif(a, 1), coalesce(a, b, c), left(s, 2), right(s, 2), mod(a, 2) from t",
        "select now(), curdate(), current_date, current_timestamp, current_timestamp(), current_date() from t",
        "select * from t partition (p1, p2) where a = 1",
        "select `select`, `a``b` from `my table`",
        "select a -- comment\n from t # other comment\n where /* block */ a = 1",
        "select /*+ SET_VAR(query_timeout = 10) */ a from t",
        "select [1, 2, 3], a[1], j->'$.a' from t",
        "select * from dual",
        "select 1 from t where (a, b) in ((1, 2), (3, 4))",
        "SELECT Count(*) FROM T WHERE A = 1 GROUP BY B ORDER BY 1",
    })
    void parsesQueryForms(String sql) throws SqlError
    {
        StarRocksParser.SqlStatementsContext tree = SqlParser.parse(sql);
        assertThat(tree.statement()).hasSize(1);
        assertThat(tree.statement(0).queryStatement()).as(sql).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "create database d",
        "create database if not exists d",
        "create schema d properties ('a' = 'b')",
        "drop database d",
        "drop database if exists d force",
        "use d",
        "use default_catalog.d",
        "create table t (a int) distributed by hash(a) buckets 3",
        """
            CREATE TABLE IF NOT EXISTS db.lineitem (
              l_orderkey bigint NOT NULL COMMENT 'order key',
              l_linenumber int KEY,
              l_quantity decimal(15, 2) not null default '0',
              l_price DECIMAL64(15,2) NULL DEFAULT "1.5",
              l_flag char(1) NOT NULL,
              l_comment varchar(44) NOT NULL DEFAULT '',
              l_date date,
              l_ts datetime DEFAULT CURRENT_TIMESTAMP,
              l_id bigint NOT NULL AUTO_INCREMENT,
              l_s string,
              l_big largeint,
              l_b boolean DEFAULT 'true',
              INDEX idx_flag (l_flag) USING BITMAP COMMENT 'flag index'
            ) ENGINE = OLAP
            DUPLICATE KEY(l_orderkey, l_linenumber)
            COMMENT 'the lineitem table'
            PARTITION BY RANGE(l_date) (
              PARTITION p1 VALUES LESS THAN ("1993-01-01"),
              PARTITION p2 VALUES LESS THAN ('1994-01-01'),
              PARTITION p3 VALUES [("1994-01-01"), ("1995-01-01")),
              START ("1995-01-01") END ("1996-01-01") EVERY (INTERVAL 1 MONTH),
              START ("1996-01-01") END ("1997-01-01") EVERY (1),
              PARTITION pmax VALUES LESS THAN MAXVALUE
            )
            DISTRIBUTED BY HASH(l_orderkey) BUCKETS 8
            ORDER BY (l_orderkey)
            PROPERTIES ("replication_num" = "1", 'storage_medium' = 'SSD')
            """,
        "create table t (k int, v bigint sum default '0', r varchar(10) replace, m int max, n int min, "
            + "x int replace_if_not_null) aggregate key(k) distributed by hash(k)",
        "create table t (k int, v int) unique key(k) distributed by random buckets 2",
        "create table t (k int, v int) primary key(k) distributed by random",
        "create table t (k int, d date) duplicate key(k) partition by date_trunc('day', d) distributed by hash(k)",
        "create table t (k int, c varchar(10), d date) partition by c, d distributed by hash(k)",
        "create table t (k int, c varchar(10)) partition by list(c) (partition p1 values in ('a', 'b'), "
            + "partition p2 values in (('c'), ('d'))) distributed by hash(k)",
        "create table t as select * from t2",
        "create table if not exists t (a, b) distributed by hash(a) properties ('x' = 'y') as select 1, 2",
        "create table t like t2",
        "create table t like db.t2",
        "drop table t",
        "drop table if exists db.t force",
        "truncate table t",
        "truncate table t partition (p1)",
        "alter table t add column c int default '1' after b",
        "alter table t add column (c int, d varchar(10))",
        "alter table t drop column c",
        "alter table t modify column c bigint",
        "alter table t set ('replication_num' = '1')",
        "alter table t rename t2",
        "alter table t rename column a to b",
        "alter table t add partition p5 values less than ('2000-01-01')",
        "alter table t drop partition if exists p5",
        "alter table t comment = 'x'",
        "create view v as select 1",
        "create or replace view if not exists db.v (a comment 'x', b) comment 'view' as select 1, 2",
        "alter view v as select 2",
        "drop view if exists v",
        "insert into t values (1, 'a'), (2, default)",
        "insert into db.t (a, b) values (1, 2)",
        "insert into t partition (p1) with label l1 (a) select a from t2",
        "insert overwrite t select * from t2",
        "insert into t with x as (select 1) select * from x",
        "insert into t with label lbl values (1)",
        "update t set a = 1, b = b + 1 where c = 2",
        "delete from t where a = 1",
        "delete from t partition (p1) where a = 1",
        "show databases",
        "show schemas like 'a%'",
        "show databases where `Database` = 'x'",
        "show tables",
        "show full tables from db like 't%'",
        "show tables in db where table_type = 'BASE TABLE'",
        "show columns from t",
        "show full columns from t from db like 'a%'",
        "show fields in db.t",
        "desc t",
        "describe db.t all",
        "explain select 1",
        "explain verbose select * from t",
        "explain costs select 1",
        "explain analyze insert into t values (1)",
        "desc select 1",
        "show create table t",
        "show create view db.v",
        "show create database d",
        "show index from t",
        "show indexes in t from db",
        "show keys from t",
        "show table status",
        "show table status from db like 't%'",
        "show variables",
        "show global variables like 'x%'",
        "show session variables where variable_name = 'x'",
        "show status",
        "show global status like 'x'",
        "show collation",
        "show charset",
        "show character set like 'utf8%'",
        "show engines",
        "show plugins",
        "show privileges",
        "show grants",
        "show grants for 'u'@'%'",
        "show warnings",
        "show errors limit 10",
        "show processlist",
        "show full processlist",
        "show partitions from t",
        "show tablet from t",
        "show tablet 10001",
        "show proc '/backends'",
        "show load",
        "show load from db where label = 'x'",
        "show data",
        "show data from db.t",
        "show users",
        "show roles",
        "show frontends",
        "show backends",
        "show compute nodes",
        "show catalogs",
        "set a = 1",
        "set global a = 1",
        "set session query_timeout = 10, local b = 'x'",
        "set @@query_timeout = 10",
        "set @@session.query_timeout = 10, @@global.x = default",
        "set @v = 1 + 2",
        "set names utf8mb4",
        "set names 'utf8mb4' collate 'utf8mb4_general_ci'",
        "set character set utf8",
        "set charset default",
        "set transaction isolation level read committed",
        "set session transaction isolation level repeatable read",
        "set global transaction read only",
        "set transaction read write",
        "set password = password('x')",
        "set password for 'u'@'%' = 'x'",
        "set autocommit = 1, sql_mode = 'STRICT_TRANS_TABLES'",
        "set sql_select_limit = default",
        "set x := on",
        "kill 12",
        "kill query 12",
        "kill connection 12",
        "begin",
        "begin work",
        "start transaction",
        "start transaction with consistent snapshot",
        "commit",
        "commit work",
        "rollback",
        "rollback work",
        "create user 'u'",
        "create user if not exists 'u'@'%' identified by 'p'",
        "create user u@localhost identified by password '*ABC'",
        "drop user 'u'@'%'",
        "drop user if exists u",
        "grant select on db.* to 'u'@'%'",
        "grant select, insert on table db.t to user 'u'",
        "grant all on *.* to u",
        "grant role1 to u",
        "revoke select on db.* from 'u'@'%'",
        "analyze table t",
        "analyze full table db.t (a, b)",
        "admin show replica status from t",
        "admin set frontend config ('a' = 'b')",
        "alter system add backend 'host:9050'",
    })
    void parsesStatementForms(String sql) throws SqlError
    {
        StarRocksParser.SqlStatementsContext tree = SqlParser.parse(sql);
        assertThat(tree.statement()).as(sql).hasSize(1);
    }

    @Test
    void routesStatementsToTheirRules() throws SqlError
    {
        assertThat(one("create table t (a int)").createTableStatement()).isNotNull();
        assertThat(one("create table t as select 1").createTableAsSelectStatement()).isNotNull();
        assertThat(one("create table t like u").createTableLikeStatement()).isNotNull();
        assertThat(one("desc t").describeStatement()).isNotNull();
        assertThat(one("desc select 1").explainStatement()).isNotNull();
        assertThat(one("set password = password('x')").setStatement().setVariable(0))
                .isInstanceOf(StarRocksParser.SetPasswordContext.class);
        assertThat(one("set names utf8").setStatement().setVariable(0))
                .isInstanceOf(StarRocksParser.SetNamesContext.class);
        assertThat(one("set @@global.x = 1").setStatement().setVariable(0))
                .isInstanceOf(StarRocksParser.SetSystemVariableContext.class);
        assertThat(one("insert into t values (1)").insertStatement().valuesRow()).hasSize(1);
        assertThat(one("select date '2020-01-01'").queryStatement().getText()).contains("date");
    }

    @Test
    void parsesSeveralStatements() throws SqlError
    {
        assertThat(SqlParser.parse("select 1; select 2;").statement()).hasSize(2);
        assertThat(SqlParser.parse(";select 1;;").statement()).hasSize(1);
    }

    @Test
    void stringsAndIdentifiersUnquote() throws SqlError
    {
        assertThat(ParseTrees.unquote("'it''s'")).isEqualTo("it's");
        assertThat(ParseTrees.unquote("'a\\'b\\n'")).isEqualTo("a'b\n");
        assertThat(ParseTrees.unquote("\"q\"\"q\"")).isEqualTo("q\"q");
        assertThat(ParseTrees.unquote("'a\\%'")).isEqualTo("a\\%");
        StarRocksParser.TableRelationContext rel = (StarRocksParser.TableRelationContext)
                ((StarRocksParser.RelationsFromContext) ((StarRocksParser.QueryPrimaryDefaultContext)
                        ((StarRocksParser.QueryTermDefaultContext) one("select 1 from `my``t`").queryStatement()
                                .queryNoWith().queryTerm()).queryPrimary()).querySpecification().fromClause())
                        .relation(0).relationPrimary();
        assertThat(ParseTrees.qualifiedName(rel.qualifiedName())).containsExactly("my`t");
    }

    @Test
    void syntaxErrorIsMysqlStyle()
    {
        assertThatThrownBy(() -> SqlParser.parse("select * form t"))
                .isInstanceOf(SqlError.class)
                .satisfies(e -> assertThat(((SqlError) e).code()).isEqualTo(1064))
                .hasMessage("You have an error in your SQL syntax; check the manual that corresponds to your MySQL "
                        + "server version for the right syntax to use near 'form t' at line 1");
        assertThatThrownBy(() -> SqlParser.parse("select 1 from\nwhere x"))
                .hasMessageEndingWith("near 'where x' at line 2");
        assertThatThrownBy(() -> SqlParser.parse("select (1"))
                .hasMessageEndingWith("near '' at line 1");
        assertThatThrownBy(() -> SqlParser.parse("selec 1")).hasMessageContaining("near 'selec 1'");
    }

    private static StarRocksParser.StatementContext one(String sql) throws SqlError
    {
        return SqlParser.parseSingle(sql).statement();
    }
}

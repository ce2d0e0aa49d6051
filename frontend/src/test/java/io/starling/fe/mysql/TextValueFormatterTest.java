package io.starling.fe.mysql;

import io.starling.fe.qe.SessionVariables;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class TextValueFormatterTest
{
    @Test
    void doublesUseShortestDigitsAndFmtExponentRules()
    {
        assertThat(TextValueFormatter.formatDouble(1.0)).isEqualTo("1");
        assertThat(TextValueFormatter.formatDouble(0.1)).isEqualTo("0.1");
        assertThat(TextValueFormatter.formatDouble(-2.5)).isEqualTo("-2.5");
        assertThat(TextValueFormatter.formatDouble(1e15)).isEqualTo("1000000000000000");
        assertThat(TextValueFormatter.formatDouble(1e16)).isEqualTo("1e+16");
        assertThat(TextValueFormatter.formatDouble(1.5e100)).isEqualTo("1.5e+100");
        assertThat(TextValueFormatter.formatDouble(0.0001)).isEqualTo("0.0001");
        assertThat(TextValueFormatter.formatDouble(0.00001)).isEqualTo("1e-05");
        assertThat(TextValueFormatter.formatDouble(Double.NaN)).isEqualTo("nan");
        assertThat(TextValueFormatter.formatDouble(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
        assertThat(TextValueFormatter.formatDouble(-0.0)).isEqualTo("-0");
        assertThat(TextValueFormatter.formatFloat(1.5f)).isEqualTo("1.5");
        assertThat(TextValueFormatter.formatFloat(1e7f)).isEqualTo("1e+07");
        assertThat(TextValueFormatter.formatFloat(0.1f)).isEqualTo("0.1");
    }

    @Test
    void temporalsAndLargeIntegers()
    {
        assertThat(TextValueFormatter.formatDate(0)).isEqualTo("1970-01-01");
        assertThat(TextValueFormatter.formatDate(-719162)).isEqualTo("0001-01-01");
        long micros = LocalDateTime.of(1969, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC) * 1_000_000L + 5;
        assertThat(TextValueFormatter.formatDatetime(micros)).isEqualTo("1969-12-31 23:59:59.000005");
        assertThat(TextValueFormatter.formatDatetime(0)).isEqualTo("1970-01-01 00:00:00");
        assertThat(TextValueFormatter.int128ToString(-1, -1)).isEqualTo("-1");
        assertThat(TextValueFormatter.int128ToString(0, 1)).isEqualTo("18446744073709551616");
        assertThat(TextValueFormatter.int128ToString(0, Long.MIN_VALUE)).isEqualTo("-170141183460469231731687303715884105728");
    }

    @Test
    void wireTypesFollowTheTypeMap()
    {
        assertThat(MysqlTypes.of(DataType.BOOLEAN)).isEqualTo(new MysqlTypes.WireType(0x01, 1, 0, 63, 0x8000));
        assertThat(MysqlTypes.of(DataType.INT).code()).isEqualTo(0x03);
        assertThat(MysqlTypes.of(DataType.INT).flags()).isEqualTo(0x8080);
        assertThat(MysqlTypes.of(DataType.decimal(15, 2))).isEqualTo(new MysqlTypes.WireType(0xF6, 17, 2, 63, 0x8080));
        assertThat(MysqlTypes.of(DataType.decimal(10, 0)).length()).isEqualTo(11);
        assertThat(MysqlTypes.of(DataType.varchar(10))).isEqualTo(new MysqlTypes.WireType(0xFD, 40, 0, 45, 0));
        assertThat(MysqlTypes.of(DataType.chr(3)).code()).isEqualTo(0xFE);
        assertThat(MysqlTypes.of(DataType.DOUBLE).decimals()).isEqualTo(31);
        assertThat(MysqlTypes.parseSqlType("decimal(15, 2)")).isEqualTo(DataType.decimal(15, 2));
        assertThat(MysqlTypes.parseSqlType("int(11)")).isEqualTo(DataType.INT);
        assertThat(MysqlTypes.parseSqlType("varchar(65533)")).isEqualTo(DataType.varchar(65533));
        assertThat(MysqlTypes.parseSqlType("array<int>")).isEqualTo(DataType.STRING);
    }

    @Test
    void sessionVariableDefaultsCoverConnectorJ()
    {
        String[] connectorJ = {"auto_increment_increment", "character_set_client", "character_set_connection",
                "character_set_results", "character_set_server", "collation_server", "collation_connection",
                "init_connect", "interactive_timeout", "license", "lower_case_table_names", "max_allowed_packet",
                "net_write_timeout", "performance_schema", "sql_mode", "system_time_zone", "time_zone",
                "transaction_isolation", "wait_timeout", "query_cache_size", "query_cache_type", "tx_isolation",
                "version_comment", "autocommit"};
        SessionVariables v = new SessionVariables();
        for (String name : connectorJ) {
            assertThat(SessionVariables.isKnown(name)).as(name).isTrue();
        }
        assertThat(v.get("VERSION")).isEqualTo("8.0.33");
        assertThat(v.isNull("character_set_results")).isTrue();
        assertThat(v.sqlMode()).contains("STRICT_TRANS_TABLES");
        assertThat(v.maxAllowedPacket()).isEqualTo(64L << 20);
        assertThat(v.sqlSelectLimit()).isEqualTo(Long.MAX_VALUE);
        v.set("sql_select_limit", "10");
        v.set("autocommit", "OFF");
        assertThat(v.sqlSelectLimit()).isEqualTo(10);
        assertThat(v.autocommit()).isFalse();
        v.reset();
        assertThat(v.autocommit()).isTrue();
        assertThat(v.queryTimeoutSeconds()).isEqualTo(300);
    }
}

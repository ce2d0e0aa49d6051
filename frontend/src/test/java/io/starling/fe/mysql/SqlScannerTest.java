package io.starling.fe.mysql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlScannerTest
{
    @Test
    void splitsOnTopLevelSemicolonsOnly()
    {
        assertThat(SqlScanner.splitStatements("SELECT 1; SELECT ';' ; SELECT \"a;\\\"b\"; SELECT `x;y`;"))
                .containsExactly("SELECT 1", "SELECT ';'", "SELECT \"a;\\\"b\"", "SELECT `x;y`");
        assertThat(SqlScanner.splitStatements("SELECT 1 /* ; */; -- ;\nSELECT 2 # ;\n;"))
                .containsExactly("SELECT 1 /* ; */", "-- ;\nSELECT 2 # ;");
        assertThat(SqlScanner.splitStatements("SELECT 'it''s;'; SELECT 2")).containsExactly("SELECT 'it''s;'", "SELECT 2");
        assertThat(SqlScanner.splitStatements(" ; ;; -- only a comment")).isEmpty();
        assertThat(SqlScanner.splitStatements("SELECT 1--2;")).containsExactly("SELECT 1--2");
    }

    @Test
    void placeholdersOutsideQuotesAndComments()
    {
        String sql = "SELECT ?, '?', \"?\", `?`, /* ? */ ? -- ?\n # ?\n, ?";
        int[] pos = SqlScanner.placeholders(sql);
        assertThat(pos).hasSize(3);
        assertThat(SqlScanner.substitute(sql, pos, new String[] {"1", "'a'", "NULL"}))
                .isEqualTo("SELECT 1, '?', \"?\", `?`, /* ? */ 'a' -- ?\n # ?\n, NULL");
    }

    @Test
    void quotingEscapesBackslashAndQuote()
    {
        assertThat(BinaryParameters.quote("a'b\\c\0")).isEqualTo("'a\\'b\\\\c\\0'");
        assertThat(BinaryParameters.stringLiteral(new byte[] {(byte) 0xFF, 0x41})).isEqualTo("X'ff41'");
    }
}

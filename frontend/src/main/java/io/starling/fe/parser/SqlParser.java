package io.starling.fe.parser;

import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.SqlError;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Entry point of the SQL parser. Parses in two stages, as ANTLR recommends: first with SLL prediction and a bail-out
 * error strategy (fast, right for almost every statement), and only if that fails again with full LL prediction, so
 * that a syntax error is reported at the token LL really stops at. Syntax errors become MySQL error 1064 with the
 * MySQL wording ("... near '&lt;text from the offending token&gt;' at line N").
 */
public final class SqlParser
{
    /** MySQL quotes at most this many characters of the statement after the error position. */
    private static final int NEAR_TEXT_MAX_CHARS = 80;

    private SqlParser()
    {
    }

    /** Parses one or more ';'-separated statements. */
    public static StarRocksParser.SqlStatementsContext parse(String sql) throws SqlError
    {
        return run(sql, StarRocksParser::sqlStatements);
    }

    /** Parses exactly one statement (a trailing ';' is allowed). */
    public static StarRocksParser.SingleStatementContext parseSingle(String sql) throws SqlError
    {
        return run(sql, StarRocksParser::singleStatement);
    }

    private interface Entry<T>
    {
        T apply(StarRocksParser parser);
    }

    private static <T> T run(String sql, Entry<T> entry) throws SqlError
    {
        StarRocksLexer lexer = new StarRocksLexer(CharStreams.fromString(sql));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        StarRocksParser parser = new StarRocksParser(tokens);
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        try {
            return entry.apply(parser);
        }
        catch (ParseCancellationException sllFailed) {
            // Either a real syntax error or an SLL weakness: retry with full LL and precise error reporting.
        }
        tokens.seek(0);
        parser.reset();
        parser.getInterpreter().setPredictionMode(PredictionMode.LL);
        parser.setErrorHandler(new DefaultErrorStrategy());
        ThrowingListener listener = new ThrowingListener(sql);
        parser.addErrorListener(listener);
        try {
            return entry.apply(parser);
        }
        catch (SyntaxErrorException e) {
            throw e.error;
        }
    }

    /** The MySQL 1064 error for a syntax error at {@code offendingIndex} (char offset, -1 = end of input). */
    public static SqlError syntaxError(String sql, int offendingIndex, int line)
    {
        String near = offendingIndex < 0 || offendingIndex >= sql.length() ? "" : sql.substring(offendingIndex);
        if (near.length() > NEAR_TEXT_MAX_CHARS) {
            near = near.substring(0, NEAR_TEXT_MAX_CHARS);
        }
        return new SqlError(ErrorCode.PARSE_ERROR, "You have an error in your SQL syntax; check the manual that "
                + "corresponds to your MySQL server version for the right syntax to use near '" + near + "' at line "
                + line);
    }

    /** Unchecked carrier so the SqlError crosses ANTLR's generated code. */
    private static final class SyntaxErrorException extends RuntimeException
    {
        final SqlError error;

        SyntaxErrorException(SqlError error)
        {
            super(error.getMessage(), null, false, false);
            this.error = error;
        }
    }

    private static final class ThrowingListener extends BaseErrorListener
    {
        private final String sql;

        ThrowingListener(String sql)
        {
            this.sql = sql;
        }

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
                String msg, RecognitionException e)
        {
            int index = -1;
            if (offendingSymbol instanceof Token token && token.getType() != Token.EOF) {
                index = token.getStartIndex();
            }
            else if (recognizer instanceof Parser && offendingSymbol == null) {
                index = -1;
            }
            throw new SyntaxErrorException(SqlParser.syntaxError(sql, index, line));
        }
    }
}

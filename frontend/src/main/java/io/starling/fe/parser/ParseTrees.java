package io.starling.fe.parser;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.misc.Interval;

/**
 * Helpers every visitor of the grammar needs: identifier and string literal values, and the original SQL text of a
 * subtree (with its whitespace and comments, as MySQL uses it for column labels).
 */
public final class ParseTrees
{
    private ParseTrees()
    {
    }

    /** The identifier's name: backticks removed ({@code ``} becomes {@code `}), case kept. */
    public static String identifier(StarRocksParser.IdentifierContext ctx)
    {
        String text = ctx.getText();
        if (ctx.BACKQUOTED_IDENTIFIER() != null) {
            return text.substring(1, text.length() - 1).replace("``", "`");
        }
        return text;
    }

    /** The parts of a qualified name ({@code db.t.c} gives [db, t, c]). */
    public static List<String> qualifiedName(StarRocksParser.QualifiedNameContext ctx)
    {
        List<String> parts = new ArrayList<>(ctx.identifier().size());
        for (StarRocksParser.IdentifierContext id : ctx.identifier()) {
            parts.add(identifier(id));
        }
        return parts;
    }

    /** A string literal's value: quotes removed, MySQL backslash escapes and doubled quotes resolved. */
    public static String string(StarRocksParser.StringContext ctx)
    {
        return unquote(ctx.getText());
    }

    /** Identifier or string value. */
    public static String identifierOrString(StarRocksParser.IdentifierOrStringContext ctx)
    {
        return ctx.identifier() != null ? identifier(ctx.identifier()) : string(ctx.string());
    }

    /** Unquotes a single- or double-quoted MySQL string literal token. */
    public static String unquote(String token)
    {
        char quote = token.charAt(0);
        StringBuilder sb = new StringBuilder(token.length());
        int end = token.length() - 1;
        for (int i = 1; i < end; i++) {
            char c = token.charAt(i);
            if (c == '\\' && i + 1 < end) {
                char n = token.charAt(++i);
                switch (n) {
                    case '0' -> sb.append('\0');
                    case 'b' -> sb.append('\b');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'Z' -> sb.append('\u001A');
                    // MySQL keeps the backslash before % and _ so LIKE patterns still see the escape.
                    case '%', '_' -> sb.append('\\').append(n);
                    default -> sb.append(n);
                }
            }
            else if (c == quote && i + 1 < end && token.charAt(i + 1) == quote) {
                sb.append(quote);
                i++;
            }
            else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The SQL text a subtree was parsed from, exactly as written (including inner whitespace and comments). */
    public static String originalText(ParserRuleContext ctx)
    {
        if (ctx.start == null || ctx.stop == null || ctx.stop.getStopIndex() < ctx.start.getStartIndex()) {
            return ctx.getText();
        }
        return ctx.start.getInputStream().getText(Interval.of(ctx.start.getStartIndex(), ctx.stop.getStopIndex()));
    }
}

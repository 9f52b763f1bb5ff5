package dev.themis.compiler.parse;

import dev.themis.compiler.ast.ActionHeadersStatement;
import dev.themis.compiler.ast.Attribute;
import dev.themis.compiler.ast.Comment;
import dev.themis.compiler.ast.FeatureStatement;
import dev.themis.compiler.ast.GroupStatement;
import dev.themis.compiler.ast.HeaderPair;
import dev.themis.compiler.ast.MetadataStatement;
import dev.themis.compiler.ast.PolicyStatement;
import dev.themis.compiler.ast.PoolStatement;
import dev.themis.compiler.ast.Statement;
import dev.themis.compiler.ast.Word;
import dev.themis.compiler.diag.Code;
import dev.themis.compiler.diag.Diagnostic;
import dev.themis.compiler.diag.Span;
import dev.themis.compiler.model.Feature;
import dev.themis.compiler.model.JailAction;
import dev.themis.compiler.model.JailBy;
import dev.themis.compiler.model.MetadataKey;
import dev.themis.compiler.model.PolicyAttribute;
import dev.themis.compiler.model.PolicyType;
import dev.themis.grammar.TmsLexer;
import dev.themis.grammar.TmsParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.jspecify.annotations.Nullable;

/**
 * Source text → AST. Syntax errors stop the parse (the first one is reported); arity errors of
 * single statements are all reported and those statements dropped. Known attribute names and
 * enumerated values are canonicalised here, so equal meaning gives equal ASTs.
 */
public final class StatementParser {
    /** The statement keywords, for suggestions. */
    public static final List<String> KEYWORDS =
            List.of("policy", "group", "pool", "actionheaders", "features", "metadata");

    /** The outcome: statements, comments and diagnostics. */
    public record Result(List<Statement> statements, List<Comment> comments, List<Diagnostic> diagnostics) {}

    private final SourceText text;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final List<Comment> comments = new ArrayList<>();
    private final boolean single;

    private StatementParser(SourceText text, boolean single) {
        this.text = text;
        this.single = single;
    }

    /** Parses a whole file. */
    public static Result parseFile(String name, String source) {
        return new StatementParser(new SourceText(name, source), false).run();
    }

    /** Parses exactly one statement. */
    public static Result parseSingle(String name, String source) {
        return new StatementParser(new SourceText(name, source), true).run();
    }

    private static final class Bail extends BaseErrorListener {
        @Nullable
        Token offending;

        @Override
        public void syntaxError(
                Recognizer<?, ?> recognizer,
                @Nullable Object offendingSymbol,
                int line,
                int charPositionInLine,
                String msg,
                @Nullable RecognitionException e) {
            if (offending == null && offendingSymbol instanceof Token t) {
                offending = t;
            }
            throw new ParseCancellationException(msg);
        }
    }

    private Result run() {
        TmsLexer lexer = new TmsLexer(CharStreams.fromString(text.text(), text.name()));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        TmsParser parser = new TmsParser(tokens);
        parser.removeErrorListeners();
        Bail bail = new Bail();
        parser.addErrorListener(bail);
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        List<Statement> statements = new ArrayList<>();
        try {
            List<TmsParser.StatementContext> contexts = single
                    ? List.of(parser.singleStatement().statement())
                    : parser.file().statement();
            collectComments(tokens);
            for (TmsParser.StatementContext s : contexts) {
                Statement st = build(s, tokens);
                if (st != null) {
                    statements.add(st);
                }
            }
        } catch (ParseCancellationException e) {
            Token t = bail.offending;
            diagnostics.add(syntaxError(t, tokens));
            return new Result(List.of(), List.of(), List.copyOf(diagnostics));
        }
        return new Result(List.copyOf(statements), List.copyOf(comments), List.copyOf(diagnostics));
    }

    private void collectComments(CommonTokenStream tokens) {
        tokens.fill();
        for (Token t : tokens.getTokens()) {
            if (t.getType() == TmsLexer.COMMENT) {
                comments.add(new Comment(t.getText(), span(t)));
            }
        }
    }

    private Diagnostic syntaxError(@Nullable Token t, CommonTokenStream tokens) {
        if (t == null) {
            return Diagnostic.of(Code.TMS001, "syntax error", text.span(0, 0));
        }
        Span at = span(t);
        if (t.getType() == Token.EOF) {
            if (single) {
                return Diagnostic.of(
                        Code.TMS005,
                        "empty input; expected a statement such as `policy NAME Source any Destination any`",
                        at);
            }
            return Diagnostic.of(Code.TMS001, "unexpected end of input", at);
        }
        if (t.getType() == TmsLexer.UNTERMINATED_STRING) {
            return Diagnostic.of(
                    Code.TMS002,
                    "unterminated string",
                    "close the quote on the same line",
                    text.span(at.start(), at.start() + 1));
        }
        String word = t.getText();
        if (single && t.getTokenIndex() > 0 && isKeyword(t.getType())) {
            return Diagnostic.of(
                    Code.TMS004, "expected exactly one statement, found a second one starting with `" + word + "`", at);
        }
        String help;
        if (word.startsWith("-")) {
            help =
                    "drop the tmscli flags: a statement starts with its keyword, e.g. `policy NAME Source any Destination any`";
        } else {
            help = Names.didYouMean(word, KEYWORDS);
            if (help == null) {
                help = "a statement starts with policy, group, pool, actionheaders, features or metadata;"
                        + " a line that starts with blanks continues the previous statement";
            }
        }
        return Diagnostic.of(Code.TMS001, "unknown statement `" + abbreviate(word) + "`", help, at);
    }

    private static boolean isKeyword(int type) {
        return type == TmsLexer.POLICY
                || type == TmsLexer.GROUP
                || type == TmsLexer.POOL
                || type == TmsLexer.ACTIONHEADERS
                || type == TmsLexer.FEATURES
                || type == TmsLexer.METADATA;
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private Span span(Token t) {
        if (t.getType() == Token.EOF) {
            int end = text.text().length();
            return text.span(end, end);
        }
        return text.span(text.charOffset(t.getStartIndex()), text.charOffset(t.getStopIndex() + 1));
    }

    private Span span(ParserRuleContext ctx) {
        Token stop = ctx.getStop() == null ? ctx.getStart() : ctx.getStop();
        return text.span(text.charOffset(ctx.getStart().getStartIndex()), text.charOffset(stop.getStopIndex() + 1));
    }

    private @Nullable Statement build(TmsParser.StatementContext s, CommonTokenStream tokens) {
        Span span = span(s);
        ParserRuleContext body = (ParserRuleContext) s.getChild(0);
        for (int i = 1; i < body.getChildCount(); i++) {
            if (body.getChild(i) instanceof TmsParser.ValueContext v
                    && isKeyword(v.getStart().getType())
                    && v.getStart().getTokenIndex() > 0
                    && tokens.get(v.getStart().getTokenIndex() - 1).getType() == TmsLexer.CONTINUATION) {
                diagnostics.add(Diagnostic.of(
                        Code.TMS006,
                        "`" + v.getText() + "` starts an indented line, which continues the previous statement",
                        "start each statement at the beginning of its line",
                        span(v.getStart())));
                return null;
            }
        }
        if (s.policyStatement() != null) {
            return policy(s.policyStatement().kw, words(s.policyStatement().args, false), span);
        } else if (s.groupStatement() != null) {
            List<Word> w = words(s.groupStatement().args, true);
            if (w.isEmpty()) {
                return missing(s.groupStatement().kw, "a group name", span);
            }
            return new GroupStatement(w.getFirst(), w.subList(1, w.size()), span);
        } else if (s.poolStatement() != null) {
            List<Word> w = words(s.poolStatement().args, true);
            if (w.isEmpty()) {
                return missing(s.poolStatement().kw, "a pool name", span);
            }
            return new PoolStatement(w.getFirst(), w.subList(1, w.size()), span);
        } else if (s.actionHeadersStatement() != null) {
            return actionHeaders(s.actionHeadersStatement().kw, words(s.actionHeadersStatement().args, false), span);
        } else if (s.featureStatement() != null) {
            return feature(s.featureStatement().kw, words(s.featureStatement().args, false), span);
        } else if (s.metadataStatement() != null) {
            return metadata(s.metadataStatement().kw, words(s.metadataStatement().args, false), span);
        }
        throw new IllegalStateException("unhandled statement " + s.getText());
    }

    private @Nullable Statement missing(Token after, String what, Span statement) {
        Span at = span(after);
        diagnostics.add(Diagnostic.of(
                Code.TMS003,
                "`" + after.getText().toLowerCase(Locale.ROOT) + "` needs " + what,
                null,
                text.span(at.end(), at.end())));
        return null;
    }

    private @Nullable Statement missingAfter(Word after, String what) {
        diagnostics.add(Diagnostic.of(
                Code.TMS003, "missing " + what + " after `" + abbreviate(after.text()) + "`", null, endOf(after)));
        return null;
    }

    private Span endOf(Word w) {
        return text.span(w.span().end(), w.span().end());
    }

    private @Nullable Statement policy(Token kw, List<Word> args, Span span) {
        if (args.isEmpty()) {
            return missing(kw, "a policy name", span);
        }
        List<Attribute> attributes = new ArrayList<>();
        int i = 1;
        for (; i + 1 < args.size(); i += 2) {
            Word name = args.get(i);
            Word value = args.get(i + 1);
            PolicyAttribute known = PolicyAttribute.lookup(name.text()).orElse(null);
            Word canonicalName = known == null ? name : new Word(known.spelling(), name.span());
            Word canonicalValue = known == null ? value : new Word(canonicalValue(known, value.text()), value.span());
            attributes.add(
                    new Attribute(canonicalName, canonicalValue, name.span().to(value.span())));
        }
        if (i < args.size()) {
            Word dangling = args.get(i);
            diagnostics.add(Diagnostic.of(
                    Code.TMS003,
                    "attribute `" + abbreviate(dangling.text()) + "` has no value",
                    "attributes come in pairs: `Name Value`",
                    endOf(dangling)));
            return null;
        }
        return new PolicyStatement(args.getFirst(), attributes, span);
    }

    /** The canonical spelling of a value when it is valid for the attribute; else as written. */
    static String canonicalValue(PolicyAttribute attribute, String value) {
        return switch (attribute.kind()) {
            case BOOLEAN -> value.equalsIgnoreCase("true") ? "TRUE" : value.equalsIgnoreCase("false") ? "FALSE" : value;
            case TYPE -> PolicyType.parse(value).map(PolicyType::spelling).orElse(value);
            case JAIL_BY -> JailBy.parse(value).map(JailBy::spelling).orElse(value);
            case JAIL_ACTION ->
                JailAction.parse(value).map(JailAction::spelling).orElse(value);
            case GROUP_REF -> value.equalsIgnoreCase("any") ? "any" : value;
            case INTEGER, JAIL_SPEC, TEXT, HOURS -> value;
        };
    }

    private @Nullable Statement actionHeaders(Token kw, List<Word> args, Span span) {
        String[] needed = {"a policy name", "a header to match", "a regular expression", "a new header", "its value"};
        if (args.size() < 5) {
            if (args.isEmpty()) {
                return missing(kw, needed[0], span);
            }
            return missingAfter(args.getLast(), needed[args.size()]);
        }
        List<HeaderPair> pairs = new ArrayList<>();
        int i = 3;
        for (; i + 1 < args.size(); i += 2) {
            pairs.add(new HeaderPair(
                    args.get(i),
                    args.get(i + 1),
                    args.get(i).span().to(args.get(i + 1).span())));
        }
        if (i < args.size()) {
            Word dangling = args.get(i);
            diagnostics.add(Diagnostic.of(
                    Code.TMS003,
                    "new header `" + abbreviate(dangling.text()) + "` has no value",
                    "new headers come in pairs: `Name Value`",
                    endOf(dangling)));
            return null;
        }
        return new ActionHeadersStatement(args.get(0), args.get(1), args.get(2), pairs, span);
    }

    private @Nullable Statement feature(Token kw, List<Word> args, Span span) {
        String[] needed = {"a namespace (`global` or a pool name)", "a feature name", "a value"};
        if (args.size() < 3) {
            return args.isEmpty() ? missing(kw, needed[0], span) : missingAfter(args.getLast(), needed[args.size()]);
        }
        if (args.size() > 3) {
            tooMany(args.get(3), "`features` takes a namespace, a feature name and one value");
            return null;
        }
        Word key = args.get(1);
        Word value = args.get(2);
        Feature f = Feature.lookup(key.text()).orElse(null);
        if (f != null) {
            key = new Word(f.key(), key.span());
            if (f.problem(value.text()) == null) {
                value = new Word(f.canonical(value.text()), value.span());
            }
        }
        Word namespace = args.get(0);
        if (namespace.text().equalsIgnoreCase("global")) {
            namespace = new Word("global", namespace.span());
        }
        return new FeatureStatement(namespace, key, value, span);
    }

    private @Nullable Statement metadata(Token kw, List<Word> args, Span span) {
        String[] needed = {"an object (login, address, domain or IP)", "a metadata key", "a value"};
        if (args.size() < 3) {
            return args.isEmpty() ? missing(kw, needed[0], span) : missingAfter(args.getLast(), needed[args.size()]);
        }
        if (args.size() > 3) {
            tooMany(args.get(3), "`metadata` takes an object, a key and one value");
            return null;
        }
        Word key = args.get(1);
        Word value = args.get(2);
        MetadataKey k = MetadataKey.lookup(key.text()).orElse(null);
        if (k != null) {
            key = new Word(k.key(), key.span());
            if (k.problem(value.text()) == null) {
                value = new Word(k.canonical(value.text()), value.span());
            }
        }
        return new MetadataStatement(args.get(0), key, value, span);
    }

    private void tooMany(Word first, String what) {
        diagnostics.add(Diagnostic.of(
                Code.TMS004,
                "too many arguments: " + what,
                "quote a value that contains blanks, e.g. \"[[720, 500]]\"",
                first.span()));
    }

    private List<Word> words(List<TmsParser.ValueContext> values, boolean splitQuoted) {
        List<Word> out = new ArrayList<>();
        for (TmsParser.ValueContext v : values) {
            Token t = v.getStart();
            Span sp = span(t);
            if (t.getType() != TmsLexer.STRING) {
                out.add(new Word(t.getText(), sp));
                continue;
            }
            String raw = t.getText();
            String content = unquote(raw);
            if (!splitQuoted) {
                out.add(new Word(content, sp));
                continue;
            }
            // A quoted member list, as the original `-a --group g '@a.example 10.0.0.0/8'`.
            boolean exact = content.length() == raw.length() - 2;
            int i = 0;
            while (i < content.length()) {
                while (i < content.length() && isBlank(content.charAt(i))) {
                    i++;
                }
                int start = i;
                while (i < content.length() && !isBlank(content.charAt(i))) {
                    i++;
                }
                if (i > start) {
                    Span part = exact ? text.span(sp.start() + 1 + start, sp.start() + 1 + i) : sp;
                    out.add(new Word(content.substring(start, i), part));
                }
            }
        }
        return out;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\f' || c == ',';
    }

    /** Removes the quotes; in "..." only \" and \\ are escapes, other backslashes stay. */
    static String unquote(String raw) {
        String body = raw.substring(1, raw.length() - 1);
        if (raw.charAt(0) == '\'') {
            return body;
        }
        StringBuilder sb = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length() && (body.charAt(i + 1) == '"' || body.charAt(i + 1) == '\\')) {
                sb.append(body.charAt(++i));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}

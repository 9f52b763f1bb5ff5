package dev.themis.compiler;

import dev.themis.compiler.ast.ActionHeadersStatement;
import dev.themis.compiler.ast.Attribute;
import dev.themis.compiler.ast.FeatureStatement;
import dev.themis.compiler.ast.GroupStatement;
import dev.themis.compiler.ast.HeaderPair;
import dev.themis.compiler.ast.MetadataStatement;
import dev.themis.compiler.ast.PolicyStatement;
import dev.themis.compiler.ast.PoolStatement;
import dev.themis.compiler.ast.Statement;
import dev.themis.compiler.ast.Word;
import dev.themis.compiler.diag.Span;
import dev.themis.compiler.model.Feature;
import dev.themis.compiler.model.JailAction;
import dev.themis.compiler.model.JailBy;
import dev.themis.compiler.model.PolicyAttribute;
import dev.themis.compiler.model.PolicyType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded generators of canonical statements (as the parser would produce them). */
final class Generators {
    static final Span NOWHERE = Span.startOf("generated");
    private static final String ALPHABET = "abcXYZ019_-.:@/!+;[],%\\\"'# \téß€😀";

    private final Random random;

    Generators(long seed) {
        this.random = new Random(seed);
    }

    Word word(String text) {
        return new Word(text, NOWHERE);
    }

    /** Any text without line breaks, sometimes empty, sometimes a keyword. */
    String anyText() {
        return switch (random.nextInt(10)) {
            case 0 -> "";
            case 1 -> pick(List.of("policy", "GROUP", "pool", "features", "metadata", "actionheaders", "any"));
            default -> {
                StringBuilder sb = new StringBuilder();
                int n = 1 + random.nextInt(12);
                for (int i = 0; i < n; i++) {
                    sb.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(
                            0, random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
                }
                yield sb.toString();
            }
        };
    }

    /** Text that survives member splitting: non-empty, no blanks or commas. */
    String memberText() {
        String t;
        do {
            t = anyText().replaceAll("[\\s,]", "");
        } while (t.isEmpty());
        return t;
    }

    <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    Statement statement() {
        return switch (random.nextInt(6)) {
            case 0 -> policy();
            case 1 -> new GroupStatement(word(memberText()), members(), NOWHERE);
            case 2 -> new PoolStatement(word(memberText()), members(), NOWHERE);
            case 3 -> {
                List<HeaderPair> pairs = new ArrayList<>();
                int n = 1 + random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    pairs.add(new HeaderPair(word(anyText()), word(anyText()), NOWHERE));
                }
                yield new ActionHeadersStatement(word(anyText()), word(anyText()), word(anyText()), pairs, NOWHERE);
            }
            case 4 -> {
                Feature f = pick(List.of(Feature.values()));
                boolean known = random.nextBoolean();
                String value = known ? f.defaultText() : "x" + memberText();
                yield new FeatureStatement(
                        word(random.nextBoolean() ? "global" : "p" + random.nextInt(5)),
                        word(known ? f.key() : "unknown_" + random.nextInt(100)),
                        word(value),
                        NOWHERE);
            }
            default ->
                new MetadataStatement(
                        word(memberText()),
                        word(pick(List.of("bypass", "manual_block", "x" + random.nextInt(9)))),
                        word(pick(List.of("TRUE", "FALSE", "x" + anyText()))),
                        NOWHERE);
        };
    }

    private List<Word> members() {
        List<Word> out = new ArrayList<>();
        int n = random.nextInt(30);
        for (int i = 0; i < n; i++) {
            out.add(word(memberText()));
        }
        return out;
    }

    private PolicyStatement policy() {
        List<Attribute> attributes = new ArrayList<>();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            if (random.nextInt(5) == 0) {
                attributes.add(new Attribute(word("Unknown" + random.nextInt(50)), word(anyText()), NOWHERE));
                continue;
            }
            PolicyAttribute a = pick(List.of(PolicyAttribute.values()));
            String value = switch (a.kind()) {
                case BOOLEAN -> pick(List.of("TRUE", "FALSE", "maybe"));
                case TYPE -> pick(List.of(PolicyType.values())).spelling();
                case JAIL_BY -> pick(List.of(JailBy.values())).spelling();
                case JAIL_ACTION -> pick(List.of(JailAction.values())).spelling();
                case GROUP_REF -> pick(List.of("any", "g1", "!g2", "G3"));
                case INTEGER -> Integer.toString(random.nextInt(20) - 5);
                case JAIL_SPEC -> random.nextInt(100) + ":" + random.nextInt(100000);
                case TEXT -> anyText();
                case HOURS -> pick(List.of("0.5", "1", "24"));
            };
            attributes.add(new Attribute(word(a.spelling()), word(value), NOWHERE));
        }
        return new PolicyStatement(word(memberText()), attributes, NOWHERE);
    }
}

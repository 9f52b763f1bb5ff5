/*
 * The Themis policy language: one grammar for .tms files, tmscli command tails and REPL lines.
 *
 * A statement reads like the original tmscli command line without its flags:
 *   policy outbound Source internal Destination !internal JailBy SASLUsername JailSpec 100:3600 JailAction block
 * A statement ends at the end of its line; a line that starts with blanks continues the previous
 * statement (the rule of Postfix's main.cf). '#' starts a comment that runs to the end of the line.
 *
 * The grammar is deliberately flat: a statement keyword followed by arguments. Arity, attribute
 * names and values are checked by the compiler, which gives better messages (did-you-mean, codes)
 * than a parser error could. Keywords are case-insensitive and may also be used as argument values.
 */
grammar Tms;

options { caseInsensitive = true; }

// Entry rule for a whole .tms file.
file
    : NL* (statement (NL+ statement)*)? NL* EOF
    ;

// Entry rule for exactly one statement: a tmscli command tail or one REPL line.
singleStatement
    : NL* statement NL* EOF
    ;

statement
    : policyStatement
    | groupStatement
    | poolStatement
    | actionHeadersStatement
    | featureStatement
    | metadataStatement
    ;

policyStatement        : kw=POLICY args+=value* ;
groupStatement         : kw=GROUP args+=value* ;
poolStatement          : kw=POOL args+=value* ;
actionHeadersStatement : kw=ACTIONHEADERS args+=value* ;
featureStatement       : kw=FEATURES args+=value* ;
metadataStatement      : kw=METADATA args+=value* ;

// Keywords are not reserved as values: `group` may well be a metadata value.
value
    : WORD
    | STRING
    | POLICY
    | GROUP
    | POOL
    | ACTIONHEADERS
    | FEATURES
    | METADATA
    ;

POLICY        : 'policy' ;
GROUP         : 'group' ;
POOL          : 'pool' ;
ACTIONHEADERS : 'actionheaders' ;
FEATURES      : 'features' ;
METADATA      : 'metadata' ;

// "..." understands two escapes, \" and \\ (any other backslash is literal, so regexps stay
// readable); '...' is literal, as in a shell.
STRING
    : '"' ( ~["\\\r\n] | '\\' ~[\r\n] )* '"'
    | '\'' ~['\r\n]* '\''
    ;

// A quote that is not closed on its line; the compiler reports it.
UNTERMINATED_STRING
    : '"' ( ~["\\\r\n] | '\\' ~[\r\n] )* '\\'?
    | '\'' ~['\r\n]*
    ;

COMMENT : '#' ~[\r\n]* -> channel(HIDDEN) ;

// A line break followed by blanks continues the statement.
CONTINUATION : ( '\r'? '\n' | '\r' ) [ \t]+ -> channel(HIDDEN) ;

NL : '\r'? '\n' | '\r' ;

WS : [ \t\f]+ -> channel(HIDDEN) ;

WORD : ~[ \t\f\r\n"'#] ~[ \t\f\r\n]* ;

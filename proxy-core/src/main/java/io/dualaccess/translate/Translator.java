package io.dualaccess.translate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.conf.ParamType;
import org.jooq.conf.ParseNameCase;
import org.jooq.conf.ParseUnknownFunctions;
import org.jooq.conf.RenderKeywordCase;
import org.jooq.conf.RenderNameCase;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultVisitListenerProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates the SQL one side runs into the other side's dialect and schema: parsed by jOOQ in the
 * source dialect, renamed by the schema mapping, rendered in the target dialect with literals kept
 * inline and each bind marker naming the source parameter it takes. Done once per distinct SQL
 * text (a bounded cache); {@link #NONE} parses nothing.
 */
public final class Translator {

    private static final Logger LOG = LoggerFactory.getLogger(Translator.class);

    static {
        // jOOQ prints a banner and "tips of the day" at first use: not in the application's log.
        if (System.getProperty("org.jooq.no-logo") == null) {
            System.setProperty("org.jooq.no-logo", "true");
        }
        if (System.getProperty("org.jooq.no-tips") == null) {
            System.setProperty("org.jooq.no-tips", "true");
        }
    }

    /** Distinct SQL texts whose translation is kept. */
    static final int CACHE_SIZE = 10_000;

    /** Sends every text as it is: nothing is parsed (phase off, or both sides speak the same SQL). */
    public static final Translator NONE = new Translator();

    /** PostgreSQL's {@code string_agg(x, sep order by y)}, which jOOQ parses as the standard {@code listagg … within group}. */
    private static final Pattern STRING_AGG_ORDER = Pattern.compile(
        "(?i)\\bstring_agg\\s*\\(([^()']+?),\\s*('(?:[^']|'')*')\\s+order\\s+by\\s+([^()']+?)\\)");
    private static final Pattern ON_DUPLICATE_KEY = Pattern.compile("(?i)\\bon\\s+duplicate\\s+key\\s+update\\b");
    private static final Pattern INSERT_IGNORE = Pattern.compile("(?is)^\\s*insert\\s+ignore\\s+into\\s");
    /** Text jOOQ renders where it cannot emulate something (a missing key, an unsupported clause). */
    private static final Pattern UNSUPPORTED = Pattern.compile("\\[(unknown|not supported|unsupported)[^\\]]*\\]|/\\* UNSUPPORTED| as any\\)",
        Pattern.CASE_INSENSITIVE);

    private final DialectName from;
    private final DialectName to;
    private final DSLContext dsl;
    private final Overrides overrides;
    private final SchemaMapping mapping;
    private final Cache<String, Translation> cache;
    /** Fingerprints already logged as untranslatable (bounded: a flood of new ones logs at most this many). */
    private final Cache<String, Boolean> logged;

    private Translator() {
        this.from = null;
        this.to = null;
        this.dsl = null;
        this.overrides = Overrides.NONE;
        this.mapping = SchemaMapping.NONE;
        this.cache = null;
        this.logged = null;
    }

    private Translator(DialectName from, DialectName to, Overrides overrides, SchemaMapping mapping) {
        this.from = from;
        this.to = to;
        this.overrides = overrides;
        this.mapping = mapping;
        Settings settings = new Settings()
            .withParseDialect(from.jooq())
            // A function jOOQ does not know is most likely one the other engine lacks: a verdict, not a b_error per call.
            .withParseUnknownFunctions(ParseUnknownFunctions.FAIL)
            .withParseNamedParamPrefix(":")
            // Names as the application wrote them (H2's parser would upper-case unquoted ones).
            .withParseNameCase(ParseNameCase.AS_IS)
            .withRenderFormatted(false)
            .withParamType(ParamType.NAMED_OR_INLINED)
            .withRenderNamedParamPrefix(":")
            .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED)
            .withRenderNameCase(RenderNameCase.AS_IS)
            .withRenderKeywordCase(RenderKeywordCase.LOWER)
            // jOOQ would wrap GROUP_CONCAT in SET statements around the query: one statement must stay one.
            .withRenderGroupConcatMaxLenSessionVariable(false)
            .withExecuteLogging(false);
        DefaultConfiguration configuration = new DefaultConfiguration();
        configuration.set(to.jooq());
        configuration.set(settings);
        NullOrdering nulls = NullOrdering.between(from, to);
        if (nulls != null) {
            configuration.set(new DefaultVisitListenerProvider(nulls));
        }
        this.dsl = DSL.using(configuration);
        this.cache = Caffeine.newBuilder().maximumSize(CACHE_SIZE).build();
        this.logged = Caffeine.newBuilder().maximumSize(CACHE_SIZE).build();
    }

    /**
     * The translator from one dialect to another, or {@link #NONE} when there is nothing to do
     * (same dialect, no mapping, no override).
     *
     * @param from the dialect of the SQL the application sends (the authoritative side's)
     * @param to the dialect of the side it is replayed on
     */
    public static Translator between(DialectName from, DialectName to, Overrides overrides, SchemaMapping mapping) {
        if (from == null || to == null || from == to && mapping.none() && overrides.none()) {
            return NONE;
        }
        return new Translator(from, to, overrides, mapping);
    }

    /** Whether this translator may change anything (else every translation is {@link Translation#SAME}). */
    public boolean active() {
        return dsl != null;
    }

    /** The source dialect, or null for {@link #NONE}. */
    public DialectName from() {
        return from;
    }

    /** The target dialect, or null for {@link #NONE}. */
    public DialectName to() {
        return to;
    }

    /**
     * What the other side runs for this text (cached by text).
     *
     * @param fingerprint the statement's fingerprint: overrides are found by it, and an untranslatable
     *                    statement is logged once per fingerprint
     */
    public Translation translate(String sql, String fingerprint) {
        if (dsl == null || sql == null) {
            return Translation.SAME;
        }
        Translation t = cache.getIfPresent(sql);
        if (t == null) {
            t = cache.get(sql, s -> compute(s, fingerprint));
        }
        return t;
    }

    private Translation compute(String sql, String fingerprint) {
        Overrides.Entry o = fingerprint == null ? null : overrides.get(fingerprint);
        if (o != null) {
            if (o.skip()) {
                return Translation.skip(Translation.OVERRIDE, o.reason());
            }
            return Translation.of(SqlTemplate.inOrder(o.sql(), backslashes(to)), upsert(sql) || upsert(o.sql()));
        }
        try {
            SqlTemplate t = render(sql);
            if (t.sameParameters() && sql.equals(t.sql())) {
                return Translation.SAME;
            }
            return Translation.of(t, upsert(sql) || upsert(t.toString()));
        } catch (RuntimeException e) {
            String message = message(e);
            if (fingerprint != null && logged.asMap().putIfAbsent(fingerprint, Boolean.TRUE) == null) {
                LOG.warn("dualaccess: cannot translate a statement from {} to {} (skipped with reason untranslatable;"
                    + " give B's SQL by hand in dualaccess.b.sql-overrides): {} -- {}", from.configValue(), to.configValue(),
                    fingerprint, message);
            }
            return Translation.skip(Translation.UNTRANSLATABLE, message);
        }
    }

    /** B's SQL for A's text, with its parameter plan; throws when jOOQ cannot parse or render it. */
    SqlTemplate render(String sql) {
        BindMarkers.Named named = BindMarkers.name(sql, backslashes(from));
        String text = named.sql();
        if (!to.arrays()) {
            text = BindMarkers.anyToInList(text);
        }
        if (backslashes(from)) {
            text = insertIgnore(text);
        } else if (from == DialectName.POSTGRES) {
            Matcher agg = STRING_AGG_ORDER.matcher(text);
            if (agg.find()) {
                text = agg.replaceAll("listagg($1, $2) within group (order by $3)");
            }
        }
        Query q = dsl.parser().parseQuery(text);
        if (q == null) {
            throw new IllegalArgumentException("no statement to translate");
        }
        String rendered = mapping.render(dsl, q);
        Matcher unsupported = UNSUPPORTED.matcher(rendered);
        if (unsupported.find()) {
            throw new IllegalArgumentException("jOOQ cannot render it for " + to.configValue() + ": " + unsupported.group()
                + " in " + rendered);
        }
        SqlTemplate t = BindMarkers.template(rendered, backslashes(to));
        boolean[] used = new boolean[named.count() + 1];
        for (int i = 0; i < t.markers(); i++) {
            used[t.source(i)] = true;
        }
        for (int k = 1; k <= named.count(); k++) {
            if (!used[k]) {
                throw new IllegalArgumentException("parameter " + k + " has no place in " + to.configValue() + "'s SQL: " + rendered);
            }
        }
        return t;
    }

    /** MySQL's {@code INSERT IGNORE INTO …} as {@code INSERT INTO … ON CONFLICT DO NOTHING}, which jOOQ parses and renders. */
    private static String insertIgnore(String sql) {
        Matcher m = INSERT_IGNORE.matcher(sql);
        if (!m.find()) {
            return sql;
        }
        String rest = sql.substring(m.end()).strip();
        if (rest.endsWith(";")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        return "insert into " + rest + " on conflict do nothing";
    }

    private static boolean upsert(String sql) {
        return ON_DUPLICATE_KEY.matcher(sql).find();
    }

    private static boolean backslashes(DialectName d) {
        return d == DialectName.MARIADB || d == DialectName.MYSQL;
    }

    private static String message(RuntimeException e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.replaceAll("\\s+", " ").trim();
    }

    /** Translations kept (for status and tests). */
    public long cached() {
        return cache == null ? 0 : cache.estimatedSize();
    }

    @Override
    public String toString() {
        return dsl == null ? "Translator.NONE" : "Translator[" + from.configValue() + " -> " + to.configValue()
            + (mapping.none() ? "" : ", mapping") + "]";
    }
}

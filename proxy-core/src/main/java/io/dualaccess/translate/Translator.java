package io.dualaccess.translate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jooq.DSLContext;
import org.jooq.Meta;
import org.jooq.Query;
import org.jooq.VisitListenerProvider;
import org.jooq.conf.ParamType;
import org.jooq.conf.ParseNameCase;
import org.jooq.conf.ParseSearchSchema;
import org.jooq.conf.ParseUnknownFunctions;
import org.jooq.conf.ParseWithMetaLookups;
import org.jooq.conf.RenderKeywordCase;
import org.jooq.conf.RenderNameCase;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.ParserException;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultVisitListenerProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
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

    private static final Pattern ON_DUPLICATE_KEY = Pattern.compile("(?i)\\bon\\s+duplicate\\s+key\\s+update\\b");
    /** Text jOOQ renders where it cannot emulate something (a missing key, an unsupported clause). */
    private static final Pattern UNSUPPORTED = Pattern.compile("\\[(unknown|not supported|unsupported)[^\\]]*\\]|/\\* UNSUPPORTED| as any\\)",
        Pattern.CASE_INSENSITIVE);

    private final DialectName from;
    private final DialectName to;
    private final boolean active;
    /** jOOQ's parser and renderer without the target's tables. */
    private final DSLContext plain;
    /** jOOQ's parser and renderer; the target's tables are looked up in it once its {@link Catalog} arrives. */
    private volatile DSLContext dsl;
    private volatile boolean catalogued;
    private final Overrides overrides;
    private final SchemaMapping mapping;
    private final Cache<String, Translation> cache;
    /** Fingerprints already logged as untranslatable (bounded: a flood of new ones logs at most this many). */
    private final Cache<String, Boolean> logged;

    private Translator() {
        this.active = false;
        this.from = null;
        this.to = null;
        this.plain = null;
        this.dsl = null;
        this.overrides = Overrides.NONE;
        this.mapping = SchemaMapping.NONE;
        this.cache = null;
        this.logged = null;
    }

    private Translator(DialectName from, DialectName to, Overrides overrides, SchemaMapping mapping) {
        this.active = true;
        this.from = from;
        this.to = to;
        this.overrides = overrides;
        this.mapping = mapping;
        this.plain = dsl(null);
        this.dsl = plain;
        this.cache = Caffeine.newBuilder().maximumSize(CACHE_SIZE).build();
        this.logged = Caffeine.newBuilder().maximumSize(CACHE_SIZE).build();
    }

    private DSLContext dsl(Catalog catalog) {
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
        if (catalog != null) {
            // The parser looks names up in the target's tables: their types and keys decide what jOOQ renders.
            // A name the catalog lacks (a table renamed by the mapping, a temporary table) is parsed as without it.
            settings.withParseWithMetaLookups(ParseWithMetaLookups.IGNORE_ON_FAILURE)
                .withParseSearchPath(new ParseSearchSchema().withSchema(catalog.schema()))
                // Looked-up names come back qualified: B's SQL names tables as A's did, in B's current schema.
                .withRenderSchema(false)
                // Looked-up names are the catalog's, in its case: quoted, so "OrderItem" stays OrderItem.
                .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_QUOTED);
            Meta meta = catalog.meta();
            configuration.set(() -> meta);
        }
        configuration.set(settings);
        List<VisitListenerProvider> listeners = new ArrayList<>();
        NullOrdering nulls = NullOrdering.between(from, to);
        if (nulls != null) {
            listeners.add(new DefaultVisitListenerProvider(nulls));
        }
        if (from.mysqlLike() && !to.mysqlLike()) {
            listeners.add(new DefaultVisitListenerProvider(new BooleanComparisons()));
        }
        configuration.set(listeners.toArray(VisitListenerProvider[]::new));
        return DSL.using(configuration);
    }

    /**
     * Gives the parser the target's tables (read in the background once the side is reachable):
     * translations made from now on know their column types and keys; those made before are dropped
     * from the cache and made again at their next execution.
     */
    public void learn(Catalog catalog) {
        if (!wantsCatalog() || catalog == null) {
            return;
        }
        dsl = dsl(catalog);
        catalogued = true;
        cache.invalidateAll();
    }

    /**
     * Whether the target's tables would change what this translator renders: from MariaDB's or
     * MySQL's SQL, which leaves out what PostgreSQL and H2 need (the key an {@code ON DUPLICATE KEY
     * UPDATE} conflicts on, that {@code active = 1} compares a boolean). The other way, jOOQ needs
     * nothing more (and MariaDB's catalog calls booleans tinyint).
     */
    public boolean wantsCatalog() {
        return active && from.mysqlLike() && !to.mysqlLike();
    }

    /** Whether the target's tables are known to the parser ({@link #learn}). */
    public boolean catalogued() {
        return catalogued;
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
        return active;
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
        if (!active || sql == null) {
            return Translation.SAME;
        }
        Translation t = cache.getIfPresent(sql);
        if (t == null) {
            DSLContext with = dsl;
            t = compute(sql, fingerprint, with);
            // Not kept when the catalog arrived meanwhile: the next execution translates with it.
            if (with == dsl) {
                cache.put(sql, t);
            }
        }
        return t;
    }

    private Translation compute(String sql, String fingerprint, DSLContext with) {
        Overrides.Entry o = fingerprint == null ? null : overrides.get(fingerprint);
        if (o != null) {
            if (o.skip()) {
                return Translation.skip(Translation.OVERRIDE, o.reason());
            }
            return Translation.of(SqlTemplate.inOrder(o.sql(), backslashes(to)), upsert(sql) || upsert(o.sql()));
        }
        try {
            SqlTemplate t = render(sql, with);
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
        return render(sql, dsl);
    }

    private SqlTemplate render(String sql, DSLContext with) {
        BindMarkers.Named named = BindMarkers.name(sql, backslashes(from));
        String text = named.sql();
        if (!to.arrays()) {
            text = BindMarkers.anyToInList(text);
        }
        text = SourceRewrites.emptyEscape(text);
        if (from.mysqlLike()) {
            text = SourceRewrites.fromMysql(text, to);
        } else if (from == DialectName.POSTGRES) {
            text = SourceRewrites.fromPostgres(text);
        }
        DSLContext dsl = with;
        Query q;
        try {
            q = dsl.parser().parseQuery(text);
        } catch (ParserException e) {
            if (dsl == plain) {
                throw e;
            }
            // A name the catalog types in a way the source's grammar refuses (MySQL's "not active"): parse it as text alone.
            dsl = plain;
            q = dsl.parser().parseQuery(text);
        }
        if (q == null) {
            throw new IllegalArgumentException("no statement to translate");
        }
        String rendered = SourceRewrites.restoreEmptyEscape(mapping.render(dsl, q));
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

    private static boolean upsert(String sql) {
        return ON_DUPLICATE_KEY.matcher(sql).find() || SourceRewrites.replace(sql);
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
        return !active ? "Translator.NONE" : "Translator[" + from.configValue() + " -> " + to.configValue()
            + (mapping.none() ? "" : ", mapping") + "]";
    }
}

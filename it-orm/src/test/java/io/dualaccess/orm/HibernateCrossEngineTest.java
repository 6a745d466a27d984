package io.dualaccess.orm;

import io.dualaccess.orm.Petclinic.Owner;
import io.dualaccess.orm.Petclinic.Pet;
import io.dualaccess.orm.Petclinic.PetType;
import io.dualaccess.orm.Petclinic.Specialty;
import io.dualaccess.orm.Petclinic.Vet;
import io.dualaccess.orm.Petclinic.Visit;
import io.dualaccess.verify.TableReport;
import io.dualaccess.verify.Verify;
import io.dualaccess.verify.VerifyReport;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An outsider application on dualaccess: Hibernate ORM 7 with its PostgreSQL dialect, a
 * PetClinic-like model, its own generated SQL (batch fetching with {@code = any (?)}, {@code like
 * … escape}, paging, join fetch, a many-to-many, a native {@code on conflict do nothing} seed),
 * connected through {@code jdbc:dualaccess:postgresql:} with B on MariaDB. In phase {@code shadow}
 * nearly every read is compared on B in MariaDB's SQL and none fails there; then in phase
 * {@code dual-write} more writes, after which verify finds B = A in every table and the journal is
 * empty. The counts are written to {@code target/it-orm-hibernate.txt}.
 */
class HibernateCrossEngineTest {

    @TempDir
    Path dir;

    private static final Pattern KIND = Pattern.compile("\"kind\":\"([a-z_]+)\"");
    private static final Pattern OUTCOME = Pattern.compile("\"outcome\":\"([a-z_]+)\"");
    private static final Pattern REASON = Pattern.compile("\"reason\":\"([a-z_]+)\"");

    private record Server(String url, String user, String password) {
    }

    private static Server server(String prefix, String side) {
        String url = System.getenv(prefix + "_URL_" + side);
        if (url == null || url.isBlank()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(prefix + "_URL_" + side + " is not set — CI must run every engine");
            }
            Assumptions.abort(prefix + "_URL_" + side + " is not set: run scripts/test.sh");
        }
        return new Server(url, System.getenv(prefix + "_USER"), System.getenv(prefix + "_PASSWORD"));
    }

    @Test
    void petclinicOnPostgresqlShadowedOntoMariadb() throws Exception {
        Server a = server("TEST_PG", "A");
        Server b = server("TEST_MARIADB", "B");
        dropAll(a);
        dropAll(b);
        // Each side gets its schema from Hibernate in its own dialect, as a team would create B's.
        emf(a.url(), a, "org.hibernate.dialect.PostgreSQLDialect", "create", Map.of()).close();
        emf(b.url(), b, "org.hibernate.dialect.MariaDBDialect", "create", Map.of()).close();

        Path shadowLog = dir.resolve("shadow.jsonl");
        try (EntityManagerFactory app = throughDualaccess(a, b, "shadow", shadowLog, dir.resolve("shadow-journal.jsonl"))) {
            seed(app);
            for (int round = 0; round < 3; round++) {
                reads(app);
            }
            writes(app, "s");
            reads(app);
        }
        Path dualWriteLog = dir.resolve("dual-write.jsonl");
        Path journal = dir.resolve("dual-write-journal.jsonl");
        try (EntityManagerFactory app = throughDualaccess(a, b, "dual-write", dualWriteLog, journal)) {
            writes(app, "d1");
            reads(app);
            writes(app, "d2");
        }
        List<String> shadow = settled(shadowLog);
        List<String> dualWrite = settled(dualWriteLog);

        Map<String, Integer> reads = outcomes(shadow, "read");
        Map<String, Integer> writes = outcomes(shadow, "write");
        Map<String, Integer> dwWrites = outcomes(dualWrite, "write");
        int readTotal = reads.values().stream().mapToInt(Integer::intValue).sum();
        int compared = reads.getOrDefault("match", 0) + reads.getOrDefault("mismatch", 0);
        VerifyReport verify = Verify.builder(() -> connect(a), () -> connect(b)).tables(Petclinic.TABLES).build().run();
        List<String> journalLines = Files.exists(journal) ? Files.readAllLines(journal) : List.of();

        List<String> report = new ArrayList<>();
        report.add(String.format("shadow reads: %d of %d compared (%.1f %%), outcomes %s", compared, readTotal,
            100.0 * compared / readTotal, reads));
        report.add("shadow writes: " + writes + "; dual-write writes: " + dwWrites);
        for (TableReport t : verify.tables()) {
            report.add("verify " + t.table() + ": rows A " + t.rowsA() + ", B " + t.rowsB() + ", differences " + t.differences());
        }
        report.add("dual-write journal lines: " + journalLines.size());
        report.add("");
        report.add("not compared or not matched:");
        for (String e : shadow) {
            if (!e.contains("\"outcome\":\"match\"")) {
                report.add(e);
            }
        }
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "it-orm-hibernate.txt"), report);
        System.out.println(String.join("\n", report.subList(0, Math.min(report.size(), 40))));

        assertThat(readTotal).as("reads seen").isGreaterThan(50);
        assertThat(reads.getOrDefault("b_error", 0)).as(reads.toString()).isZero();
        assertThat(reads.getOrDefault("mismatch", 0)).as("false mismatches " + reads).isZero();
        assertThat(100.0 * compared / readTotal).as(reads.toString()).isGreaterThanOrEqualTo(95.0);
        assertThat(writes.keySet()).as("shadow writes " + writes).containsOnly("match");
        assertThat(dwWrites.keySet()).as("dual-write writes " + dwWrites).containsOnly("match");
        assertThat(verify.equal()).as("B = A per table: " + report).isTrue();
        assertThat(journalLines).as("journal").isEmpty();
    }

    // ---- the application -------------------------------------------------------------------------

    private static void seed(EntityManagerFactory app) {
        inTransaction(app, em -> {
            // The seed script's upsert, twice as a restarted application runs it: the second time conflicts.
            String[] types = {"cat", "dog", "lizard", "snake", "bird", "hamster"};
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < types.length; i++) {
                    em.createNativeQuery("insert into types (id, name) values (?, ?) on conflict (id) do nothing")
                        .setParameter(1, i + 1).setParameter(2, types[i]).executeUpdate();
                }
            }
        });
        inTransaction(app, em -> {
            List<Specialty> specialties = new ArrayList<>();
            for (String n : List.of("radiology", "surgery", "dentistry")) {
                Specialty s = new Specialty();
                s.name = n;
                em.persist(s);
                specialties.add(s);
            }
            String[][] vets = {{"James", "Carter"}, {"Helen", "Leary"}, {"Linda", "Douglas"}, {"Rafael", "Ortega"},
                {"Henry", "Stevens"}, {"Sharon", "Jenkins"}};
            for (int i = 0; i < vets.length; i++) {
                Vet v = new Vet();
                v.firstName = vets[i][0];
                v.lastName = vets[i][1];
                for (int k = 0; k < i % 3; k++) {
                    v.specialties.add(specialties.get((i + k) % specialties.size()));
                }
                em.persist(v);
            }
        });
        inTransaction(app, em -> {
            String[][] owners = {{"George", "Franklin", "Madison"}, {"Betty", "Davis", "Sun Prairie"},
                {"Eduardo", "Rodriquez", "McFarland"}, {"Harold", "Davis", "Windsor"}, {"Peter", "McTavish", "Madison"},
                {"Jean", "Coleman", "Monona"}, {"Jeff", "Black", "Monona"}, {"Maria", "Escobito", "Madison"},
                {"David", "Schroeder", "Madison"}, {"Carlos", "Estaban", "Waunakee"}};
            String[] petNames = {"Leo", "Basil", "Rosy", "Jewel", "Iggy", "George", "Samantha", "Max", "Lucky", "Mulligan",
                "Freddy", "Lucky", "Sly"};
            List<Owner> os = new ArrayList<>();
            for (int i = 0; i < owners.length; i++) {
                Owner o = new Owner();
                o.firstName = owners[i][0];
                o.lastName = owners[i][1];
                o.city = owners[i][2];
                o.address = (100 + i) + " W. Liberty St.";
                o.telephone = "60855" + (10000 + i);
                o.active = i % 4 != 3;
                em.persist(o);
                os.add(o);
            }
            for (int i = 0; i < petNames.length; i++) {
                Pet p = new Pet();
                p.name = petNames[i];
                p.birthDate = LocalDate.of(2018 + i % 5, 1 + i % 12, 1 + i);
                p.weight = new BigDecimal(i + ".25");
                p.type = em.getReference(PetType.class, 1 + i % 6);
                p.owner = os.get(i % os.size());
                em.persist(p);
                for (int k = 0; k < i % 3; k++) {
                    Visit v = new Visit();
                    v.pet = p;
                    v.date = LocalDate.of(2023, 1 + k, 1 + i);
                    v.description = k == 0 ? "rabies shot" : "checkup \\ " + k + " 50%";
                    em.persist(v);
                }
            }
        });
    }

    /** What the clinic's pages read, each page in its own (read-only) transaction. */
    private static void reads(EntityManagerFactory app) {
        inTransaction(app, em -> {
            for (int id = 1; id <= 10; id++) {
                Owner o = em.find(Owner.class, id);
                if (o != null) {
                    o.pets.size();
                }
            }
        });
        // Find owners: Spring Data's "last name starts with", paged, then each owner's pets (batch fetched).
        for (String prefix : List.of("Da", "", "Es", "M%a_")) {
            inTransaction(app, em -> {
                String pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
                for (int page = 0; page < 2; page++) {
                    List<Owner> owners = em.createQuery("select o from Owner o where o.lastName like :p escape '\\'"
                            + " order by o.lastName, o.id", Owner.class)
                        .setParameter("p", pattern).setFirstResult(page * 5).setMaxResults(5).getResultList();
                    for (Owner o : owners) {
                        for (Pet p : o.pets) {
                            p.type.getName();
                            p.visits.size();
                        }
                    }
                }
                em.createQuery("select count(o) from Owner o where o.lastName like :p escape '\\'", Long.class)
                    .setParameter("p", pattern).getSingleResult();
            });
        }
        inTransaction(app, em -> {
            em.createQuery("select distinct o from Owner o left join fetch o.pets where o.id = :id", Owner.class)
                .setParameter("id", 3).getResultList();
            em.createQuery("select distinct v from Vet v left join fetch v.specialties order by v.lastName, v.id", Vet.class)
                .getResultList();
            em.createQuery("select t from PetType t order by t.name", PetType.class).getResultList();
            em.createQuery("select p from Pet p where p.owner.id in :ids order by p.id", Pet.class)
                .setParameter("ids", List.of(1, 2, 3)).getResultList();
            em.createQuery("select v from Visit v where v.pet.id = :id order by v.date desc, v.id", Visit.class)
                .setParameter("id", 8).getResultList();
            em.createQuery("select p.type.name, count(p) from Pet p group by p.type.name order by p.type.name", Object[].class)
                .getResultList();
            em.createQuery("select o from Owner o where o.active = true and lower(o.city) like lower(:c) order by o.id", Owner.class)
                .setParameter("c", "mad%").getResultList();
            em.createQuery("select o from Owner o where o.active = false order by o.id", Owner.class).getResultList();
            em.createQuery("select avg(p.weight), max(p.birthDate) from Pet p where p.birthDate between :from and :to", Object[].class)
                .setParameter("from", LocalDate.of(2019, 1, 1)).setParameter("to", LocalDate.of(2021, 12, 31)).getResultList();
        });
    }

    /** A visit booked, an owner edited, a visit cancelled, a bulk update: the clinic's writes. */
    private static void writes(EntityManagerFactory app, String tag) {
        inTransaction(app, em -> {
            Owner o = new Owner();
            o.firstName = "New " + tag;
            o.lastName = "Owner";
            o.city = "Verona";
            o.telephone = "6085550000";
            em.persist(o);
            Pet p = new Pet();
            p.name = "Pet " + tag;
            p.birthDate = LocalDate.of(2024, 5, 6);
            p.weight = new BigDecimal("2.50");
            p.type = em.getReference(PetType.class, 2);
            p.owner = o;
            em.persist(p);
            Visit v = new Visit();
            v.pet = p;
            v.date = LocalDate.of(2025, 2, 3);
            v.description = "first visit " + tag;
            em.persist(v);
        });
        inTransaction(app, em -> {
            Owner o = em.find(Owner.class, 2);
            o.city = "Fitchburg " + tag;
            o.active = !o.active;
        });
        inTransaction(app, em -> {
            List<Visit> vs = em.createQuery("select v from Visit v where v.description like :d order by v.id", Visit.class)
                .setParameter("d", "checkup%").setMaxResults(1).getResultList();
            vs.forEach(em::remove);
        });
        inTransaction(app, em -> em.createQuery("update Owner o set o.telephone = :t where o.city = :c")
            .setParameter("t", "60800" + tag.length()).setParameter("c", "Monona").executeUpdate());
    }

    private static void inTransaction(EntityManagerFactory app, Consumer<EntityManager> work) {
        try (EntityManager em = app.createEntityManager()) {
            em.getTransaction().begin();
            work.accept(em);
            em.getTransaction().commit();
        }
    }

    // ---- set-up ----------------------------------------------------------------------------------

    private static EntityManagerFactory emf(String url, Server credentials, String dialect, String schemaAction,
                                            Map<String, String> connectionProperties) {
        HibernatePersistenceConfiguration c = new HibernatePersistenceConfiguration("petclinic")
            .managedClasses(Petclinic.ENTITIES.toArray(Class<?>[]::new))
            .jdbcUrl(url)
            .jdbcCredentials(credentials.user(), credentials.password())
            .property("hibernate.dialect", dialect)
            .property("jakarta.persistence.schema-generation.database.action", schemaAction)
            // Lazy collections and proxies loaded in batches: PostgreSQL's dialect binds them as one array, "= any (?)".
            .property("hibernate.default_batch_fetch_size", "16")
            .property("hibernate.connection.pool_size", "2")
            .property("hibernate.show_sql", "false");
        // Hibernate hands hibernate.connection.* to the driver: dualaccess's settings ride along.
        connectionProperties.forEach((k, v) -> c.property("hibernate.connection." + k, v));
        return c.createEntityManagerFactory();
    }

    private static EntityManagerFactory throughDualaccess(Server a, Server b, String phase, Path log, Path journal) {
        Map<String, String> p = new TreeMap<>();
        p.put("dualaccess.phase", phase);
        p.put("dualaccess.b.url", b.url());
        p.put("dualaccess.b.user", b.user());
        p.put("dualaccess.b.password", b.password());
        p.put("dualaccess.b.dialect", "mariadb");
        p.put("dualaccess.control.poll", "off");
        p.put("dualaccess.log.file", log.toString());
        // The runtime outlives the EntityManagerFactory, and settled() waits less than the 5 s in which
        // aggregates of matches are written: one line per statement, written as each is compared.
        p.put("dualaccess.log.aggregate", "none");
        p.put("dualaccess.journal.file", journal.toString());
        return emf("jdbc:dualaccess:" + a.url().substring("jdbc:".length()), a, "org.hibernate.dialect.PostgreSQLDialect", "none", p);
    }

    private static Connection connect(Server s) throws SQLException {
        return DriverManager.getConnection(s.url(), s.user(), s.password());
    }

    private static void dropAll(Server s) throws SQLException {
        boolean pg = s.url().startsWith("jdbc:postgresql:");
        try (Connection c = connect(s); Statement st = c.createStatement()) {
            for (String t : List.of("vet_specialties", "visits", "pets", "owners", "vets", "specialties", "types")) {
                st.execute("drop table if exists " + t + (pg ? " cascade" : ""));
            }
            for (String q : List.of("owners_seq", "pets_seq", "visits_seq", "vets_seq", "specialties_seq")) {
                st.execute("drop sequence if exists " + q);
            }
        }
    }

    /** The log's lines once shadow work has finished (no new line for a second). */
    private static List<String> settled(Path log) throws Exception {
        int last = -1;
        for (int i = 0; i < 120; i++) {
            int n = Files.exists(log) ? Files.readAllLines(log).size() : 0;
            if (n == last) {
                break;
            }
            last = n;
            Thread.sleep(1000);
        }
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** Outcomes of one kind of event, a skipped one under "skipped:reason". */
    private static Map<String, Integer> outcomes(List<String> events, String kind) {
        Map<String, Integer> out = new TreeMap<>();
        for (String e : events) {
            Matcher k = KIND.matcher(e);
            if (!k.find() || !k.group(1).equals(kind)) {
                continue;
            }
            Matcher o = OUTCOME.matcher(e);
            String outcome = o.find() ? o.group(1) : "?";
            if (outcome.equals("skipped")) {
                Matcher r = REASON.matcher(e);
                outcome += ":" + (r.find() ? r.group(1) : "?");
            }
            // An aggregated event (match, skipped, dropped) stands for count statements.
            Matcher n = COUNT.matcher(e);
            out.merge(outcome, n.find() ? Integer.parseInt(n.group(1)) : 1, Integer::sum);
        }
        return out;
    }

    /** The event's own {@code count} (written right after its outcome and reason), not a side's update count. */
    private static final Pattern COUNT = Pattern.compile("\"outcome\":\"[^\"]*\"(?:,\"reason\":\"[^\"]*\")?,\"count\":(\\d+)");
}

package io.dualaccess.conformance;

import io.dualaccess.testing.Engine;

import java.sql.Connection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * One conformance scenario: JDBC work that records everything it observes into a
 * {@link Transcript}. The suite runs it twice on each {@link ConformanceTarget}, directly and
 * through dualaccess, and compares the two transcripts.
 *
 * <p>A scenario owns its tables: it drops and creates them at its start and drops them at its end,
 * with names unique to the scenario ({@code cf_…}), so runs on a shared server never collide and
 * both runs start from the same state. Engine differences (DDL, features) are chosen with
 * {@link Engine#pick}; a feature an engine lacks is still attempted and its exception recorded, or
 * skipped with a recorded reason.
 *
 * @param name shown in the test report
 * @param body the JDBC work
 * @param connectionProperties vendor connection properties the scenario needs per engine (both
 *                             sides get them), e.g. MariaDB's {@code allowMultiQueries}
 * @param accesses the accesses it runs through; all, unless a scenario says why not
 */
public record Scenario(String name, Body body, Map<Engine, Map<String, String>> connectionProperties,
                       Set<Access> accesses) {

    /** The JDBC work of a scenario. Anything it throws is recorded, not fatal. */
    @FunctionalInterface
    public interface Body {
        void run(Connection c, Transcript t) throws Exception;
    }

    public Scenario {
        connectionProperties = Map.copyOf(connectionProperties);
        accesses = Set.copyOf(accesses);
    }

    /** A scenario that needs no extra connection properties and runs through every access. */
    public static Scenario of(String name, Body body) {
        return new Scenario(name, body, Map.of(), EnumSet.allOf(Access.class));
    }

    /** This scenario, run through the given accesses only (say why where it is declared). */
    public Scenario only(Access first, Access... rest) {
        return new Scenario(name, body, connectionProperties, EnumSet.of(first, rest));
    }

    /** Whether it runs through an access. */
    public boolean runsThrough(Access access) {
        return accesses.contains(access);
    }

    /** This scenario, with vendor connection properties for one engine. */
    public Scenario with(Engine engine, Map<String, String> properties) {
        Map<Engine, Map<String, String>> m = new EnumMap<>(Engine.class);
        m.putAll(connectionProperties);
        m.put(engine, properties);
        return new Scenario(name, body, m, accesses);
    }

    /** The vendor connection properties for an engine (empty when none). */
    public Map<String, String> connectionProperties(Engine engine) {
        return connectionProperties.getOrDefault(engine, Map.of());
    }

    @Override
    public String toString() {
        return name;
    }
}

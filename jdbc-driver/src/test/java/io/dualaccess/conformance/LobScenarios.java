package io.dualaccess.conformance;

import io.dualaccess.testing.Engine;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Large objects and streams: every way to send a long text or binary value, and every way to read
 * it back. PostgreSQL stores them as {@code text}/{@code bytea}, where the {@code Clob}/{@code Blob}
 * API is refused (pgjdbc means large objects by it); the refusals are observations too.
 */
final class LobScenarios {

    /** Long enough to cross the drivers' buffer and packet sizes, with characters outside Latin-1. */
    static final String TEXT = "Grüße, 世界! \u00e9\u00e8 ".repeat(1200);
    static final byte[] BYTES = bytes(40_000);
    static final String ASCII = "plain ascii text ".repeat(500);

    private LobScenarios() {
    }

    static List<Scenario> all() {
        return List.of(Scenario.of("lobs_and_streams", LobScenarios::lobsAndStreams));
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    static void lobsAndStreams(Connection c, Transcript t) throws SQLException {
        Engine e = t.engine();
        Sql.dropTables(c, "cf_lob");
        Sql.exec(c, "create table cf_lob (id int primary key, txt " + e.pick("clob", "text", "longtext")
            + ", bin " + e.pick("blob", "bytea", "longblob") + ")");
        try (PreparedStatement ps = c.prepareStatement("insert into cf_lob values (?, ?, ?)")) {
            write(t, ps, 1, "setCharacterStream/setBinaryStream with length", () -> {
                ps.setCharacterStream(2, new StringReader(TEXT), TEXT.length());
                ps.setBinaryStream(3, new ByteArrayInputStream(BYTES), BYTES.length);
            });
            write(t, ps, 2, "setCharacterStream/setBinaryStream without length", () -> {
                ps.setCharacterStream(2, new StringReader(TEXT));
                ps.setBinaryStream(3, new ByteArrayInputStream(BYTES));
            });
            write(t, ps, 3, "setCharacterStream(long)/setBinaryStream(long)", () -> {
                ps.setCharacterStream(2, new StringReader(TEXT), (long) TEXT.length());
                ps.setBinaryStream(3, new ByteArrayInputStream(BYTES), (long) BYTES.length);
            });
            write(t, ps, 4, "setClob(Reader)/setBlob(InputStream)", () -> {
                ps.setClob(2, new StringReader(TEXT));
                ps.setBlob(3, new ByteArrayInputStream(BYTES));
            });
            write(t, ps, 5, "createClob/createBlob then setClob/setBlob", () -> {
                Clob clob = c.createClob();
                clob.setString(1, TEXT);
                Blob blob = c.createBlob();
                blob.setBytes(1, BYTES);
                ps.setClob(2, clob);
                ps.setBlob(3, blob);
            });
            write(t, ps, 6, "setString/setBytes", () -> {
                ps.setString(2, TEXT);
                ps.setBytes(3, BYTES);
            });
            write(t, ps, 7, "setAsciiStream/setNCharacterStream", () -> {
                ps.setAsciiStream(2, new ByteArrayInputStream(ASCII.getBytes(StandardCharsets.US_ASCII)), ASCII.length());
                ps.setBinaryStream(3, new ByteArrayInputStream(new byte[0]));
            });
            write(t, ps, 8, "setNCharacterStream/setNull", () -> {
                ps.setNCharacterStream(2, new StringReader("short"));
                ps.setNull(3, e.pick(java.sql.Types.BLOB, java.sql.Types.BINARY, java.sql.Types.BLOB));
            });
        }
        try (PreparedStatement ps = c.prepareStatement("select id, txt, bin from cf_lob order by id");
             ResultSet rs = ps.executeQuery()) {
            t.metaData("lob meta", rs.getMetaData());
            while (rs.next()) {
                read(t, c, "row " + rs.getInt(1) + " ", rs);
            }
        }
        Sql.dropTables(c, "cf_lob");
    }

    private static void write(Transcript t, PreparedStatement ps, int id, String how, Transcript.SqlAction bind) {
        try {
            ps.clearParameters();
        } catch (SQLException ex) {
            t.error("clearParameters", ex);
        }
        if (t.attemptRun("bind " + id + " " + how, () -> {
            ps.setInt(1, id);
            bind.run();
        })) {
            t.attempt("insert " + id + " " + how, ps::executeUpdate);
        }
    }

    /**
     * Reads one row every way. Each column is read with a fresh call, because several drivers allow
     * reading a stream only once.
     */
    private static void read(Transcript t, Connection c, String p, ResultSet rs) {
        t.attempt(p + "getObject(txt)", () -> rs.getObject("txt"));
        t.attempt(p + "getString(txt)", () -> rs.getString("txt"));
        t.attempt(p + "getCharacterStream(txt)", () -> Render.reader(rs.getCharacterStream("txt")));
        t.attempt(p + "getAsciiStream(txt) length", () -> {
            java.io.InputStream in = rs.getAsciiStream("txt");
            return in == null ? null : in.readAllBytes().length;
        });
        Clob clob = t.attempt(p + "getClob(txt)", () -> rs.getClob("txt"));
        if (clob != null) {
            t.attempt(p + "clob.length", clob::length);
            t.attempt(p + "clob.getSubString(1, 12)", () -> clob.getSubString(1, 12));
            t.attempt(p + "clob.getCharacterStream", () -> Render.reader(clob.getCharacterStream()));
            t.attempt(p + "clob.position(\"世界\")", () -> clob.position("世界", 1));
            t.attemptRun(p + "clob.free", clob::free);
            t.attempt(p + "clob.length after free", clob::length);
        }
        t.attempt(p + "getObject(bin)", () -> rs.getObject("bin"));
        t.attempt(p + "getBytes(bin)", () -> rs.getBytes("bin"));
        t.attempt(p + "getBinaryStream(bin)", () -> Render.stream(rs.getBinaryStream("bin")));
        Blob blob = t.attempt(p + "getBlob(bin)", () -> rs.getBlob("bin"));
        if (blob != null) {
            t.attempt(p + "blob.length", blob::length);
            t.attempt(p + "blob.getBytes(1, 8)", () -> blob.getBytes(1, 8));
            t.attempt(p + "blob.getBinaryStream", () -> Render.stream(blob.getBinaryStream()));
            t.attempt(p + "blob.getBinaryStream(3, 5)", () -> Render.stream(blob.getBinaryStream(3, 5)));
            t.attemptRun(p + "blob.free", blob::free);
            t.attempt(p + "blob.length after free", blob::length);
        }
    }
}

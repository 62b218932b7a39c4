package dev.handoff.app.platform;

import dev.handoff.app.support.TestApp;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded PostgreSQL asks for its generated password (SCRAM-SHA-256) and commits synchronously, across restarts. */
class EmbeddedPostgresPasswordTest {

    @Test
    void aPasswordIsGeneratedAndRequiredOnLoopback() throws Exception {
        Path dir = TestApp.tempDir().resolve("postgres");
        String password;
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir)) {
            password = pg.password();
            Path file = dir.resolveSibling("postgres.password");
            assertEquals(password, Files.readString(file).strip());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            check(pg, password);
        }
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir)) {
            assertEquals(password, pg.password(), "a restart keeps the password");
            check(pg, password);
        }
    }

    private static void check(EmbeddedPostgresServer pg, String password) throws SQLException {
        String url = pg.jdbcUrl();
        assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "postgres", "").close());
        assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "postgres", "wrong").close());
        try (var c = DriverManager.getConnection(url, "postgres", password); var st = c.createStatement()) {
            var rs = st.executeQuery("SELECT current_setting('synchronous_commit'), current_setting('fsync'), current_setting('password_encryption'),"
                    + " (SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid WHERE rolname = 'postgres')");
            assertTrue(rs.next());
            assertEquals("on", rs.getString(1));
            assertEquals("on", rs.getString(2));
            assertEquals("scram-sha-256", rs.getString(3));
            assertTrue(rs.getBoolean(4), "stored as a SCRAM verifier");
        }
    }
}

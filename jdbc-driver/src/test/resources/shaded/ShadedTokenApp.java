import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;

/**
 * Run with java.util.logging at FINEST for io.dualaccess (which turns on the bundled Jetty's debug
 * output): posts a phase change with the token in the Authorization header (and in the query), a
 * GET with it as the last header, and prints the statuses. The test then looks for the token in
 * everything the process printed.
 */
public class ShadedTokenApp {
    public static void main(String[] args) throws Exception {
        String token = args[1];
        Properties p = new Properties();
        p.setProperty("user", "sa");
        p.setProperty("password", "");
        p.setProperty("dualaccess.phase", "shadow-read");
        p.setProperty("dualaccess.b.url", "jdbc:h2:mem:tokb;DB_CLOSE_DELAY=-1");
        p.setProperty("dualaccess.log.file", args[0] + "/token-comparisons.jsonl");
        p.setProperty("dualaccess.journal.file", args[0] + "/token-journal.jsonl");
        p.setProperty("dualaccess.admin.port", "0");
        p.setProperty("dualaccess.admin.token", token);
        try (Connection c = DriverManager.getConnection("jdbc:dualaccess:h2:mem:toka;DB_CLOSE_DELAY=-1", p)) {
            int port = io.dualaccess.runtime.DualAccessRuntime.of(c).extension(io.dualaccess.sidecar.AdminServer.class).port();
            String body = "{\"phase\":\"shadow\"}";
            System.out.println("token post " + status(port, "POST /phase?token=" + token + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body));
            System.out.println("token get " + status(port, "GET /status HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Authorization: Bearer " + token + "\r\n\r\n"));
            System.out.println("wrong token post " + status(port, "POST /phase HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + token + "x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"));
        }
    }

    static String status(int port, String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            String r = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return r.substring(9, 12);
        }
    }
}

package io.dualaccess.sidecar;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which {@code Host} the admin server answers: its bind address, {@code localhost},
 * {@code 127.0.0.1}, {@code [::1]}, the address the request came in on, and the names in
 * {@code dualaccess.admin.hosts}. Any other name is refused, so a web page whose DNS name is made
 * to point at 127.0.0.1 (DNS rebinding) cannot read {@code /status} or {@code /mismatches} from
 * the browser of someone on the machine: the browser sends the page's own name as {@code Host}.
 */
final class HostCheck {

    private final Set<String> allowed = new HashSet<>();

    /**
     * @param bindHost {@code dualaccess.admin.host}
     * @param named {@code dualaccess.admin.hosts}
     */
    HostCheck(String bindHost, Set<String> named) {
        for (String h : Set.of("localhost", "127.0.0.1", "[::1]")) {
            allowed.add(h);
        }
        if (bindHost != null && !bindHost.isBlank()) {
            allowed.add(normalise(bindHost));
        }
        for (String n : named) {
            allowed.add(normalise(n));
        }
    }

    /** Why the request is refused (naming the host), or null when its {@code Host} is one of ours. */
    String refusal(Request request) {
        String header = request.getHeaders().get(HttpHeader.HOST);
        String local = normalise(Request.getLocalAddr(request));
        if (header != null) {
            String h = hostOf(header);
            if (!allowed.contains(h) && !h.equals(local)) {
                return "this admin server does not answer for host '" + abbreviate(header)
                    + "'; use its address, localhost, or add the name to dualaccess.admin.hosts";
            }
        }
        String target = request.getHttpURI().getHost();
        if (target != null && !target.isEmpty()) {
            String h = normalise(target);
            if (!allowed.contains(h) && !h.equals(local)) {
                return "this admin server does not answer for host '" + abbreviate(target)
                    + "'; use its address, localhost, or add the name to dualaccess.admin.hosts";
            }
        }
        return null;
    }

    /** The host of a {@code Host} header value: without its port, lower case, without a trailing dot. */
    static String hostOf(String header) {
        String h = header.trim();
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return normalise(close < 0 ? h : h.substring(0, close + 1));
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && colon == h.lastIndexOf(':')) {
            h = h.substring(0, colon);
        }
        return normalise(h);
    }

    /** Lower case, no trailing dot, IPv6 literals in brackets. */
    static String normalise(String host) {
        if (host == null) {
            return "";
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.indexOf(':') >= 0 && !h.startsWith("[")) {
            h = "[" + h + "]";
        }
        return h;
    }

    private static String abbreviate(String s) {
        String t = s.length() > 100 ? s.substring(0, 100) + "…" : s;
        return t.replaceAll("[\\p{Cntrl}]", "?");
    }
}

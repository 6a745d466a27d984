package io.dualaccess.spring;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;

/**
 * For applications without Spring Security: a request to the {@code dualaccess} endpoint that
 * carries {@code Authorization: Bearer <dualaccess.admin.token>} is seen by Actuator as made by
 * the principal {@code dualaccess-admin-token}, which the endpoint's write operation requires.
 * Any other request passes unchanged (and so may only read). With no token configured nobody may
 * change the phase through the endpoint.
 */
final class AdminTokenFilter implements Filter {

    /** The principal a request with the right token gets. */
    static final String PRINCIPAL = "dualaccess-admin-token";

    private final byte[] token;

    /** @param token the admin token, or null: no request is authenticated */
    AdminTokenFilter(String token) {
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (token != null && request instanceof HttpServletRequest http && http.getUserPrincipal() == null && matches(http)) {
            chain.doFilter(new HttpServletRequestWrapper(http) {
                @Override
                public Principal getUserPrincipal() {
                    return () -> PRINCIPAL;
                }
            }, response);
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean matches(HttpServletRequest http) {
        String h = http.getHeader("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        // constant time: the comparison must not tell how much of a guess was right
        return MessageDigest.isEqual(token, h.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }
}

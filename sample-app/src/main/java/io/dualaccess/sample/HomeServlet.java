package io.dualaccess.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /}: a page listing the API; {@code /health}: whether the database answers; anything else 404. */
final class HomeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final String PAGE = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>dualaccess sample shop</title>
        <style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;line-height:1.5}
        code{background:#f3f3f3;padding:0 .2rem}</style></head>
        <body><h1>Sample shop</h1>
        <p>A small shop on plain JDBC and HikariCP whose pool URL is <code>jdbc:dualaccess:…</code>.
        Every read and write below passes through dualaccess.</p>
        <ul>
        <li><a href="products">GET /products</a>, <a href="products/1">GET /products/{id}</a>, POST /products/{id}/restock?quantity=</li>
        <li><a href="customers">GET /customers?offset=&amp;limit=</a>, POST /customers (name, email),
            <a href="customers/1">GET /customers/{id}</a>, <a href="customers/1/orders">GET /customers/{id}/orders</a></li>
        <li>POST /orders (customer, items=productId:quantity,…), <a href="orders/1">GET /orders/{id}</a>, POST /orders/{id}/cancel</li>
        <li><a href="reports/top-products">GET /reports/top-products?limit=</a>,
            <a href="reports/revenue-per-day">GET /reports/revenue-per-day?days=</a></li>
        <li><a href="health">GET /health</a></li>
        </ul></body></html>
        """;

    private final transient Shop shop;

    HomeServlet(Shop shop) {
        this.shop = shop;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        if (path.equals("/") || path.isEmpty()) {
            byte[] bytes = PAGE.getBytes(StandardCharsets.UTF_8);
            resp.setContentType("text/html;charset=utf-8");
            resp.setContentLength(bytes.length);
            resp.getOutputStream().write(bytes);
        } else if (path.equals("/health")) {
            boolean up = shop.healthy();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", up ? "up" : "down");
            ShopServlet.send(resp, up ? 200 : 503, body);
        } else {
            ShopServlet.send(resp, 404, ShopServlet.error("no such page: " + req.getRequestURI()));
        }
    }
}

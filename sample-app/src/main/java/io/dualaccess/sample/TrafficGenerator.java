package io.dualaccess.sample;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives every endpoint of the sample shop over HTTP with N threads at a total rate, the way
 * shoppers would: browsing, reading order histories, placing and cancelling orders, registering,
 * restocking, running reports. Stops by itself after its duration, or when {@link #close()}d.
 */
public final class TrafficGenerator implements AutoCloseable {

    /**
     * @param base the shop's URL, ending in {@code /}
     * @param threads concurrent shoppers
     * @param rate requests per second over all threads; 0 for as fast as the shop answers
     * @param duration how long to run; null until closed
     * @param seed the random seed (runs with the same seed make the same choices)
     */
    public record Options(URI base, int threads, double rate, Duration duration, long seed) {
        /** Validates. */
        public Options {
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException("threads must be from 1 to 256, was " + threads);
            }
            if (rate < 0) {
                throw new IllegalArgumentException("rate must be 0 (unlimited) or positive, was " + rate);
            }
        }
    }

    /** What the shopper does, and how often relative to the others. */
    enum Action {
        BROWSE(20), PRODUCT(15), CUSTOMER(8), HISTORY(15), PLACE_ORDER(18), ORDER(8), CANCEL(3), RESTOCK(3),
        REGISTER(3), TOP_PRODUCTS(4), REVENUE(3);

        final int weight;

        Action(int weight) {
            this.weight = weight;
        }
    }

    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    private final Options options;
    private final HttpClient client;
    private final List<Long> products = new CopyOnWriteArrayList<>();
    private final List<Long> customers = new CopyOnWriteArrayList<>();
    private final List<Long> orders = new CopyOnWriteArrayList<>();
    private final Map<String, LongAdder[]> stats = new ConcurrentHashMap<>();
    private final AtomicLong requestIds = new AtomicLong();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean stopped;
    private long deadlineNanos;

    /** Creates a generator; {@link #start()} begins the traffic. */
    public TrafficGenerator(Options options) {
        this.options = options;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Learns the product and customer ids from the shop, then starts the threads. */
    public void start() throws IOException, InterruptedException {
        collectIds(get("products").body(), products);
        collectIds(get("customers?limit=1000").body(), customers);
        if (products.isEmpty() || customers.isEmpty()) {
            throw new IOException("the shop at " + options.base() + " lists no products or no customers");
        }
        deadlineNanos = options.duration() == null ? Long.MAX_VALUE : System.nanoTime() + options.duration().toNanos();
        for (int i = 0; i < options.threads(); i++) {
            int worker = i;
            Thread t = new Thread(() -> run(worker), "traffic-" + (i + 1));
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    private void run(int worker) {
        SplittableRandom random = new SplittableRandom(options.seed() + worker);
        long intervalNanos = options.rate() == 0 ? 0 : (long) (1e9 * options.threads() / options.rate());
        long next = System.nanoTime() + (intervalNanos == 0 ? 0 : random.nextLong(intervalNanos));
        int total = 0;
        for (Action a : Action.values()) {
            total += a.weight;
        }
        while (!stopped && System.nanoTime() < deadlineNanos) {
            if (intervalNanos > 0) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                next += intervalNanos;
            }
            int pick = random.nextInt(total);
            Action action = Action.BROWSE;
            for (Action a : Action.values()) {
                if (pick < a.weight) {
                    action = a;
                    break;
                }
                pick -= a.weight;
            }
            try {
                perform(action, random);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void perform(Action action, SplittableRandom random) throws InterruptedException {
        String label = action.name().toLowerCase().replace('_', '-');
        try {
            HttpResponse<String> r = switch (action) {
                case BROWSE -> get("products");
                case PRODUCT -> get("products/" + pick(products, random));
                case CUSTOMER -> get("customers/" + pick(customers, random));
                case HISTORY -> get("customers/" + pick(customers, random) + "/orders?limit=5");
                case PLACE_ORDER -> placeOrder(random);
                case ORDER -> orders.isEmpty() ? get("orders/1") : get("orders/" + pick(orders, random));
                case CANCEL -> orders.isEmpty() ? get("orders/1") : post("orders/" + pick(orders, random) + "/cancel", "");
                case RESTOCK -> post("products/" + pick(products, random) + "/restock", "quantity=" + (10 + random.nextInt(40)));
                case REGISTER -> register();
                case TOP_PRODUCTS -> get("reports/top-products?limit=5");
                case REVENUE -> get("reports/revenue-per-day?days=14");
            };
            record(label, r.statusCode());
        } catch (IOException e) {
            record(label, -1);
        }
    }

    private HttpResponse<String> placeOrder(SplittableRandom random) throws IOException, InterruptedException {
        int lines = 1 + random.nextInt(3);
        List<Long> chosen = new ArrayList<>();
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            long p = pick(products, random);
            if (chosen.contains(p)) {
                continue;
            }
            chosen.add(p);
            items.append(items.length() == 0 ? "" : ",").append(p).append(':').append(1 + random.nextInt(3));
        }
        HttpResponse<String> r = post("orders", "customer=" + pick(customers, random) + "&items="
            + URLEncoder.encode(items.toString(), StandardCharsets.UTF_8));
        if (r.statusCode() == 201) {
            collectFirstId(r.body(), orders);
        }
        return r;
    }

    private HttpResponse<String> register() throws IOException, InterruptedException {
        long n = requestIds.incrementAndGet();
        String email = "shopper-" + options.seed() + "-" + n + "-" + System.nanoTime() + "@example.com";
        HttpResponse<String> r = post("customers", "name=" + URLEncoder.encode("Shopper " + n, StandardCharsets.UTF_8)
            + "&email=" + URLEncoder.encode(email, StandardCharsets.UTF_8));
        if (r.statusCode() == 201) {
            collectFirstId(r.body(), customers);
        }
        return r;
    }

    private static long pick(List<Long> ids, SplittableRandom random) {
        return ids.get(random.nextInt(ids.size()));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String form) throws IOException, InterruptedException {
        return client.send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(options.base().resolve(path)).timeout(Duration.ofSeconds(30))
            .header("X-Request-Id", "traffic-" + options.seed() + "-" + requestIds.incrementAndGet());
    }

    private static void collectIds(String json, List<Long> into) {
        Matcher m = ID.matcher(json);
        while (m.find()) {
            into.add(Long.parseLong(m.group(1)));
        }
    }

    private static void collectFirstId(String json, List<Long> into) {
        Matcher m = ID.matcher(json);
        if (m.find()) {
            into.add(Long.parseLong(m.group(1)));
        }
    }

    private void record(String label, int status) {
        // [0] 2xx, [1] 4xx (refusals such as out of stock are normal shop answers), [2] 5xx or no answer
        LongAdder[] counts = stats.computeIfAbsent(label, k -> new LongAdder[] {new LongAdder(), new LongAdder(), new LongAdder()});
        counts[status >= 200 && status < 300 ? 0 : status >= 400 && status < 500 ? 1 : 2].increment();
    }

    /** Per action ({@code place-order}, …): answered 2xx, 4xx, and failed (5xx or no answer). */
    public Map<String, long[]> counts() {
        Map<String, long[]> out = new TreeMap<>();
        for (Map.Entry<String, LongAdder[]> e : stats.entrySet()) {
            out.put(e.getKey(), new long[] {e.getValue()[0].sum(), e.getValue()[1].sum(), e.getValue()[2].sum()});
        }
        return out;
    }

    /** Requests made so far. */
    public long requests() {
        long n = 0;
        for (LongAdder[] c : stats.values()) {
            n += c[0].sum() + c[1].sum() + c[2].sum();
        }
        return n;
    }

    /** Requests answered with a server error or not answered at all. */
    public long failures() {
        long n = 0;
        for (LongAdder[] c : stats.values()) {
            n += c[2].sum();
        }
        return n;
    }

    /** One line per action: {@code place-order 120 ok, 3 refused, 0 failed}. */
    public String summary() {
        StringBuilder out = new StringBuilder();
        Map<String, LongAdder[]> sorted = new TreeMap<>(stats);
        for (Map.Entry<String, LongAdder[]> e : sorted.entrySet()) {
            out.append(String.format("  %-13s %6d ok %5d refused %5d failed%n", e.getKey(), e.getValue()[0].sum(),
                e.getValue()[1].sum(), e.getValue()[2].sum()));
        }
        return out.toString();
    }

    /** Waits until the duration is over (returns at once when running until closed). */
    public void awaitDone() throws InterruptedException {
        for (Thread t : workers) {
            t.join();
        }
    }

    /** Stops the threads. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        for (Thread t : workers) {
            t.interrupt();
        }
        for (Thread t : workers) {
            t.join(5000);
        }
    }

    /** {@code traffic [--url U] [--threads N] [--rate R] [--duration S] [--seed N]}. */
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Args.parse(args, Map.of("--url", "http://localhost:8080/", "--threads", "4",
            "--rate", "20", "--duration", "0", "--seed", "1"),
            "usage: traffic [--url http://localhost:8080/] [--threads 4] [--rate 20 (requests/s, 0 = unlimited)]"
                + " [--duration 60 (seconds, 0 = until Ctrl-C)] [--seed 1]");
        String url = opts.get("--url");
        long seconds = Long.parseLong(opts.get("--duration"));
        Options o = new Options(URI.create(url.endsWith("/") ? url : url + "/"), Integer.parseInt(opts.get("--threads")),
            Double.parseDouble(opts.get("--rate")), seconds == 0 ? null : Duration.ofSeconds(seconds),
            Long.parseLong(opts.get("--seed")));
        TrafficGenerator g = new TrafficGenerator(o);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                g.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.printf("traffic: %d requests, %d failed%n%s", g.requests(), g.failures(), g.summary());
        }, "traffic-shutdown"));
        g.start();
        System.out.printf("traffic: %d threads, %s requests/s against %s%n", o.threads(),
            o.rate() == 0 ? "unlimited" : o.rate(), o.base());
        g.awaitDone();
    }
}

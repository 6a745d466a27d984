package io.dualaccess.sample;

import java.time.Clock;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code java -jar sample-app-…-all.jar [serve | traffic … | demo …]}: the shop alone (settings
 * from {@code sample.*} system properties and {@code SAMPLE_*} variables), the traffic generator,
 * or the whole demo.
 */
public final class Main {

    private Main() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "serve" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "serve" -> {
                SampleApp app = SampleApp.start(SampleConfig.fromEnvironment(Map.of()), Clock.systemUTC());
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        app.close();
                    } catch (Exception e) {
                        // The JVM is exiting; nothing more to do with it.
                    }
                }, "shop-shutdown"));
                app.join();
            }
            case "traffic" -> TrafficGenerator.main(rest);
            case "demo" -> Demo.main(rest);
            case "-h", "--help", "help" -> System.out.println("usage: java -jar sample-app-all.jar [serve | traffic --help | demo --help]");
            default -> {
                System.err.println("unknown command '" + command + "'; expected serve, traffic or demo");
                System.exit(2);
            }
        }
    }
}

package dev.cubeshop.bench;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Entry point of the benchmark tools that bench/run calls: {@code checkout} drives completed checkouts through the
 * gateway and prints JSON, {@code report} turns a run's results.json into Markdown and SVG charts.
 */
public final class Bench {

    private Bench() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "checkout" -> {
                boolean ok = CheckoutLoad.run(Options.parse(rest));
                System.exit(ok ? 0 : 1);
            }
            case "report" -> {
                Options options = Options.parse(rest);
                Report.write(Path.of(options.require("results")), Path.of(options.require("out")),
                        options.string("charts-link", "charts"));
            }
            default -> {
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.err.println("""
                usage: java -jar cubeshop-bench.jar checkout --gateway URL[,URL…] [--concurrency 8] [--duration 30]
                            [--warmup 5] [--lines 1] [--products 50] [--label x1] [--pids FILE] [--out FILE]
                       java -jar cubeshop-bench.jar report --results results.json --out DIR [--charts-link charts]""");
    }
}

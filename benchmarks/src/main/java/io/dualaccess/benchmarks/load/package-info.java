/**
 * The load run against real PostgreSQL servers: a plain harness (HdrHistogram, not JMH) that runs
 * a mixed OLTP workload on several threads through HikariCP, raw and through dualaccess in each
 * phase, makes B sick behind a TCP relay, and reports throughput and application latency as ratios
 * to the raw driver and to the healthy-B run. Entry point: {@link io.dualaccess.benchmarks.load.LoadRun}.
 */
package io.dualaccess.benchmarks.load;

/**
 * The macro benchmark: a TPC-C-like mix (new-order, payment, order-status, stock-level) against
 * PostgreSQL, direct and through dualaccess in {@code off}, {@code dual-write} and {@code shadow},
 * with B on a PostgreSQL server of its own so its work is measured apart from the client's. Run it
 * with {@code benchmarks/tpcc.sh}; see {@code docs/performance.md}.
 */
package io.dualaccess.benchmarks.tpcc;

/**
 * Comparing the results of one read on two databases (shadow reads).
 *
 * <p>As the application advances the authoritative {@code ResultSet}, each row is normalised
 * ({@link io.dualaccess.compare.ValueNormalizer}, per the {@link io.dualaccess.compare.NormalizationRules}
 * in force) and folded into a {@link io.dualaccess.compare.RowDigest}: the row count, an
 * order-sensitive hash, an order-insensitive (multiset) hash, and the first N rows kept for the
 * diff. There is no second pass and no copy of the result, so memory is bounded whatever the result
 * size. The shadow side is digested the same way; {@link io.dualaccess.compare.DigestComparison}
 * compares the two immutable {@link io.dualaccess.compare.ResultDigest} snapshots and says, in a
 * {@link io.dualaccess.compare.ComparisonResult}, whether they match and, if not, where they differ.
 */
package io.dualaccess.compare;

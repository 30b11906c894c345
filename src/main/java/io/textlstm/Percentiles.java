package io.textlstm;

/**
 * The one percentile of the project: nearest rank, the smallest value with at least {@code q·n} of the
 * {@code n} values at or below it (so p50 of an even count is the lower median). Used for token lengths in
 * the data report and step times in training; in the root package so that every step of the flow can call it.
 */
public final class Percentiles {
    private Percentiles() {}

    /** Index of the {@code q}-quantile (0 ≤ q ≤ 1) in {@code n} sorted values; {@code n} must be positive. */
    public static int nearestRankIndex(int n, double q) {
        if (n < 1) {
            throw new IllegalArgumentException("no values, n = " + n);
        }
        int rank = (int) Math.ceil(q * n);
        return Math.max(0, Math.min(n - 1, rank - 1));
    }

    /** The {@code q}-quantile of ascending {@code sorted} values; 0 when there are none. */
    public static int nearestRank(int[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[nearestRankIndex(sorted.length, q)];
    }

    /** The {@code q}-quantile of ascending {@code sorted} values; NaN when there are none. */
    public static double nearestRank(double[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[nearestRankIndex(sorted.length, q)];
    }
}

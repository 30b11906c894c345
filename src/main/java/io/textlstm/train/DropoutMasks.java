package io.textlstm.train;

import java.util.SplittableRandom;

/**
 * Keras LSTM dropout masks: per sample, one mask over the input features and one over the recurrent
 * state, each entry 0 with probability p and 1/(1-p) otherwise, reused at every time step.
 *
 * <p>Drawn in Java from a generator keyed by (seed, epoch, step), so a resumed run draws the same masks.
 */
public final class DropoutMasks {
    private DropoutMasks() {}

    /** A mask of {@code rows * width} entries for drop rate {@code p}; all ones when p is 0. */
    public static float[] sample(SplittableRandom random, int rows, int width, float p) {
        float[] mask = new float[rows * width];
        if (p == 0f) {
            java.util.Arrays.fill(mask, 1f);
            return mask;
        }
        float keep = 1f / (1f - p);
        for (int i = 0; i < mask.length; i++) {
            mask[i] = random.nextFloat() < p ? 0f : keep;
        }
        return mask;
    }

    /** The generator for one step of one epoch. */
    public static SplittableRandom forStep(long seed, int epoch, int step) {
        return new SplittableRandom(mix(mix(seed * 0x9E3779B97F4A7C15L + epoch) + step));
    }

    /** SplitMix64's finalizer: spreads nearby keys over the whole seed space. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

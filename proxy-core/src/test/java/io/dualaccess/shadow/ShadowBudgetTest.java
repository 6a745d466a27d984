package io.dualaccess.shadow;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The share of reads sampled follows {@code dualaccess.shadow.budget}: workers using more CPU than
 * the budget lower it in proportion, using less raise it (at most doubling per step) back to the
 * configured sample rate; it never drops to nothing, so a starved path still compares now and then.
 */
class ShadowBudgetTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aWorkerOverTheBudgetLowersTheShareInProportionAndAQuietOneRaisesItBack() {
        ShadowBudget b = new ShadowBudget(0.5, 1.0, 0);
        assertThat(b.share()).isEqualTo(1.0);
        assertThat(b.sampled()).isTrue();
        // Two cores' worth of replay CPU in one second against half a core: a quarter of the reads from now on.
        b.charge(2 * SECOND);
        b.adjust(SECOND);
        assertThat(b.share()).isCloseTo(0.25, within(1e-9));
        // At that share the workers use exactly the budget: it stays.
        b.charge(SECOND / 2);
        b.adjust(2 * SECOND);
        assertThat(b.share()).isCloseTo(0.25, within(1e-9));
        // Idle: the share doubles per step, never above the configured sample rate.
        b.adjust(3 * SECOND);
        assertThat(b.share()).isCloseTo(0.5, within(1e-9));
        b.adjust(4 * SECOND);
        b.adjust(5 * SECOND);
        assertThat(b.share()).isEqualTo(1.0);
    }

    @Test
    void theShareNeverExceedsTheSampleRateNorFallsToNothing() {
        assertThat(ShadowBudget.next(0.1, 0.0, 1.0, 0.1)).isEqualTo(0.1);
        assertThat(ShadowBudget.next(0.001, 1000.0, 0.01, 1.0)).isEqualTo(ShadowBudget.MIN_SHARE);
        assertThat(ShadowBudget.next(1.0, 0.0, 1.0, 0.0)).as("sample-rate 0: nothing sampled").isZero();
        ShadowBudget off = new ShadowBudget(1, 0, 0);
        assertThat(off.sampled()).isFalse();
    }

    @Test
    void aShareBelowOneSamplesAboutThatShare() {
        ShadowBudget b = new ShadowBudget(0.5, 1.0, 0);
        b.charge(4 * SECOND);
        b.adjust(SECOND);
        int sampled = 0;
        for (int i = 0; i < 100_000; i++) {
            if (b.sampled()) {
                sampled++;
            }
        }
        assertThat(sampled).isBetween(11_000, 14_000);
    }
}

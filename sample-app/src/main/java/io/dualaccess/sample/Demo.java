package io.dualaccess.sample;

/** Placeholder until the demo lands in this branch. */
final class Demo {
    private Demo() {
    }

    static void main(String[] args) {
        throw new UnsupportedOperationException("demo not yet");
    }
}

package io.dualaccess.benchmarks;

/** This build of dualaccess refuses the phase a benchmark mode needs (its machinery has not landed yet). */
public final class ModeNotAvailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    ModeNotAvailableException(Mode mode, Throwable refusal) {
        super("benchmark mode '" + mode.spelling() + "' is not available yet: this build of dualaccess refuses phase '"
            + mode.phase() + "' (" + refusal.getMessage() + "). Run the other modes, e.g. -p mode="
            + Mode.RAW.spelling() + "," + Mode.DUALACCESS_OFF.spelling(), refusal);
    }
}

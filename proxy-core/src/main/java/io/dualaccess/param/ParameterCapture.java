package io.dualaccess.param;

/**
 * Receives the parameter setter calls of a prepared statement, so the statement can be replayed
 * on the other side. {@link #NONE} keeps the pass-through free of any recording.
 */
public interface ParameterCapture {

    /** Records nothing: phases that never replay a statement. */
    ParameterCapture NONE = new ParameterCapture() {
        @Override
        public void set(int index, Setter setter, Object a, Object b, Object c) {
        }

        @Override
        public void clear() {
        }
    };

    /** A setter call: parameter index, which setter, and its arguments after the index (unused ones null). */
    void set(int index, Setter setter, Object a, Object b, Object c);

    /** {@code clearParameters()}. */
    void clear();
}

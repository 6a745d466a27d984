package io.dualaccess.compare;

/**
 * A large value as compared under {@code lobs-hash}: the SHA-256 of its content, so a kept row
 * stays small and a LOB is never held in memory. Text is hashed as UTF-8 (after {@code char-trim}),
 * so a CLOB and a string with the same characters have the same hash; text and binary values never
 * compare equal.
 *
 * @param text whether the value was text (else binary)
 * @param length characters (text, after trimming) or bytes (binary)
 * @param sha256 the SHA-256 of the content, lower-case hex
 */
public record ContentHash(boolean text, long length, String sha256) {

    @Override
    public String toString() {
        return "sha256:" + sha256 + " (" + length + (text ? " chars)" : " bytes)");
    }
}

package io.textlstm;

/**
 * Input the user can fix: a missing or malformed file, a bad option value, an unusable model folder.
 *
 * <p>The message must name the file, line, record or field and say what was expected; the CLI prints it
 * without a stack trace and exits with code 2.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}

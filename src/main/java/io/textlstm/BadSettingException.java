package io.textlstm;

/**
 * Bad input in one setting the caller chose (a test fraction, a SavedModel version, a data path), named by its
 * Java name ({@code "testFraction"}, the name of the builder or option method). The message says what is wrong in
 * plain words; a front end adds how the user spells the setting (the CLI: {@code --test-fraction}).
 */
public class BadSettingException extends BadInputException {
    private final String setting;

    public BadSettingException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    public BadSettingException(String setting, String message, Throwable cause) {
        super(message, cause);
        this.setting = setting;
    }

    /** The Java name of the setting, e.g. {@code "testFraction"}. */
    public String setting() {
        return setting;
    }
}

package io.textlstm.cli;

import java.util.Arrays;
import picocli.CommandLine;

/**
 * Reads a choice in any case (config.json stores it in lower case, as {@code toString} writes it); a bad value is
 * refused naming the choices as the user types them (picocli makes that exit code 2, docs/cli.md).
 */
abstract class ChoiceConverter<E extends Enum<E>> implements CommandLine.ITypeConverter<E> {
    private final Class<E> type;

    ChoiceConverter(Class<E> type) {
        this.type = type;
    }

    @Override
    public E convert(String value) {
        for (E choice : type.getEnumConstants()) {
            if (choice.name().equalsIgnoreCase(value)) {
                return choice;
            }
        }
        throw new CommandLine.TypeConversionException("expected one of " + Arrays.toString(type.getEnumConstants())
                + " (in any case) but was '" + value + "'");
    }
}

package io.textlstm.serve.core;

import io.textlstm.BadInputException;
import io.textlstm.export.ExportLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;

/**
 * The signature defs of one version, read from its {@code saved_model.pb}: what requests are checked against and
 * what the metadata APIs show (each front end renders them in its own wire format).
 */
public final class ModelSignatures {

    private final Map<String, SignatureDef> signatures;

    private ModelSignatures(Map<String, SignatureDef> signatures) {
        this.signatures = Collections.unmodifiableMap(new TreeMap<>(signatures));
    }

    /** Reads the {@code serve}-tagged meta graph's signatures of the version folder {@code dir}. */
    public static ModelSignatures read(Path dir) {
        Path pb = dir.resolve(ExportLayout.SAVED_MODEL_PB);
        SavedModel sm;
        try {
            sm = SavedModel.parseFrom(Files.readAllBytes(pb));
        } catch (IOException e) {
            throw new BadInputException(pb + " is not a readable SavedModel: " + e.getMessage(), e);
        }
        for (MetaGraphDef mg : sm.getMetaGraphsList()) {
            if (mg.getMetaInfoDef().getTagsList().contains(ExportLayout.TAG)) {
                return new ModelSignatures(mg.getSignatureDefMap());
            }
        }
        throw new BadInputException(pb + " has no meta graph tagged '" + ExportLayout.TAG + "'");
    }

    /** The signature, or null. */
    public SignatureDef get(String name) {
        return signatures.get(name);
    }

    /** Every signature by name, sorted by name (TF Serving's {@code SignatureDefMap}). */
    public Map<String, SignatureDef> all() {
        return signatures;
    }
}

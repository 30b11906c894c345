package io.textlstm.model;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The six weight tensors as graph operands (variable reads), which both the training and the inference
 * graph consume.
 */
public record NetworkParameters(
        Operand<TFloat32> embedding,
        Operand<TFloat32> kernel,
        Operand<TFloat32> recurrentKernel,
        Operand<TFloat32> bias,
        Operand<TFloat32> denseKernel,
        Operand<TFloat32> denseBias) {}

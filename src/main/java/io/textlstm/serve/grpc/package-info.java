/**
 * TF Serving's gRPC API over the serving core ({@link io.textlstm.serve.core}): {@code tensorflow.serving.PredictionService}
 * (Predict, Classify, Regress, MultiInference, GetModelMetadata) and {@code tensorflow.serving.ModelService}
 * (GetModelStatus, HandleReloadConfigRequest), with TF Serving's messages (generated from {@code src/main/proto} into
 * {@code io.textlstm.serve.proto}) and status codes. {@link io.textlstm.serve.grpc.GrpcServer} is the entry point;
 * docs/serving.md, "gRPC API", is the contract.
 */
package io.textlstm.serve.grpc;

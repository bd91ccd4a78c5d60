/**
 * The whole generator as a pure function: model in, files out. `main.ts` writes them; the
 * up-to-date test compares them with what is committed.
 */
import { emitCoreOperations, emitDecoders, emitEncoders, emitTypes, emitValidators } from "./codec.js"
import { emitEndpoints, emitPartitions } from "./endpoints.js"
import { emitErrors } from "./errors.js"
import type { Model } from "./model.js"
import { emitOperations } from "./operations.js"
import { emitShapes } from "./shapes.js"

/** Generated files by path relative to the repository root. */
export const generate = (model: Model): Map<string, string> =>
  new Map([
    ["src/schema/shapes.ts", emitShapes(model)],
    ["src/errors/modeled.ts", emitErrors(model)],
    ["src/services/operations.ts", emitOperations(model)],
    ["packages/core/src/generated/types.ts", emitTypes(model)],
    ["packages/core/src/generated/validate.ts", emitValidators(model)],
    ["packages/core/src/generated/encode.ts", emitEncoders(model)],
    ["packages/core/src/generated/decode.ts", emitDecoders(model)],
    ["packages/core/src/generated/operations.ts", emitCoreOperations(model)],
    ["packages/core/src/generated/endpoints.ts", emitEndpoints(model)],
    ["packages/core/src/generated/partitions.ts", emitPartitions()],
  ])

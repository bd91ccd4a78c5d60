/**
 * The whole generator as a function of the model: model in, files out, formatted as the repository
 * formats code (Biome, `biome.json`). `main.ts` writes them; the up-to-date test compares them with
 * what is committed.
 */
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import {
  emitClientOperationModules,
  emitClientOperations,
  emitCoreOperations,
  emitDecoders,
  emitEncoders,
  emitEnums,
  emitTypes,
  emitValidators,
} from "./codec.js"
import { emitEndpoints, emitPartitions } from "./endpoints.js"
import { effect3Errors, effect4Errors, emitErrors } from "./errors.js"
import type { Model } from "./model.js"
import { emitOperations } from "./operations.js"
import { effect3Shapes, effect4Shapes, emitShapes } from "./shapes.js"

const root = fileURLToPath(new URL("..", import.meta.url))
const biome = fileURLToPath(new URL("../node_modules/@biomejs/biome/bin/biome", import.meta.url))

/**
 * `content` as the formatter writes the file at `path` (relative to the repository root). The
 * emitters write plain, correct code without caring for line widths; the formatter makes it
 * readable, so that a generated file reads like the rest of the repository.
 */
export const format = (path: string, content: string): string => {
  const result = spawnSync(process.execPath, [biome, "format", `--stdin-file-path=${path}`], {
    cwd: root,
    input: content,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  })
  if (result.status !== 0) throw new Error(`biome could not format ${path}:\n${result.stderr}`)
  return result.stdout
}

/** The folder of the client's per-operation codec modules: it holds nothing but generated files. */
export const CLIENT_OPERATIONS = "packages/core/src/generated/client"

/** Generated files by path relative to the repository root, formatted. */
export const generate = (model: Model): Map<string, string> =>
  new Map([...emit(model)].map(([path, content]) => [path, format(path, content)]))

const emit = (model: Model): Map<string, string> =>
  new Map([
    // The Effect 4 flavor: the root package.
    ["src/schema/Schemas.ts", emitShapes(model, effect4Shapes)],
    ["src/errors/modeled.ts", emitErrors(model, effect4Errors)],
    ["src/services/operations.ts", emitOperations(model)],
    // The Effect 3 flavor: @effect-codepipeline/effect3. Its operation table is the same text as the
    // root's: it names only modules both flavors have (`effect/Effect`, `effect/Stream`,
    // `./Operation.js`, `./internal/execute.js`, ...), each flavor's own.
    ["packages/effect3/src/schema/Schemas.ts", emitShapes(model, effect3Shapes)],
    ["packages/effect3/src/errors/modeled.ts", emitErrors(model, effect3Errors)],
    ["packages/effect3/src/services/operations.ts", emitOperations(model)],
    // The core, which neither flavor's Effect is in.
    ["packages/core/src/generated/types.ts", emitTypes(model)],
    ["packages/core/src/generated/enums.ts", emitEnums(model)],
    ["packages/core/src/generated/validateInputs.ts", emitValidators(model, "inputs")],
    ["packages/core/src/generated/validate.ts", emitValidators(model, "all")],
    ["packages/core/src/generated/encode.ts", emitEncoders(model)],
    ["packages/core/src/generated/decodeOutputs.ts", emitDecoders(model, "outputs")],
    ["packages/core/src/generated/decode.ts", emitDecoders(model, "all")],
    ["packages/core/src/generated/clientOperations.ts", emitClientOperations(model)],
    ...[...emitClientOperationModules(model)].map(([file, text]): [string, string] => [`${CLIENT_OPERATIONS}/${file}`, text]),
    ["packages/core/src/generated/operations.ts", emitCoreOperations(model)],
    ["packages/core/src/generated/endpoints.ts", emitEndpoints(model)],
    ["packages/core/src/generated/partitions.ts", emitPartitions()],
  ])

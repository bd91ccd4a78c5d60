/**
 * The shapes generator (codegen/shapes.ts) on a small synthetic model with the scalar types the
 * CodePipeline model lacks (blobs, longs, floats, doubles), and what each flavor's generated
 * schemas must do with them: the same cases for both flavors, each checked by its own suite
 * (test/codegen.shapes.test.ts, packages/effect3/test/codegen.shapes.test.ts).
 */
import * as fs from "node:fs"
import * as path from "node:path"
import type { Model, Shape } from "../../codegen/model.js"
import { emitShapes, type ShapesFlavor } from "../../codegen/shapes.js"

const NS = "test.synthetic#"

const shapes: Record<string, Shape> = {
  [`${NS}Payload`]: { type: "blob", traits: { "smithy.api#length": { min: 1, max: 4 } } },
  [`${NS}AnyBytes`]: { type: "blob" },
  [`${NS}Big`]: { type: "long", traits: { "smithy.api#range": { min: -10, max: 10 } } },
  [`${NS}Huge`]: { type: "long" },
  [`${NS}Ratio`]: { type: "float", traits: { "smithy.api#range": { min: 0, max: 1 } } },
  [`${NS}Weight`]: { type: "double" },
  [`${NS}Thing`]: {
    type: "structure",
    members: {
      payload: { target: `${NS}Payload`, traits: { "smithy.api#required": {} } },
      bytes: { target: `${NS}AnyBytes` },
      big: { target: `${NS}Big` },
      huge: { target: `${NS}Huge` },
      ratio: { target: `${NS}Ratio` },
      weight: { target: `${NS}Weight` },
    },
  },
}

export const model = { smithy: "2.0", shapes } as unknown as Model

/**
 * Writes the flavor's `shapes.ts` for the synthetic model to `file`, importing the builders and
 * `UnknownEnumValue` of the flavor's `schemaDir` (its `src/schema`).
 */
export const writeShapes = (flavor: ShapesFlavor, schemaDir: string, file: string): void => {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const to = (target: string) => JSON.stringify(`./${path.relative(path.dirname(file), path.join(schemaDir, target))}`)
  const text = emitShapes(model, flavor)
    .replaceAll('"./internal/builders.js"', to("internal/builders.js"))
    .replaceAll('"./UnknownEnumValue.js"', to("UnknownEnumValue.js"))
  fs.writeFileSync(file, text)
}

/** A value of `Thing` and its wire form, with every member set. */
export const thing = () => ({
  value: {
    payload: new Uint8Array([1, 2, 3]),
    bytes: new Uint8Array(300).fill(255),
    big: -10,
    huge: Number.MAX_SAFE_INTEGER,
    ratio: 0.25,
    weight: -1e300,
  },
  json: { payload: "AQID", bytes: "/".repeat(400), big: -10, huge: Number.MAX_SAFE_INTEGER, ratio: 0.25, weight: -1e300 },
})

/** Wire forms of `Thing` that decoding refuses, each with the member at fault. */
export const refusedOnTheWire: ReadonlyArray<readonly [title: string, json: Record<string, unknown>, member: string]> = [
  ["a blob shorter than its length (in bytes)", { payload: "" }, "payload"],
  ["a blob longer than its length (in bytes)", { payload: "AQIDBAU=" }, "payload"],
  ["a blob that is not base64", { payload: "%%%" }, "payload"],
  ["a long outside its range", { payload: "AQ==", big: 11 }, "big"],
  ["a long beyond 2^53, where a number is no longer exact", { payload: "AQ==", huge: 2 ** 53 }, "huge"],
  ["a long with a fraction", { payload: "AQ==", huge: 1.5 }, "huge"],
  ["a float outside its range", { payload: "AQ==", ratio: 1.5 }, "ratio"],
]

/** Values of `Thing` that encoding refuses, each with the member at fault. */
export const refusedInCode: ReadonlyArray<readonly [title: string, value: Record<string, unknown>, member: string]> = [
  ["a double that is NaN", { payload: new Uint8Array([1]), weight: Number.NaN }, "weight"],
  ["a double that is infinite", { payload: new Uint8Array([1]), weight: Number.POSITIVE_INFINITY }, "weight"],
  ["a blob given as a string", { payload: "AQ==" }, "payload"],
]

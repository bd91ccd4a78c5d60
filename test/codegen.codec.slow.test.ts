/**
 * The codec generator (codegen/codec.ts) on a small synthetic model that uses the constructs the
 * CodePipeline model lacks (blobs, longs, floats, doubles, lengths on blobs, lists and maps, ranges
 * on each numeric type): the generated code type-checks strictly and behaves as the codec's rules
 * say. And every construct it does not support makes it throw, naming the shape, rather than emit
 * something else.
 */
import fc from "fast-check"
import * as fs from "node:fs"
import * as path from "node:path"
import ts from "typescript"
import { beforeAll, describe, expect, it } from "vitest"
import {
  emitClientOperationModules,
  emitClientOperations,
  emitCoreOperations,
  emitDecoders,
  emitEncoders,
  emitTypes,
  emitValidators,
} from "../codegen/codec.js"
import type { Model, Shape } from "../codegen/model.js"

const NS = "test.synthetic#"
const out = path.join(import.meta.dirname, "../.codegen-check/codec-model")
const helpers = path.join(import.meta.dirname, "../packages/core/src/internal/codec.js")

const shapes: Record<string, Shape> = {
  [`${NS}Service`]: { type: "service", operations: [{ target: `${NS}PutThing` }] } as Shape,
  [`${NS}PutThing`]: { type: "operation", input: { target: `${NS}PutThingInput` }, output: { target: `${NS}PutThingOutput` } } as Shape,
  [`${NS}Name`]: { type: "string", traits: { "smithy.api#length": { min: 1, max: 5 }, "smithy.api#pattern": "^[a-z]+$" } },
  [`${NS}Payload`]: { type: "blob", traits: { "smithy.api#length": { min: 1, max: 4 } } },
  [`${NS}AnyBytes`]: { type: "blob" },
  [`${NS}Count`]: { type: "integer", traits: { "smithy.api#range": { min: -3, max: 3 } } },
  [`${NS}Big`]: { type: "long", traits: { "smithy.api#range": { min: -10, max: 10 } } },
  [`${NS}Ratio`]: { type: "float", traits: { "smithy.api#range": { min: 0, max: 1 } } },
  [`${NS}Weight`]: { type: "double", traits: { "smithy.api#range": { min: -1.5, max: 1.5 } } },
  [`${NS}When`]: { type: "timestamp" },
  [`${NS}Flag`]: { type: "boolean" },
  [`${NS}Names`]: { type: "list", member: { target: `${NS}Name` }, traits: { "smithy.api#length": { min: 1, max: 2 } } },
  [`${NS}Blobs`]: { type: "list", member: { target: `${NS}AnyBytes` } },
  [`${NS}Tags`]: {
    type: "map",
    key: { target: `${NS}Name` },
    value: { target: `${NS}Payload` },
    traits: { "smithy.api#length": { max: 2 } },
  },
  [`${NS}Thing`]: {
    type: "structure",
    members: {
      name: { target: `${NS}Name`, traits: { "smithy.api#required": {} } },
      payload: { target: `${NS}Payload` },
      count: { target: `${NS}Count` },
      big: { target: `${NS}Big` },
      ratio: { target: `${NS}Ratio` },
      weight: { target: `${NS}Weight` },
      when: { target: `${NS}When` },
      flag: { target: `${NS}Flag` },
      names: { target: `${NS}Names` },
      blobs: { target: `${NS}Blobs` },
      tags: { target: `${NS}Tags` },
    },
  },
  [`${NS}PutThingInput`]: { type: "structure", members: { thing: { target: `${NS}Thing`, traits: { "smithy.api#required": {} } } } },
  [`${NS}PutThingOutput`]: {
    type: "structure",
    members: { thing: { target: `${NS}Thing` }, bytes: { target: `${NS}AnyBytes`, traits: { "smithy.api#required": {} } } },
  },
}
const model = { smithy: "2.0", shapes } as unknown as Model

const generate = (m: Model): Record<string, string> => ({
  "types.ts": emitTypes(m),
  "validateInputs.ts": emitValidators(m, "inputs"),
  "validate.ts": emitValidators(m, "all"),
  "encode.ts": emitEncoders(m),
  "decodeOutputs.ts": emitDecoders(m, "outputs"),
  "decode.ts": emitDecoders(m, "all"),
  "clientOperations.ts": emitClientOperations(m),
  ...Object.fromEntries([...emitClientOperationModules(m)].map(([file, text]) => [`client/${file}`, text])),
  "operations.ts": emitCoreOperations(m),
})

type Codec = {
  V: Record<string, (v: unknown, s: unknown) => import("../packages/core/src/internal/codec.js").Issue | undefined>
  E: Record<string, (v: unknown, s: unknown) => any>
  D: Record<string, (v: unknown, o: unknown) => any>
  C: typeof import("../packages/core/src/internal/codec.js")
}
let codec: Codec
const s = () => codec.C.plainSecrets
const o = () => ({ secrets: codec.C.plainSecrets, strict: false })

beforeAll(async () => {
  fs.rmSync(out, { recursive: true, force: true })
  fs.mkdirSync(path.join(out, "generated"), { recursive: true })
  fs.mkdirSync(path.join(out, "internal"), { recursive: true })
  fs.writeFileSync(path.join(out, "internal/codec.ts"), `export * from ${JSON.stringify(helpers)}\n`)
  fs.writeFileSync(
    path.join(out, "internal/clientOperation.ts"),
    `export * from ${JSON.stringify(helpers.replace(/codec\.js$/, "clientOperation.js"))}\n`,
  )
  fs.mkdirSync(path.join(out, "generated/client"), { recursive: true })
  for (const [file, text] of Object.entries(generate(model))) fs.writeFileSync(path.join(out, "generated", file), text)
  const files = Object.keys(generate(model)).map((f) => path.join(out, "generated", f))
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    noImplicitOverride: true,
    skipLibCheck: true,
    allowImportingTsExtensions: false,
  })
  const diagnostics = ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n") + ` (${d.file?.fileName})`)
  expect(diagnostics).toEqual([])
  codec = {
    V: await import(path.join(out, "generated/validate.ts")),
    E: await import(path.join(out, "generated/encode.ts")),
    D: await import(path.join(out, "generated/decode.ts")),
    C: await import(helpers),
  }
}, 60_000)

const thing = { name: "abc", payload: new Uint8Array([0, 255, 7]), when: new Date(1_500_000_000_250), big: 9, ratio: 0.5, weight: -1.5 }

describe("blobs", () => {
  it("encode to base64 and decode back to the same bytes", () => {
    const wire = codec.E["Thing"]!(thing, s())
    expect(wire.payload).toBe("AP8H")
    expect(codec.D["Thing"]!(JSON.parse(JSON.stringify(wire)), o()).payload).toEqual(new Uint8Array([0, 255, 7]))
  })
  it("in lists decode from base64 too", () => {
    expect(codec.D["Thing"]!({ name: "a", blobs: ["AQ==", ""] }, o()).blobs).toEqual([new Uint8Array([1]), new Uint8Array([])])
  })
  it("that are not valid base64 fail to decode with a typed failure at their path", () => {
    let thrown: unknown
    try {
      codec.D["Thing"]!({ name: "a", payload: "not base64!" }, o())
    } catch (e) {
      thrown = e
    }
    expect(thrown).toBeInstanceOf(codec.C.DecodeFailure)
    expect((thrown as { path: Array<unknown> }).path).toEqual(["payload"])
  })
  it("missing but required decode to empty bytes", () => {
    expect(codec.D["PutThingOutput"]!({}, o()).bytes).toEqual(new Uint8Array([]))
  })
})

describe("timestamps", () => {
  it("encode as epoch seconds and decode from epoch seconds or ISO-8601", () => {
    expect(codec.E["Thing"]!(thing, s()).when).toBe(1_500_000_000.25)
    expect(codec.D["Thing"]!({ name: "a", when: 1_500_000_000.25 }, o()).when).toEqual(thing.when)
    expect(codec.D["Thing"]!({ name: "a", when: "2017-07-14T02:40:00.250Z" }, o()).when).toEqual(thing.when)
  })
})

describe("the validator", () => {
  const issueAt = (patch: Record<string, unknown>) => codec.V["Thing"]!({ ...thing, ...patch }, s())
  it("accepts a valid value", () => expect(codec.V["Thing"]!(thing, s())).toBeUndefined())
  it("describes a blob of the wrong length in bytes", () => {
    expect(codec.C.issueMessage(issueAt({ payload: new Uint8Array(5) })!)).toMatch(/at most 4 byte\(s\), got 5/)
  })
  it("describes a blob shorter than its length as AWS does", () => {
    expect(codec.C.awsIssueMessage(issueAt({ payload: new Uint8Array(0) })!)).toMatch(/greater than or equal to 1/)
  })
  it.each([
    ["a blob shorter than its length", { payload: new Uint8Array([]) }, "payload"],
    ["a blob longer than its length", { payload: new Uint8Array(5) }, "payload"],
    ["a blob that is not bytes", { payload: "AP8H" }, "payload"],
    ["a list shorter than its length", { names: [] }, "names"],
    ["a list longer than its length", { names: ["a", "b", "c"] }, "names"],
    ["a map with more entries than its length", { tags: { a: new Uint8Array(1), b: new Uint8Array(1), c: new Uint8Array(1) } }, "tags"],
    ["a map value that breaks its blob length", { tags: { a: new Uint8Array(9) } }, "tags"],
    ["an integer out of its range", { count: 4 }, "count"],
    ["a long out of its range", { big: 11 }, "big"],
    ["a long that is not an integer", { big: 1.5 }, "big"],
    ["a float out of its range", { ratio: 1.01 }, "ratio"],
    ["a double out of its range", { weight: -1.6 }, "weight"],
    ["a double that is NaN", { weight: Number.NaN }, "weight"],
    ["a string breaking its pattern", { name: "ABC" }, "name"],
    ["a string longer than its length", { name: "abcdef" }, "name"],
    ["an invalid Date", { when: new Date(Number.NaN) }, "when"],
  ])("refuses %s", (_, patch, at) => {
    const issue = issueAt(patch)
    expect(issue).toBeDefined()
    expect(issue!.path[0]).toBe(at)
  })
})

describe("round trip", () => {
  const bytes = (max: number) => fc.uint8Array({ minLength: 1, maxLength: max })
  const name = fc.stringMatching(/^[a-z]{1,5}$/)
  const arbitrary = fc.record(
    {
      name,
      payload: bytes(4),
      count: fc.integer({ min: -3, max: 3 }),
      big: fc.integer({ min: -10, max: 10 }),
      ratio: fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x + 0),
      // JSON text has no -0, so the wire cannot carry the sign of zero.
      weight: fc.double({ min: -1.5, max: 1.5, noNaN: true }).map((x) => x + 0),
      when: fc.integer({ min: 0, max: 4_000_000_000_000 }).map((ms) => new Date(ms)),
      flag: fc.boolean(),
      names: fc.array(name, { minLength: 1, maxLength: 2 }),
      blobs: fc.array(fc.uint8Array({ maxLength: 8 })),
      tags: fc.dictionary(name, bytes(4), { maxKeys: 2 }),
    },
    { requiredKeys: ["name"] },
  )
  it("valid generated values survive encode → JSON → decode unchanged", () => {
    fc.assert(
      fc.property(arbitrary, (value) => {
        expect(codec.V["Thing"]!(value, s())).toBeUndefined()
        const decoded = codec.D["Thing"]!(JSON.parse(JSON.stringify(codec.E["Thing"]!(value, s()))), o())
        expect(decoded).toEqual(value)
      }),
    )
  })
})

describe("unsupported constructs", () => {
  const withShape = (id: string, shape: Shape, extra: Record<string, Shape> = {}): Model =>
    ({
      smithy: "2.0",
      shapes: {
        ...shapes,
        ...extra,
        [`${NS}${id}`]: shape,
        [`${NS}Holder`]: { type: "structure", members: { x: { target: `${NS}${id}` } } },
      },
    }) as unknown as Model
  it.each<[string, Shape, Record<string, Shape>?]>([
    ["bigInteger", { type: "bigInteger" }],
    ["bigDecimal", { type: "bigDecimal" }],
    ["byte", { type: "byte" }],
    ["short", { type: "short" }],
    ["document", { type: "document" }],
    ["union", { type: "union", members: { a: { target: `${NS}Name` } } }],
    ["intEnum", { type: "intEnum", members: { A: { target: "smithy.api#Unit", traits: { "smithy.api#enumValue": 1 } } } }],
    ["sparse list", { type: "list", member: { target: `${NS}Name` }, traits: { "smithy.api#sparse": {} } }],
    ["sparse map", { type: "map", key: { target: `${NS}Name` }, value: { target: `${NS}Name` }, traits: { "smithy.api#sparse": {} } }],
    ["@timestampFormat", { type: "timestamp", traits: { "smithy.api#timestampFormat": "date-time" } }],
    ["@jsonName", { type: "structure", members: { a: { target: `${NS}Name`, traits: { "smithy.api#jsonName": "A" } } } }],
    ["@default", { type: "structure", members: { a: { target: `${NS}Count`, traits: { "smithy.api#default": 2 } } } }],
    ["@default", { type: "integer", traits: { "smithy.api#default": 1 } }],
    ["recursive structure", { type: "structure", members: { self: { target: `${NS}Unsupported` } } }],
  ])("%s throws naming the shape and the construct", (construct, shape) => {
    const m = withShape("Unsupported", shape)
    expect(() => generate(m)).toThrow(/Unsupported/)
    expect(() => generate(m)).toThrow(new RegExp(construct.replace(/^@/, "").replace(/ (list|map|structure)$/, ""), "i"))
  })
})

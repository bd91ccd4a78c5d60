/**
 * Hostile input for the chaos tests (issue #13), without Effect: a valid pipeline and requests to
 * insert into, paths of their containers, JSON text with a value inserted anywhere, and the check
 * that nothing built from input has another prototype than `Object.prototype`. Shared with the
 * root's chaos tests of the Effect layer.
 */
import type { ActionCategory, CreateCustomActionTypeInput, PipelineDeclaration } from "@effect-codepipeline/core/Types"
import * as fc from "fast-check"
import { actionType, build, declarationOf, source, stage, webhook } from "./pipelines.js"

/** A V2 pipeline with a variable, of a source and a build of custom types (`customTypes`). */
export const declaration = (name: string): PipelineDeclaration =>
  declarationOf(
    name,
    [
      stage("Source", source(actionType("Source", "Mirror", "Custom"), { S3Bucket: "b", S3ObjectKey: "k" })),
      stage("Build", build(actionType("Build", "Compile", "Custom"), { ProjectName: "app" })),
    ],
    { pipelineType: "V2", variables: [{ name: "Env", defaultValue: "prod" }] },
  )

/**
 * The custom types the declaration's actions use: built-in providers refuse configuration keys they
 * do not take, and these take a `__proto__` key, so that such an entry can be kept.
 */
export const customTypes: ReadonlyArray<CreateCustomActionTypeInput> = [
  { category: "Source", provider: "Mirror", version: "1", keys: ["S3Bucket", "S3ObjectKey"], inputs: 0, outputs: 1 },
  { category: "Build", provider: "Compile", version: "1", keys: ["ProjectName"], inputs: 1, outputs: 0 },
].map((t) => ({
  category: t.category as ActionCategory,
  provider: t.provider,
  version: t.version,
  configurationProperties: [...t.keys, "__proto__"].map((name) => ({ name, required: false, key: false, secret: false })),
  inputArtifactDetails: { minimumCount: t.inputs, maximumCount: t.inputs },
  outputArtifactDetails: { minimumCount: t.outputs, maximumCount: t.outputs },
}))

/** Valid request bodies of a few operations, read and write. */
export const requests: ReadonlyArray<{ readonly operation: string; readonly body: () => unknown }> = [
  { operation: "GetPipeline", body: () => ({ name: "steady" }) },
  { operation: "ListPipelines", body: () => ({ maxResults: 10 }) },
  {
    operation: "CreatePipeline",
    body: () => ({ pipeline: declaration(`p${Math.random().toString(36).slice(2, 10)}`), tags: [{ key: "team", value: "core" }] }),
  },
  { operation: "UpdatePipeline", body: () => ({ pipeline: declaration("steady") }) },
  {
    operation: "TagResource",
    body: () => ({ resourceArn: "arn:aws:codepipeline:us-east-1:123456789012:steady", tags: [{ key: "k", value: "v" }] }),
  },
  {
    operation: "PutWebhook",
    body: () => ({ webhook: webhook("hook", "steady") }),
  },
]

export type Segment = string | number

/** Paths of every object and array in a JSON value, and their depth (the root is depth 1). */
export const containers = (value: unknown, path: Array<Segment> = []): Array<Array<Segment>> => {
  if (typeof value !== "object" || value === null) return []
  const here = [path]
  const entries: Array<[Segment, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value)
  return here.concat(...entries.map(([k, v]) => containers(v, [...path, k])))
}

export const at = (value: unknown, path: ReadonlyArray<Segment>): any => path.reduce<any>((v, k) => v[k], value)

/** JSON text of `value` with `insert` (JSON text) added to the container at `path`, as a member `name` or an item. */
export const insertText = (value: unknown, path: ReadonlyArray<Segment>, name: string, insert: string): string => {
  const marker = "@@inserted@@"
  const copy = JSON.parse(JSON.stringify(value))
  const target = at(copy, path)
  if (Array.isArray(target)) target.push(marker)
  else Object.defineProperty(target, name, { value: marker, enumerable: true, writable: true, configurable: true })
  return JSON.stringify(copy).replace(`"${marker}"`, insert)
}

export const nestedText = (depth: number, kind: "array" | "object", leaf: string) =>
  kind === "array" ? `${"[".repeat(depth)}${leaf}${"]".repeat(depth)}` : `${'{"x":'.repeat(depth)}${leaf}${"}".repeat(depth)}`

/**
 * Where in `value` an object has another prototype than `Object.prototype` (a Date, and what
 * `opaque` says, excepted), or `undefined`.
 */
export const foreignPrototype = (value: unknown, path = "input", opaque: (v: object) => boolean = () => false): string | undefined => {
  const stack: Array<[unknown, string]> = [[value, path]]
  while (stack.length > 0) {
    const [v, where] = stack.pop()!
    if (typeof v !== "object" || v === null || v instanceof Date || opaque(v)) continue
    if (!Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype) return where
    for (const key of Object.getOwnPropertyNames(v))
      if (!(Array.isArray(v) && key === "length")) stack.push([(v as any)[key], `${where}.${key}`])
  }
  return undefined
}
/** An object of `value` to put a `__proto__` key in: a third of the time a map (an action's configuration), where it must be kept. */
export const objectPath = (value: unknown, pick: number): ReadonlyArray<Segment> => {
  const objects = containers(value).filter((p) => !Array.isArray(at(value, p)))
  const maps = objects.filter((p) => p[p.length - 1] === "configuration")
  return pick % 3 === 0 && maps.length > 0 ? maps[Math.floor(pick / 3) % maps.length]! : objects[pick % objects.length]!
}

/** JSON text of the value a `__proto__` key is given. */
export const protoValue = fc.oneof(
  fc.string({ maxLength: 20 }).map((text) => JSON.stringify(text)),
  fc.constantFrom('"victim"', '{"name":"victim"}', '{"S3ObjectKey":5}', '{"polluted":true}', "[1,2]", "null", "7", '{"__proto__":{"x":1}}'),
)

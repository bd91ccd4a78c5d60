/**
 * Chaos for the emulator (issue #13): generated, not hand-picked, hostile input, wherever input
 * becomes objects. A chaotic client nests values at any depth up to the body limit anywhere in a
 * valid request, and puts `__proto__` keys anywhere in request bodies, in map members, in state
 * files and in state seeded through the controls. Every case must end in a normal answer or the
 * 400 AWS would give (never a 5xx, never a defect), no object built from input may have another
 * prototype than `Object.prototype`, and a `__proto__` map entry is kept as an entry.
 *
 * Run counts follow `VERIFY_RUNS` / `VERIFY_DEEP` like the other verification suites.
 */
import * as Fs from "node:fs/promises"
import * as Os from "node:os"
import * as Path from "node:path"
import { Cause, Effect, Exit, FastCheck as fc, Redacted } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { CodePipeline } from "../src/index.js"
import type * as S from "../src/schema/shapes.js"
import { statusOf } from "@effect-codepipeline/core/Emulator"
import { makeInMemory } from "../src/testing/internal/inMemory.js"
import { CodePipelineEmulator } from "../src/testing/index.js"
import { type Api, ApiError, raw, type Running, startEmulator } from "./support/emulator.js"
import { releaseScenario, restOfTheApi, restOptions, scenarioOptions } from "./support/emulatorScenario.js"
import * as V from "./support/verify.js"

const RUNS = V.runs(40, 400)

const declaration = (name: string): S.PipelineDeclaration => ({
  name,
  roleArn: "arn:aws:iam::123456789012:role/codepipeline",
  pipelineType: "V2",
  artifactStore: { type: "S3", location: "bucket" },
  variables: [{ name: "Env", defaultValue: "prod" }],
  stages: [
    {
      name: "Source",
      actions: [
        {
          name: "Source",
          actionTypeId: { category: "Source", owner: "Custom", provider: "Mirror", version: "1" },
          configuration: { S3Bucket: "b", S3ObjectKey: "k" },
          outputArtifacts: [{ name: "out" }],
        },
      ],
    },
    {
      name: "Build",
      actions: [
        {
          name: "Build",
          actionTypeId: { category: "Build", owner: "Custom", provider: "Compile", version: "1" },
          configuration: { ProjectName: "app" },
          inputArtifacts: [{ name: "out" }],
        },
      ],
    },
  ],
})

/**
 * The custom types the declaration's actions use: built-in providers refuse configuration keys they
 * do not take, and these take a `__proto__` key, so that such an entry can be kept.
 */
const customTypes: ReadonlyArray<S.CreateCustomActionTypeInput> = [
  { category: "Source", provider: "Mirror", version: "1", keys: ["S3Bucket", "S3ObjectKey"], inputs: 0, outputs: 1 },
  { category: "Build", provider: "Compile", version: "1", keys: ["ProjectName"], inputs: 1, outputs: 0 },
].map((t) => ({
  category: t.category as S.ActionCategory,
  provider: t.provider,
  version: t.version,
  configurationProperties: [...t.keys, "__proto__"].map((name) => ({ name, required: false, key: false, secret: false })),
  inputArtifactDetails: { minimumCount: t.inputs, maximumCount: t.inputs },
  outputArtifactDetails: { minimumCount: t.outputs, maximumCount: t.outputs },
}))

/** Valid request bodies of a few operations, read and write. */
const requests: ReadonlyArray<{ readonly operation: string; readonly body: () => unknown }> = [
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
    body: () => ({
      webhook: {
        name: "hook",
        targetPipeline: "steady",
        targetAction: "Source",
        filters: [{ jsonPath: "$.ref", matchEquals: "refs/heads/main" }],
        authentication: "GITHUB_HMAC",
        authenticationConfiguration: { SecretToken: "s3cr3t" },
      },
    }),
  },
]

type Segment = string | number

/** Paths of every object and array in a JSON value, and their depth (the root is depth 1). */
const containers = (value: unknown, path: Array<Segment> = []): Array<Array<Segment>> => {
  if (typeof value !== "object" || value === null) return []
  const here = [path]
  const entries: Array<[Segment, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value)
  return here.concat(...entries.map(([k, v]) => containers(v, [...path, k])))
}

const at = (value: unknown, path: ReadonlyArray<Segment>): any => path.reduce<any>((v, k) => v[k], value)

/** JSON text of `value` with `insert` (JSON text) added to the container at `path`, as a member `name` or an item. */
const insertText = (value: unknown, path: ReadonlyArray<Segment>, name: string, insert: string): string => {
  const marker = "@@inserted@@"
  const copy = JSON.parse(JSON.stringify(value))
  const target = at(copy, path)
  if (Array.isArray(target)) target.push(marker)
  else Object.defineProperty(target, name, { value: marker, enumerable: true, writable: true, configurable: true })
  return JSON.stringify(copy).replace(`"${marker}"`, insert)
}

const nestedText = (depth: number, kind: "array" | "object", leaf: string) =>
  kind === "array" ? `${"[".repeat(depth)}${leaf}${"]".repeat(depth)}` : `${'{"x":'.repeat(depth)}${leaf}${"}".repeat(depth)}`

/** Every object in `value` has `Object.prototype` as its prototype (or is a Date or a Redacted). */
const foreignPrototype = (value: unknown, path = "input"): string | undefined => {
  const stack: Array<[unknown, string]> = [[value, path]]
  while (stack.length > 0) {
    const [v, where] = stack.pop()!
    if (typeof v !== "object" || v === null || v instanceof Date || Redacted.isRedacted(v)) continue
    if (!Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype) return where
    for (const key of Object.getOwnPropertyNames(v))
      if (!(Array.isArray(v) && key === "length")) stack.push([(v as any)[key], `${where}.${key}`])
  }
  return undefined
}

const MAX_BODY = 64 * 1024

let run: Running
let emulator: CodePipelineEmulator.Service

beforeAll(async () => {
  run = await startEmulator({ maxBodySize: MAX_BODY, inMemory: { startOnCreate: false } })
  emulator = run.emulator
  for (const type of customTypes) expect((await send("CreateCustomActionType", JSON.stringify(type))).status).toBe(200)
  await Effect.runPromise(emulator.controls.seedPipeline(declaration("steady")))
})
afterAll(() => run.close())

const send = (operation: string, body: string) => raw(emulator, { target: `CodePipeline_20150709.${operation}`, body })

describe("nesting at any depth up to the body limit, anywhere in a valid request", () => {
  it("is answered normally or with a 400 (SerializationException past 100 levels), never a 5xx", async () => {
    let deep = 0
    await fc.assert(
      fc.asyncProperty(
        fc.nat(requests.length - 1),
        fc.nat(),
        fc.oneof(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: Math.floor((MAX_BODY - 2048) / 6) })),
        fc.constantFrom("array" as const, "object" as const),
        fc.constantFrom('"x"', "1", "null", "{}", "[]"),
        async (r, pick, depth, kind, leaf) => {
          const request = requests[r]!
          const body = request.body()
          const paths = containers(body)
          const path = paths[pick % paths.length]!
          const text = insertText(body, path, "nested", nestedText(depth, kind, leaf))
          const response = await send(request.operation, text)
          const context = `${request.operation} with ${depth} levels at ${path.join(".") || "the root"}: ${response.body.slice(0, 200)}`
          expect(response.status, context).toBeLessThan(500)
          // The inserted value's containers, below the container it is in (itself at depth path.length + 1).
          const total = path.length + 1 + (leaf === "{}" || leaf === "[]" ? depth + 1 : depth)
          if (total > 100) {
            deep++
            expect([response.status, response.json.__type], context).toEqual([400, "SerializationException"])
          }
        },
      ),
      { numRuns: RUNS, seed: V.SEED + 1301 },
    )
    expect(deep).toBeGreaterThan(0)
    expect(run.log.filter((e) => e.status >= 500)).toEqual([])
    expect((await send("GetPipeline", '{"name":"steady"}')).status).toBe(200)
  })
})

/** An object of `value` to put a `__proto__` key in: a third of the time a map (an action's configuration), where it must be kept. */
const objectPath = (value: unknown, pick: number): ReadonlyArray<Segment> => {
  const objects = containers(value).filter((p) => !Array.isArray(at(value, p)))
  const maps = objects.filter((p) => p[p.length - 1] === "configuration")
  return pick % 3 === 0 && maps.length > 0 ? maps[Math.floor(pick / 3) % maps.length]! : objects[pick % objects.length]!
}

/** JSON text of the value a `__proto__` key is given. */
const protoValue = fc.oneof(
  fc.string({ maxLength: 20 }).map((text) => JSON.stringify(text)),
  fc.constantFrom('"victim"', '{"name":"victim"}', '{"S3ObjectKey":5}', '{"polluted":true}', "[1,2]", "null", "7", '{"__proto__":{"x":1}}'),
)

describe("__proto__ keys anywhere in a request body", () => {
  it("never reach the in-memory CodePipeline as a prototype, and a string entry of a map is kept", async () => {
    let kept = 0
    await fc.assert(
      fc.asyncProperty(fc.nat(requests.length - 1), fc.nat(), protoValue, async (r, pick, value) => {
        const request = requests[r]!
        const body = request.body()
        const path = objectPath(body, pick)
        const json = value
        await Effect.runPromise(emulator.controls.clearCalls)
        const response = await send(request.operation, insertText(body, path, "__proto__", json))
        const context = `${request.operation} with __proto__: ${json} at ${path.join(".") || "the root"}: ${response.body.slice(0, 200)}`
        expect(response.status, context).toBeLessThan(500)
        const calls = await Effect.runPromise(emulator.controls.calls)
        for (const c of calls) expect(foreignPrototype(c.input), context).toBeUndefined()
        // A configuration entry named __proto__ holding a string is an entry like any other.
        if (request.operation === "CreatePipeline" && path[path.length - 1] === "configuration" && typeof JSON.parse(json) === "string") {
          expect(response.status, context).toBe(200)
          const configuration = at(response.json, path)
          expect(Object.getOwnPropertyDescriptor(configuration, "__proto__")?.value, context).toBe(JSON.parse(json))
          kept++
        }
      }),
      { numRuns: RUNS, seed: V.SEED + 1302 },
    )
    expect(kept).toBeGreaterThan(0)
  })
})

describe("__proto__ keys anywhere in a state file", () => {
  let dir: string
  beforeAll(async () => {
    dir = await Fs.mkdtemp(Path.join(Os.tmpdir(), "emulator-chaos-"))
  })
  afterAll(() => Fs.rm(dir, { recursive: true, force: true }))

  const envelope = {
    format: "effect-codepipeline-emulator-state",
    version: 1,
    state: {
      region: "us-east-1",
      accountId: "123456789012",
      pipelines: [
        {
          name: "steady",
          created: "2024-01-01T00:00:00.000Z",
          updated: "2024-01-01T00:00:00.000Z",
          versions: [{ ...declaration("steady"), version: 1 }],
          tags: [{ key: "team", value: "core" }],
        },
      ],
      customActionTypes: [],
      registeredActionTypes: [],
      webhooks: [],
    },
  }

  it("are refused as corrupt (naming the file) or loaded as entries, never as prototypes", async () => {
    let loaded = 0
    let kept = 0
    await fc.assert(
      fc.asyncProperty(fc.nat(), protoValue, async (pick, value) => {
        const path = objectPath(envelope, pick)
        const json = value
        const file = Path.join(dir, `state-${pick}.json`)
        await Fs.writeFile(file, insertText(envelope, path, "__proto__", json))
        const exit = await Effect.runPromiseExit(
          Effect.scoped(Effect.flatMap(CodePipelineEmulator.make({ state: file }), (e) => e.controls.exportState)),
        )
        const context = `__proto__: ${json} at ${path.join(".") || "the root"}`
        if (Exit.isFailure(exit)) {
          expect(Cause.isDie(exit.cause), `${context}: ${Cause.pretty(exit.cause)}`).toBe(false)
          const error = Cause.squash(exit.cause) as CodePipelineEmulator.EmulatorError
          expect(error.reason, context).toBe("State")
          expect(error.message, context).toContain(file)
          return
        }
        loaded++
        expect(foreignPrototype(exit.value), context).toBeUndefined()
        if (path[path.length - 1] === "configuration" && typeof JSON.parse(json) === "string") {
          const configuration = at({ state: exit.value }, path)
          expect(Object.getOwnPropertyDescriptor(configuration, "__proto__")?.value, context).toBe(JSON.parse(json))
          kept++
        }
      }),
      { numRuns: Math.min(RUNS, 60), seed: V.SEED + 1303 },
    )
    expect(loaded).toBeGreaterThan(0)
    expect(kept).toBeGreaterThan(0)
  })
})

describe("__proto__ keys anywhere in state seeded through the controls", () => {
  it("are refused with a typed error or kept as entries, never as prototypes", async () => {
    let kept = 0
    await fc.assert(
      fc.asyncProperty(fc.nat(), protoValue, async (pick, value) => {
        const seed = declaration("seeded")
        const path = objectPath(seed, pick)
        const json = value
        const hostile = JSON.parse(insertText(seed, path, "__proto__", json)) as S.PipelineDeclaration
        const context = `__proto__: ${json} at ${path.join(".") || "the root"}`
        const { controls, service } = makeInMemory({ startOnCreate: false }, Date.now())
        const exit = await Effect.runPromiseExit(
          Effect.gen(function* () {
            for (const type of customTypes) yield* service.execute(CodePipeline.operations.CreateCustomActionType, type)
            yield* controls.seedPipeline(hostile)
            const got = yield* service.execute(CodePipeline.operations.GetPipeline, { name: "seeded" })
            return { got, snapshot: yield* controls.exportState }
          }),
        )
        if (Exit.isFailure(exit)) {
          expect(Cause.isDie(exit.cause), `${context}: ${Cause.pretty(exit.cause)}`).toBe(false)
          return
        }
        expect(foreignPrototype(exit.value), context).toBeUndefined()
        if (path[path.length - 1] === "configuration" && typeof JSON.parse(json) === "string") {
          const configuration = at(exit.value.got.pipeline, path)
          expect(Object.getOwnPropertyDescriptor(configuration, "__proto__")?.value, context).toBe(JSON.parse(json))
          kept++
        }
        // And through a snapshot imported into another CodePipeline.
        const other = makeInMemory({ startOnCreate: false }, Date.now())
        const imported = await Effect.runPromiseExit(
          Effect.zipRight(other.controls.importState(exit.value.snapshot), other.controls.exportState),
        )
        expect(imported, context).toEqual(Exit.succeed(exit.value.snapshot))
        expect(foreignPrototype(Exit.isSuccess(imported) ? imported.value : undefined), context).toBeUndefined()
      }),
      { numRuns: RUNS, seed: V.SEED + 1304 },
    )
    expect(kept).toBeGreaterThan(0)
  })
})

// -----------------------------------------------------------------------------------------------

/** An `Api` straight over an in-memory CodePipeline that checks, call by call, that any change to the durable state moved the store's revision on. */
const revisionChecked = (options: CodePipelineEmulator.Options) => {
  const { service, controls, simulator } = makeInMemory(options.inMemory ?? {}, Date.now())
  const changes = { checked: 0, changed: 0 }
  const snapshot = () => JSON.stringify(Effect.runSync(controls.exportState))
  const api: Api = {
    name: "in-memory, revision checked",
    call: async (method, input) => {
      const operation = Object.values(CodePipeline.operations).find((o) => o.method === method)!
      const before = snapshot()
      const revision = simulator.revision
      const exit = await Effect.runPromiseExit(service.execute(operation as any, input))
      const after = snapshot()
      changes.checked++
      if (after !== before) {
        changes.changed++
        expect(simulator.revision, `${operation.name} changed the durable state without moving the revision on`).not.toBe(revision)
      }
      if (Exit.isSuccess(exit)) return (exit.value ?? {}) as any
      const e = Cause.squash(exit.cause) as { _tag: string; message: string }
      throw new ApiError(e._tag, e.message, statusOf(e._tag), crypto.randomUUID())
    },
    close: async () => undefined,
  }
  return { api, changes }
}

describe("the revision a save relies on", () => {
  it("moves on with every change to the durable state: the release scenario and the rest of the API, call by call", {
    timeout: 60_000,
  }, async () => {
    const release = revisionChecked(scenarioOptions)
    await releaseScenario(release.api)
    const rest = revisionChecked(restOptions)
    await restOfTheApi(rest.api)
    expect(release.changes.changed + rest.changes.changed).toBeGreaterThan(10)
  })
})

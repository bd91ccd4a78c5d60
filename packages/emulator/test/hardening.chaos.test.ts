/**
 * Chaos for the emulator (issue #13), without Effect: generated, not hand-picked, hostile input
 * wherever input becomes objects. A chaotic client nests values at any depth up to the body limit
 * anywhere in a valid request, and puts `__proto__` keys anywhere in request bodies, in map members
 * and in state files. Every case must end in a normal answer or the 400 AWS would give (never a
 * 5xx), no object built from input may have another prototype than `Object.prototype`, and a
 * `__proto__` map entry is kept as an entry.
 *
 * Run counts follow `VERIFY_RUNS` / `VERIFY_DEEP` and the seed `VERIFY_SEED`, like the root's
 * verification suites (`test/support/verify.ts`).
 */
import * as Fs from "node:fs/promises"
import * as Os from "node:os"
import * as Path from "node:path"
import * as fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Emulator, EmulatorError, type RequestLog, start } from "../src/Emulator.js"
import {
  at,
  containers,
  customTypes,
  declaration,
  foreignPrototype,
  insertText,
  nestedText,
  objectPath,
  protoValue,
  requests,
} from "./support/chaos.js"
import { raw } from "./support/http.js"

const forced = Number(process.env["VERIFY_RUNS"])
const RUNS = Number.isInteger(forced) && forced > 0 ? forced : process.env["VERIFY_DEEP"] === "1" ? 400 : 40
const SEED =
  Number.isInteger(Number(process.env["VERIFY_SEED"])) && process.env["VERIFY_SEED"] ? Number(process.env["VERIFY_SEED"]) : 20150709

const MAX_BODY = 64 * 1024

let emulator: Emulator
const log: Array<RequestLog> = []

beforeAll(async () => {
  emulator = await start({ maxBodySize: MAX_BODY, simulatorOptions: { startOnCreate: false }, onRequest: (entry) => log.push(entry) })
  for (const type of customTypes) expect((await send("CreateCustomActionType", JSON.stringify(type))).status).toBe(200)
  emulator.simulator.seedPipeline(declaration("steady"))
})
afterAll(() => emulator.close())

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
      { numRuns: RUNS, seed: SEED + 1301 },
    )
    expect(deep).toBeGreaterThan(0)
    expect(log.filter((e) => e.status >= 500)).toEqual([])
    expect((await send("GetPipeline", '{"name":"steady"}')).status).toBe(200)
  })
})

describe("__proto__ keys anywhere in a request body", () => {
  it("never reach the simulator as a prototype, and a string entry of a map is kept", async () => {
    let kept = 0
    await fc.assert(
      fc.asyncProperty(fc.nat(requests.length - 1), fc.nat(), protoValue, async (r, pick, value) => {
        const request = requests[r]!
        const body = request.body()
        const path = objectPath(body, pick)
        const json = value
        emulator.simulator.clearCalls()
        const response = await send(request.operation, insertText(body, path, "__proto__", json))
        const context = `${request.operation} with __proto__: ${json} at ${path.join(".") || "the root"}: ${response.body.slice(0, 200)}`
        expect(response.status, context).toBeLessThan(500)
        const calls = emulator.simulator.calls()
        for (const c of calls) expect(foreignPrototype(c.input), context).toBeUndefined()
        // A configuration entry named __proto__ holding a string is an entry like any other.
        if (request.operation === "CreatePipeline" && path[path.length - 1] === "configuration" && typeof JSON.parse(json) === "string") {
          expect(response.status, context).toBe(200)
          const configuration = at(response.json, path)
          expect(Object.getOwnPropertyDescriptor(configuration, "__proto__")?.value, context).toBe(JSON.parse(json))
          kept++
        }
      }),
      { numRuns: RUNS, seed: SEED + 1302 },
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
        const context = `__proto__: ${json} at ${path.join(".") || "the root"}`
        let exported: unknown
        try {
          const running = await start({ state: file })
          try {
            exported = running.simulator.exportState()
          } finally {
            await running.close()
          }
        } catch (error) {
          expect(error, `${context}: ${String(error)}`).toBeInstanceOf(EmulatorError)
          expect((error as EmulatorError).reason, context).toBe("State")
          expect((error as EmulatorError).message, context).toContain(file)
          return
        }
        loaded++
        expect(foreignPrototype(exported), context).toBeUndefined()
        if (path[path.length - 1] === "configuration" && typeof JSON.parse(json) === "string") {
          const configuration = at({ state: exported }, path)
          expect(Object.getOwnPropertyDescriptor(configuration, "__proto__")?.value, context).toBe(JSON.parse(json))
          kept++
        }
      }),
      { numRuns: Math.min(RUNS, 60), seed: SEED + 1303 },
    )
    expect(loaded).toBeGreaterThan(0)
    expect(kept).toBeGreaterThan(0)
  })
})

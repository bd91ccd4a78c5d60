/**
 * Chaos for the Effect layer's in-memory CodePipeline (issue #13): `__proto__` keys anywhere in
 * state seeded through its controls, as Effects, must be refused with a typed error or kept as
 * entries, never become prototypes; and the revision a state file's save relies on moves on with
 * every change, call by call through the layer's service. The emulator's own chaos tests (nesting
 * and `__proto__` keys in request bodies and state files) are in
 * `packages/emulator/test/hardening.chaos.test.ts`, without Effect, with the hostile input shared
 * from `packages/emulator/test/support/chaos.ts`.
 *
 * Run counts follow `VERIFY_RUNS` / `VERIFY_DEEP` like the other verification suites.
 */
import { statusOf } from "@effect-codepipeline/core/Emulator"
import { Cause, Effect, Exit, Redacted } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { at, customTypes, declaration, foreignPrototype, insertText, objectPath, protoValue } from "../../emulator/test/support/chaos.js"
import { CodePipeline } from "../src/index.js"
import type * as S from "../src/schema/Schemas.js"
import type { CodePipelineEmulator } from "../src/testing/index.js"
import { makeInMemory } from "../src/testing/internal/codePipelineInMemory.js"
import { type Api, ApiError } from "./support/emulator.js"
import { releaseScenario, restOfTheApi, restOptions, scenarioOptions } from "./support/emulatorScenario.js"
import * as V from "./support/verify.js"

const RUNS = V.runs(40, 400)

/** Nothing but plain objects, dates and `Redacted` values. */
const foreign = (value: unknown) => foreignPrototype(value, "input", Redacted.isRedacted)

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
            for (const type of customTypes)
              yield* service.execute(CodePipeline.operations.CreateCustomActionType, type as S.CreateCustomActionTypeInput)
            yield* controls.seedPipeline(hostile)
            const got = yield* service.execute(CodePipeline.operations.GetPipeline, { name: "seeded" })
            return { got, snapshot: yield* controls.exportState }
          }),
        )
        if (Exit.isFailure(exit)) {
          expect(Cause.isDie(exit.cause), `${context}: ${Cause.pretty(exit.cause)}`).toBe(false)
          return
        }
        expect(foreign(exit.value), context).toBeUndefined()
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
        expect(foreign(Exit.isSuccess(imported) ? imported.value : undefined), context).toBeUndefined()
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

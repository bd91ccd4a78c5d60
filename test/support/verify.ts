/**
 * The Effect 4 flavor's binding of the differential kit (`packages/core/test/support/differential.ts`)
 * for its verification suites (`test/verification.*.test.ts`): this flavor's operations, its
 * `Redacted` secrets, a live runtime against the kit's recording server (and a bench per file: the
 * server with the live client and the official one), and valid inputs drawn
 * from the model (the core's `arbitraryOf`, independent of this flavor's schemas) in this flavor's
 * form.
 */
// Mirror of packages/effect3/test/support/verify.ts: the same kit bound to Effect 3's Redacted and operations.
import * as Codec from "@effect-codepipeline/core/Codec"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import type * as Result from "effect/Result"
import * as fc from "fast-check"
import { afterAll, beforeAll } from "vitest"
import * as Kit from "../../packages/core/test/support/differential.js"
import * as Shared from "../../packages/core/test/support/differentialFixtures.js"
import { arbitraryOf } from "../../packages/core/test/support/model.js"
import { CodePipeline } from "../../src/index.js"
import type * as Operation from "../../src/services/Operation.js"
import { serverCodec } from "../../src/testing/internal/simulatedService.js"
import { secrets } from "./codec.js"

export * from "../../packages/core/test/support/differential.js"

export const operations = Object.values(CodePipeline.operations) as ReadonlyArray<Operation.Any>

export const { validateAgainstModel, describeJunk, normalizeDecoded, toOfficialInput } = Kit.forSecrets(secrets)

/** The shared realistic inputs, each with this flavor's operation and in this flavor's form. */
export const fixtures: ReadonlyArray<{ readonly label: string; readonly operation: Operation.Any; readonly input: unknown }> =
  Shared.fixtures.map((f) => {
    const operation = CodePipeline.operations[f.operation] as Operation.Any
    return { label: f.label, operation, input: inFlavorForm(operation, f.input) }
  })

/** A value the core holds (plain strings) as this flavor holds it (sensitive strings `Redacted`). */
function inFlavorForm(operation: Operation.Any, value: unknown): unknown {
  const codec = serverCodec(operation).input
  const json = JSON.parse(Codec.encodeJson(codec, value, Codec.plainSecrets))
  const decoded = Codec.decode(codec, json, { secrets, strict: true })
  if (decoded._tag !== "Ok") throw new Error(`${operation.name}: ${decoded.failure.message}`)
  return decoded.value
}

/** `n` valid inputs of `operation`, drawn from the model with `seed`, in this flavor's form. */
export const validInputs = (operation: Operation.Any, n: number, seed: number): ReadonlyArray<unknown> => {
  const shape = Kit.operationShapes(operation.name).input
  if (shape === undefined) return Array.from({ length: n }, () => ({}))
  return Kit.samples(arbitraryOf(shape), n, seed).map((value) => inFlavorForm(operation, value))
}

/** A live client with retries off against `endpoint` (the kit's recording server). */
export const liveRuntime = (endpoint: string) =>
  ManagedRuntime.make(
    CodePipeline.layer({ region: "us-east-1", endpoint, credentials: Kit.testCredentials, retry: false }).pipe(Layer.orDie),
  )

/** Calls `operation` through the live service; the result, or the error it failed with. */
export const callOurs = (
  runtime: ReturnType<typeof liveRuntime>,
  operation: Operation.Any,
  input: unknown,
): Promise<Result.Result<unknown, any>> =>
  runtime.runPromise(
    Effect.result(Effect.flatMap(Effect.service(CodePipeline.CodePipeline), (service) => service.execute(operation, input))),
  )

/** What a verification file runs against: the kit's raw server, and both clients pointed at it. */
export interface Bench {
  readonly server: Kit.RawServer
  readonly live: ReturnType<typeof liveRuntime>
  readonly official: ReturnType<typeof Kit.officialClient>
}

/**
 * A verification file's bench, one for the file: started before its tests (the server answering
 * with `answer` until a test says otherwise; by default 200 and `{}`) and closed after them, when
 * `summary` (the file's tally), if any, is logged.
 */
export const bench = (options: { readonly answer?: Kit.RawHandler; readonly summary?: () => string } = {}): Bench => {
  let current: Bench | undefined
  beforeAll(async () => {
    const server = await Kit.startRawServer(options.answer)
    current = { server, live: liveRuntime(server.url), official: Kit.officialClient(server.url) }
  })
  afterAll(async () => {
    if (current === undefined) return
    await current.live.dispose()
    current.official.destroy()
    await current.server.close()
    if (options.summary !== undefined) console.log(options.summary())
  })
  const started = () => {
    if (current === undefined) throw new Error("the verification bench is used before its beforeAll ran")
    return current
  }
  return {
    get server() {
      return started().server
    },
    get live() {
      return started().live
    },
    get official() {
      return started().official
    },
  }
}

export { fc }

/**
 * The Effect 3 flavor's binding of the differential kit (`packages/core/test/support/differential.ts`)
 * for the verification suite (`test/verification.*.test.ts`): this flavor's operations, its
 * `Redacted` secrets, the raw server as a scoped resource, and a bench per file (the raw server
 * with this flavor's live client and the official one pointed at it).
 */
// Mirror of test/support/verify.ts: the same kit bound to Effect 4's Redacted and operations.
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import type * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import { afterAll, beforeAll, expect } from "vitest"
import {
  forSecrets,
  officialClient,
  type RawHandler,
  type RawServer,
  startRawServer,
  testCredentials,
} from "../../../core/test/support/differential.js"
import * as Shared from "../../../core/test/support/differentialFixtures.js"
import { CodePipeline } from "../../src/index.js"
import type * as Operation from "../../src/services/Operation.js"

export * from "../../../core/test/support/differential.js"

export const operations = Object.values(CodePipeline.operations) as ReadonlyArray<Operation.Any>

/** The shared realistic inputs (`differentialFixtures.ts`), each with this flavor's operation. */
export const fixtures: ReadonlyArray<{ readonly label: string; readonly operation: Operation.Any; readonly input: unknown }> =
  Shared.fixtures.map((f) => ({ ...f, operation: CodePipeline.operations[f.operation] as Operation.Any }))

export const { validateAgainstModel, junkValue, junkInput, describeJunk, normalizeDecoded, toOfficialInput } = forSecrets({
  conceal: Redacted.make,
  reveal: (value) => (Redacted.isRedacted(value) ? (Redacted.value(value) as string) : undefined),
})

/** The raw server as a scoped resource. */
export const rawServer = (initial?: RawHandler): Effect.Effect<RawServer, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(() => startRawServer(initial)),
    (server) => Effect.promise(() => server.close()),
  )

/** This flavor's live layer against `endpoint` (the kit's recording server), retries off unless `options` say otherwise. */
export const liveLayer = (endpoint: string, options: Partial<CodePipeline.Options> = {}) =>
  CodePipeline.layer({ region: "us-east-1", endpoint, credentials: testCredentials, retry: false, ...options }).pipe(Layer.orDie)

/** A live client over {@link liveLayer}. */
export const liveRuntime = (endpoint: string, options: Partial<CodePipeline.Options> = {}) =>
  ManagedRuntime.make(liveLayer(endpoint, options))

/** The exit's one typed failure (undefined on success); a defect or an interruption throws, described. */
export const typedFailure = (exit: Exit.Exit<unknown, unknown>, context: string): any => {
  if (Exit.isSuccess(exit)) return undefined
  if (Chunk.size(Cause.defects(exit.cause)) > 0 || Cause.isInterrupted(exit.cause)) {
    throw new Error(`${context}: a defect, not a typed error:\n${Cause.pretty(exit.cause).slice(0, 2000)}`)
  }
  const failures = Chunk.toReadonlyArray(Cause.failures(exit.cause))
  expect(failures, context).toHaveLength(1)
  return failures[0]
}

/** Calls `operation` through the live service; its output, or the error it failed with. */
export const callOurs = (
  runtime: ReturnType<typeof liveRuntime>,
  operation: Operation.Any,
  input: unknown,
): Promise<Either.Either<unknown, any>> =>
  runtime.runPromise(Effect.either(Effect.flatMap(CodePipeline.CodePipeline, (service) => service.execute(operation, input))))

/** What a verification file runs against: the kit's raw server, and both clients pointed at it. */
export interface Bench {
  readonly server: RawServer
  readonly live: ReturnType<typeof liveRuntime>
  readonly official: ReturnType<typeof officialClient>
}

/**
 * A verification file's bench, one for the file: started before its tests (the server answering
 * with `answer` until a test says otherwise; by default 200 and `{}`) and closed after them, when
 * `summary` (the file's tally), if any, is logged.
 */
export const bench = (options: { readonly answer?: RawHandler; readonly summary?: () => string } = {}): Bench => {
  let current: Bench | undefined
  beforeAll(async () => {
    const server = await startRawServer(options.answer)
    current = { server, live: liveRuntime(server.url), official: officialClient(server.url) }
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

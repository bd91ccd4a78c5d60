/**
 * The Effect 3 flavor's binding of the differential kit (`packages/core/test/support/differential.ts`)
 * for the verification suite (`test/verification.*.test.ts`): this flavor's operations, its
 * `Redacted` secrets, and the raw server as a scoped resource.
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import { forSecrets, type RawHandler, type RawServer, startRawServer } from "../../../core/test/support/differential.js"
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

/**
 * The Effect 4 flavor's clients for the benchmarks (`bench/clients.ts`, where `main.ts` bundles this
 * file as `bench-kit`): the default live layer, called in an Effect loop, with one `runPromise` per
 * call, or with a tracer installed.
 */
// Mirror of packages/effect3/bench/sdk.ts: the same measurement in each flavor's Effect (each file must resolve its own
// `effect`, so the two cannot share a body); they differ only where Effect's APIs do.
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import * as Tracer from "effect/Tracer"
import { CodePipeline } from "../../src/index.js"
import type * as S from "../../src/schema/Schemas.js"
import { type BenchClient, GET_INPUT, type Op, type SdkMode, sequential } from "../clients.js"
import { CREDENTIALS, createPipelineInput, REGION } from "../fixtures.js"

/**
 * A tracer that records nothing, like Effect's built-in one, but is not it: what a program under
 * any real tracer pays for the SDK's span (OpenTelemetry's own costs come on top).
 */
const recordingNowhere = Layer.unwrap(
  Effect.map(Effect.tracer, (builtIn) => Layer.succeed(Tracer.Tracer, Tracer.make({ span: (options) => builtIn.span(options) }))),
)

export const makeSdk = (endpoint: string, mode: SdkMode): BenchClient => {
  const live = CodePipeline.layer({ region: REGION, endpoint, credentials: CREDENTIALS })
  const runtime = ManagedRuntime.make(mode === "traced" ? Layer.merge(live, recordingNowhere) : live)
  const get = CodePipeline.getPipelineState(GET_INPUT)
  const create = CodePipeline.createPipeline(createPipelineInput as unknown as S.CreatePipelineInput)
  const effectOf = (op: Op): Effect.Effect<unknown, unknown, CodePipeline.CodePipeline> => (op === "get" ? get : create)
  const once = (op: Op) => runtime.runPromise(effectOf(op))
  return {
    once,
    run:
      mode === "promise"
        ? sequential(once)
        : (op, n) => {
            const call = effectOf(op)
            let i = 0
            return runtime.runPromise(Effect.whileLoop({ while: () => i++ < n, body: () => call, step: () => {} }))
          },
    list: (pageSize) => runtime.runPromise(Stream.runCount(CodePipeline.listPipelinesItems({ maxResults: pageSize }))),
    close: () => runtime.dispose(),
  }
}

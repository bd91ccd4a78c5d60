/**
 * The Effect 3 flavor's clients for the benchmarks (`bench/clients.ts`, where `main.ts` bundles this
 * file as `bench-kit`): the default live layer, called in an Effect loop, with one `runPromise` per
 * call, or with a tracer installed.
 */
// Mirror of bench/effect4/sdk.ts: the same measurement in each flavor's Effect (each file must resolve its own
// `effect`, so the two cannot share a body); they differ only where Effect's APIs do.
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import * as Tracer from "effect/Tracer"
import { type BenchClient, GET_INPUT, type Op, type SdkMode, sequential } from "../../../bench/clients.js"
import { CREDENTIALS, createPipelineInput, REGION } from "../../../bench/fixtures.js"
import { CodePipeline } from "../src/index.js"
import type * as S from "../src/schema/Schemas.js"

/**
 * A tracer that records nothing, like Effect's built-in one, but is not it: the SDK then makes its
 * span for every call, as it does under any real tracer (OpenTelemetry's costs come on top).
 */
const recordingNowhere = Layer.unwrapEffect(
  Effect.map(Effect.tracer, (builtIn) => Layer.setTracer(Tracer.make({ span: (...args) => builtIn.span(...args), context: (f) => f() }))),
)

export const makeSdk = (endpoint: string, mode: SdkMode): BenchClient => {
  const perCallRunPromise = mode === "promise"
  const traced = mode === "traced"
  const live = CodePipeline.layer({ region: REGION, endpoint, credentials: CREDENTIALS })
  const runtime = ManagedRuntime.make(traced ? Layer.merge(live, recordingNowhere) : live)
  const get = CodePipeline.getPipelineState(GET_INPUT)
  const create = CodePipeline.createPipeline(createPipelineInput as unknown as S.CreatePipelineInput)
  const effectOf = (op: Op): Effect.Effect<unknown, unknown, CodePipeline.CodePipeline> => (op === "get" ? get : create)
  const once = (op: Op) => runtime.runPromise(effectOf(op))
  return {
    once,
    run: perCallRunPromise
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

/**
 * `CodePipelineStub`: canned answers for tests that want no state.
 *
 * ```ts
 * const layer = CodePipelineStub.layer({
 *   getPipelineState: ({ name }) => Effect.succeed({ pipelineName: name, stageStates: [] }),
 * })
 * // ...run the program with `layer`, then:
 * yield* CodePipelineStub.assertCalled("getPipelineState", { name: "release" })
 * ```
 *
 * Each handler is typed by its operation: its input, its output and its own error union. Inputs are
 * validated against the model first, as the live client does. Calling an operation without a
 * handler is a defect whose message names the operation, so a forgotten stub cannot pass silently.
 * Every call is recorded, answered or not.
 *
 * @since 0.1.0
 */
// Mirror of packages/effect3/src/testing/CodePipelineStub.ts: the same public stub, typed in each Effect (Context.Tag vs Context.Service, Either vs Result); its
// matching and messages are the core's CallAssertions.
import * as CallAssertions from "@effect-codepipeline/core/CallAssertions"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Result from "effect/Result"
import { CodePipeline, type Service } from "../services/CodePipeline.js"
import { encodeInput, loadCodec } from "../services/internal/codec.js"
import type { Methods } from "../services/operations.js"

/**
 * Handlers for any subset of the operations. A handler always receives an input (`{}` when the
 * caller passed none).
 *
 * @since 0.1.0
 * @category models
 */
export type Handlers = { readonly [K in MethodName]?: (input: InputOf<K>) => ReturnType<Methods[K]> }

/**
 * Operation method names (`getPipelineState`, ...).
 *
 * @since 0.1.0
 * @category models
 */
export type MethodName = keyof Methods

/**
 * The input type of an operation, by method name.
 *
 * @since 0.1.0
 * @category models
 */
export type InputOf<K extends MethodName> = NonNullable<Parameters<Methods[K]>[0]>

/**
 * One recorded call.
 *
 * @since 0.1.0
 * @category models
 */
export interface Call<K extends MethodName = MethodName> {
  readonly method: K
  readonly input: InputOf<K>
}

/**
 * A failed assertion about recorded calls; the message says what was expected and what was seen.
 *
 * @since 0.1.0
 * @category errors
 */
export class StubAssertionError extends Data.TaggedError("StubAssertionError")<{ readonly message: string }> {}

/**
 * The calls the stub received, in order.
 *
 * @since 0.1.0
 * @category tags
 */
export class Calls extends Context.Service<Calls, { readonly get: Effect.Effect<ReadonlyArray<Call>> }>()(
  "effect-codepipeline/testing/CodePipelineStub/Calls",
) {}

/**
 * Options of the stub.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Validate inputs against the model before calling the handler (default true). */
  readonly validateInput?: boolean | undefined
}

/**
 * A `CodePipeline` answering with `handlers`, plus the {@link Calls} it recorded.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (handlers: Handlers, options: Options = {}): Layer.Layer<CodePipeline | Calls> => {
  const validate = options.validateInput ?? true
  return Layer.effectContext(
    Effect.sync(() => {
      const calls: Array<Call> = []
      const service = {
        execute: (operation: any, input: any) =>
          Effect.suspend(() => {
            const method = operation.method as MethodName
            calls.push({ method, input: input ?? {} } as Call)
            const handle = () => {
              const handler = handlers[method] as ((input: unknown) => Effect.Effect<unknown, unknown>) | undefined
              if (handler === undefined) {
                return Effect.die(
                  new Error(
                    `CodePipelineStub: ${method} was called but has no handler; pass one to CodePipelineStub.layer({ ${method}: ... })`,
                  ),
                )
              }
              return handler(input ?? {})
            }
            if (!validate) return handle()
            return Effect.flatMap(loadCodec(operation), (codec) => {
              const encoded = encodeInput(codec, input ?? {})
              if (Result.isFailure(encoded)) return Effect.fail(encoded.failure)
              return handle()
            })
          }),
      } as Service
      return Context.make(CodePipeline, service).pipe(Context.add(Calls, { get: Effect.sync(() => [...calls]) }))
    }),
  )
}

/**
 * Every recorded call, in order.
 *
 * @since 0.1.0
 * @category accessors
 */
export const calls: Effect.Effect<ReadonlyArray<Call>, never, Calls> = Effect.flatMap(Effect.service(Calls), (c) => c.get)

/**
 * The inputs of the recorded calls of one operation, in order.
 *
 * @since 0.1.0
 * @category accessors
 */
export const callsOf = <K extends MethodName>(method: K): Effect.Effect<ReadonlyArray<InputOf<K>>, never, Calls> =>
  Effect.map(calls, (all) => all.filter((c) => c.method === method).map((c) => c.input as InputOf<K>))

type DeepPartial<T> =
  T extends ReadonlyArray<infer A>
    ? ReadonlyArray<DeepPartial<A>>
    : T extends Date
      ? T
      : T extends object
        ? { readonly [K in keyof T]?: DeepPartial<T[K]> }
        : T

const orFail = (problem: string | undefined): Effect.Effect<void, StubAssertionError> =>
  problem === undefined ? Effect.void : Effect.fail(new StubAssertionError({ message: problem }))

/**
 * Succeeds when `method` was called at least once with an input that contains `partialInput`
 * (objects compared member by member, arrays element by element).
 *
 * @since 0.1.0
 * @category assertions
 */
export const assertCalled = <K extends MethodName>(
  method: K,
  partialInput?: DeepPartial<InputOf<K>>,
): Effect.Effect<void, StubAssertionError, Calls> =>
  Effect.flatMap(callsOf(method), (inputs) => orFail(CallAssertions.calledProblem(method, partialInput, inputs)))

/**
 * Succeeds when `method` was called exactly `times` times.
 *
 * @since 0.1.0
 * @category assertions
 */
export const assertCalledTimes = (method: MethodName, times: number): Effect.Effect<void, StubAssertionError, Calls> =>
  Effect.flatMap(callsOf(method), (inputs) => orFail(CallAssertions.calledTimesProblem(method, times, inputs.length)))

/**
 * Succeeds when the recorded calls, restricted to the given operations, are in exactly this order.
 *
 * @since 0.1.0
 * @category assertions
 */
export const assertCallOrder = (methods: ReadonlyArray<MethodName>): Effect.Effect<void, StubAssertionError, Calls> =>
  Effect.flatMap(calls, (all) =>
    orFail(
      CallAssertions.callOrderProblem(
        methods,
        all.map((c) => c.method),
      ),
    ),
  )

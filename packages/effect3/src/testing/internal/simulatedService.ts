/**
 * The `CodePipeline` service over the core's simulator. Every call goes through the operation's
 * codec, as a request to the emulator does: the caller's input is validated (with sensitive strings
 * as `Redacted`, exactly as the live client validates it before sending) and encoded to its wire
 * form, decoded strictly into the core's types, run by the simulator at the caller's `Clock` time,
 * and the output encoded and decoded back leniently into the package's types. So the simulator and
 * the caller never share an object, and a failure is the error the live client would make of the
 * same answer.
 */
// Mirror of src/testing/internal/simulatedService.ts: the in-memory service over the core's Codec.readAsServer and
// Simulator.serve; the caller's fiber-local (FiberRef vs Context.Reference) and Either/Result differ.
import * as Codec from "@effect-codepipeline/core/Codec"
import { operations as serverCodecs } from "@effect-codepipeline/core/Operations"
import * as Simulators from "@effect-codepipeline/core/Simulator"
import type { ServiceError, Simulator } from "@effect-codepipeline/core/Simulator"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberRef from "effect/FiberRef"
import type { CommonError } from "../../errors/common.js"
import type * as Operation from "../../services/Operation.js"
import { toInputValidationError } from "../../services/internal/codec.js"
import { secrets } from "../../services/internal/secrets.js"
import { toError } from "../../services/internal/protocol.js"
import type { Service } from "../../services/internal/codePipeline.js"
import { operations } from "../../services/operations.js"

const LENIENT: Codec.DecodeOptions = { secrets, strict: false }

/** Every operation by the model's name, for what the simulator reports by name. */
export const byName: ReadonlyMap<string, Operation.Any> = new Map(Object.values(operations).map((operation) => [operation.name, operation]))

/**
 * The whole codec of an operation (an operation carries the client's part: `Operation.codec`), for
 * what only a server does: read an input strictly, check and encode an output.
 */
export const serverCodec = (operation: Operation.AnyCallable): Codec.AnyOperation =>
  serverCodecs[operation.name as keyof typeof serverCodecs] as Codec.AnyOperation

/**
 * The typed error for an error the simulator answers with: the error the live client makes of the
 * response the emulator sends for it (`protocol.ts`'s `toError`), so that both map codes to error
 * classes the same way: the operation's modeled exceptions, then the common errors by code, then
 * `UnknownServiceError`.
 */
export const toServiceError = <E>(operation: Operation.Callable<any, any, E>, error: ServiceError): E | CommonError =>
  toError(operation, { status: 400, headers: {}, body: JSON.stringify({ __type: error.code, message: error.message }) }, {})

/** A value in the core's types to the package's types (sensitive strings `Redacted`), through the wire form. */
export const fromCore = <A>(codec: Codec.ShapeCodec<A>, value: unknown): A => codec.decode(codec.encode(value, Codec.plainSecrets), LENIENT)

/**
 * The input as the core's types, or the `InputValidationError` the live client raises for it. Total:
 * any value, however hostile, gives one or the other.
 */
export const coreInput = <I>(operation: Operation.Callable<I, any, any>, input: unknown) => {
  const read = Codec.readAsServer(serverCodec(operation).input, input, secrets)
  return read._tag === "Ok" ? Either.right(read.value) : Either.left(toInputValidationError(operation.name, read.issue))
}

/** The caller's ARN for the calls of a fiber (see `CodePipelineInMemory.withCaller`); unset: the `identity` option. */
export const currentCaller: FiberRef.FiberRef<string | undefined> = FiberRef.unsafeMake<string | undefined>(undefined)

const call = (
  simulator: Simulator,
  operation: Operation.AnyCallable,
  input: unknown,
  now: number,
  caller: string | undefined,
): Effect.Effect<unknown, unknown> => {
  const decoded = coreInput(operation, input)
  if (Either.isLeft(decoded)) {
    simulator.recordRefused(operation.name, input, decoded.left._tag, now)
    return Effect.fail(decoded.left)
  }
  const served = Simulators.serve(simulator, serverCodec(operation), decoded.right, now, caller, secrets)
  return served._tag === "Ok" ? Effect.succeed(served.value) : Effect.fail(toServiceError(operation, served.error))
}

/**
 * The service; every call runs at the caller's `Clock` time (`clockWith` reads it each time the
 * effect runs), for the fiber's caller.
 */
export const makeService = (simulator: Simulator): Service => ({
  execute: (operation, input) =>
    Effect.clockWith((clock) =>
      Effect.flatMap(FiberRef.get(currentCaller), (caller) =>
        call(simulator, operation, input ?? {}, clock.unsafeCurrentTimeMillis(), caller),
      ),
    ) as never,
})

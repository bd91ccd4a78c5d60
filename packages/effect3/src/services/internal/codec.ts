/**
 * The core's codec (`@effect-codepipeline/core/Codec`, generated per shape) as the Effect package
 * uses it: sensitive strings held as `Redacted`, a broken rule reported as an
 * `InputValidationError`, a response that does not decode as a `DecodeFailure` the protocol turns
 * into a `ResponseDecodeError`.
 */
// Mirror of src/services/internal/codec.ts: the core's codec with each flavor's Redacted secrets and error
// classes; Either (3) vs Result (4).
import * as Codec from "@effect-codepipeline/core/Codec"
import * as Either from "effect/Either"
import * as Effect from "effect/Effect"
import { InputValidationError } from "../../errors/common.js"
import type { Callable } from "../Operation.js"
import { secrets } from "./secrets.js"

/** The issue as the error the caller sees: `CreatePipeline input at pipeline.name: Expected ...`. */
export const toInputValidationError = (operation: string, issue: Codec.Issue): InputValidationError => {
  const path = Codec.formatPath(issue.path)
  return new InputValidationError(
    { operation, path, message: `${operation} input${path === "" ? "" : ` at ${path}`}: ${Codec.issueMessage(issue)}` },
    true,
  )
}

/**
 * The operation's codec, loaded by its first use (the core's `Codec.ClientOperation`: importing the
 * package loads none of the shapes' code). A module that fails to load is a defect.
 */
export const loadCodec = <I, O>(operation: Callable<I, O, any>): Effect.Effect<Codec.ClientOperationCodec<I, O>> => {
  const codec = operation.codec.value
  return codec === undefined ? Effect.promise(operation.codec.load) : Effect.succeed(codec)
}

/**
 * Validates an input and encodes it to its JSON-ready wire form. Total: any value, however hostile
 * (a getter or a Proxy trap that throws, a cycle, nesting of any depth), gives the wire form or an
 * `InputValidationError`.
 */
export const encodeInput = <I>(codec: Codec.ClientOperationCodec<I, any>, input: I): Either.Either<unknown, InputValidationError> => {
  const issue = Codec.validate(codec.input, input, secrets)
  if (issue !== undefined) return Either.left(toInputValidationError(codec.name, issue))
  try {
    return Either.right(codec.input.encode(input, secrets))
  } catch (thrown) {
    // A valid input is plain data: only a getter that throws on its second read gets here.
    return Either.left(toInputValidationError(codec.name, Codec.unreadable(thrown)))
  }
}

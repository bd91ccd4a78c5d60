/**
 * The core's codec (`@effect-codepipeline/core/Codec`, generated per shape) as this flavor uses
 * it: sensitive strings held as `Redacted`, a broken rule reported as an `InputValidationError`.
 */
// Mirror of packages/effect3/src/services/internal/codec.ts: the core's codec with each flavor's Redacted secrets and error classes; Either (3) vs Result
// (4).
import * as Codec from "@effect-codepipeline/core/Codec"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import { InputValidationError } from "../../errors/common.js"
import type { Callable } from "../Operation.js"
import { secrets } from "./secrets.js"

/** The issue as the error the caller sees: `CreatePipeline input at pipeline.name: Expected ...`. */
export const toInputValidationError = (operation: string, issue: Codec.Issue): InputValidationError => {
  const path = Codec.formatPath(issue.path)
  return new InputValidationError({
    operation,
    path,
    message: `${operation} input${path === "" ? "" : ` at ${path}`}: ${Codec.issueMessage(issue)}`,
  })
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
 * Validates an input and encodes it to its JSON text. Total: any value, however hostile (a getter
 * or a Proxy trap that throws, a cycle, nesting of any depth), gives the text or an
 * `InputValidationError`.
 */
export const encodeInput = <I>(codec: Codec.ClientOperationCodec<I, any>, input: I): Result.Result<string, InputValidationError> => {
  try {
    const issue = Codec.validate(codec.input, input, secrets)
    if (issue !== undefined) return Result.fail(toInputValidationError(codec.name, issue))
    return Result.succeed(JSON.stringify(codec.input.encode(input, secrets)))
  } catch (thrown) {
    // A valid input is plain data: only a getter that throws on a later read gets here.
    return Result.fail(toInputValidationError(codec.name, Codec.unreadable(thrown)))
  }
}

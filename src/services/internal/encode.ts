/**
 * Request encoding: the input is validated against the operation's model (required members,
 * `length`, `pattern`, `range`, no unknown members) by its schema, which also turns `Date`s into
 * epoch seconds and unwraps `Redacted` values. Nothing is sent when validation fails.
 */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { InputValidationError } from "../../errors/common.js"
import type { Operation } from "../Operation.js"
import { formatPath } from "./decode.js"

type Encoder = (input: unknown) => Either.Either<unknown, ParseResult.ParseError>

const encoders = new WeakMap<Schema.Schema.Any, Encoder>()

const encoderOf = (schema: Schema.Schema<any, any>): Encoder => {
  let encoder = encoders.get(schema)
  if (encoder === undefined) {
    // Unknown members are an error, not silently dropped: a misspelt member would otherwise be
    // lost without a word.
    encoder = Schema.encodeUnknownEither(schema, { errors: "first", onExcessProperty: "error" })
    encoders.set(schema, encoder)
  }
  return encoder
}

const MAX_MESSAGE = 300

/** The first violation, as an `InputValidationError` naming the member's path. */
export const toInputValidationError = (operation: string, error: ParseResult.ParseError): InputValidationError => {
  const [issue] = ParseResult.ArrayFormatter.formatErrorSync(error)
  const path = issue ? formatPath(issue.path) : ""
  const detail = issue?.message ?? "invalid input"
  // Values are echoed by Schema's messages; cap them so a huge string cannot flood logs.
  const message = detail.length > MAX_MESSAGE ? `${detail.slice(0, MAX_MESSAGE)}…` : detail
  return new InputValidationError(
    { operation, path, message: `${operation} input${path ? ` at ${path}` : ""}: ${message}` },
    true,
  )
}

/** Validates and encodes an input to its JSON-ready form. */
export const encodeInput = <I>(operation: Operation<I, any, any>, input: I): Either.Either<unknown, InputValidationError> =>
  Either.mapLeft(encoderOf(operation.input)(input), (error) => toInputValidationError(operation.name, error))

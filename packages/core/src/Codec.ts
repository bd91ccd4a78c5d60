/**
 * The codec of the CodePipeline model, generated per shape (`generated/`): validating what a caller
 * hands in, encoding it to the awsJson1_1 wire form, and decoding what the wire carries back.
 *
 * Every function here takes any value, however deep, cyclic or hostile (a `Proxy` whose traps throw,
 * a getter that throws), and answers with an {@link Issue} or a {@link DecodeFailure}: none throws.
 *
 * @since 0.1.0
 */
import {
  type ClientOperationCodec,
  type DecodeOptions,
  DecodeFailure,
  failureIssue,
  type InputCodec,
  type Issue,
  type OperationCodec,
  type OutputCodec,
  plainSecrets,
  type Secrets,
  type ShapeCodec,
  unreadableIssue,
} from "./internal/codec.js"

export {
  awsIssueMessage,
  type ClientOperation,
  clientOperation,
  type ClientOperationCodec,
  type ClientOperationMeta,
  DecodeFailure,
  type DecodeOptions,
  describeType,
  describeValue,
  failureIssue,
  formatPath,
  type InputCodec,
  Issue,
  type IssueKind,
  issueMessage,
  type Lazy,
  lazy,
  lengthIssue,
  type OperationCodec,
  type OutputCodec,
  patternIssue,
  type Paginator,
  plainSecrets,
  type Secrets,
  type ShapeCodec,
  unreadableIssue as unreadable,
} from "./internal/codec.js"

export { hasMaxCodePoints, hasMinCodePoints } from "./CodePoints.js"

/**
 * The first rule `value` breaks against the shape, or `undefined` when it is valid.
 *
 * @since 0.1.0
 */
export const validate = (
  codec: Pick<ShapeCodec<unknown>, "validate">,
  value: unknown,
  secrets: Secrets = plainSecrets,
): Issue | undefined => {
  try {
    return codec.validate(value, secrets)
  } catch (error) {
    // Reading the value threw (a getter, a Proxy's trap): it cannot be sent as it is.
    return unreadableIssue(error)
  }
}

/**
 * A valid value's wire form, as JSON text.
 *
 * @since 0.1.0
 */
export const encodeJson = (codec: Pick<ShapeCodec<unknown>, "encode">, value: unknown, secrets: Secrets = plainSecrets): string =>
  JSON.stringify(codec.encode(value, secrets))

/**
 * Validates, then encodes to JSON text: the body of a request.
 *
 * @since 0.1.0
 */
export const validateAndEncode = (
  codec: InputCodec<unknown>,
  value: unknown,
  secrets: Secrets = plainSecrets,
): { readonly _tag: "Ok"; readonly json: string } | { readonly _tag: "Invalid"; readonly issue: Issue } => {
  const issue = validate(codec, value, secrets)
  if (issue !== undefined) return { _tag: "Invalid", issue }
  try {
    return { _tag: "Ok", json: encodeJson(codec, value, secrets) }
  } catch (error) {
    // A valid value is plain data; only a getter changing its answer between the two reads gets here.
    return { _tag: "Invalid", issue: unreadableIssue(error) }
  }
}

/**
 * A caller's value as a server reads it, without going through JSON text: validated with the
 * caller's `secrets` (as a client validates before sending), encoded to its wire form and decoded
 * strictly with plain secrets. The value and the result share no object. Total: a value that
 * cannot be read (a getter or a Proxy trap that throws, or answers differently on a later read)
 * gives an `Invalid` issue.
 *
 * @since 0.1.0
 */
export const readAsServer = <A>(
  codec: ShapeCodec<A>,
  value: unknown,
  secrets: Secrets = plainSecrets,
): { readonly _tag: "Ok"; readonly value: A } | { readonly _tag: "Invalid"; readonly issue: Issue } => {
  const issue = validate(codec as ShapeCodec<unknown>, value, secrets)
  if (issue !== undefined) return { _tag: "Invalid", issue }
  try {
    return { _tag: "Ok", value: codec.decode(codec.encode(value as A, secrets), { secrets: plainSecrets, strict: true }) }
  } catch (thrown) {
    // What validated, encoded, decodes: only a getter answering differently on a later read
    // (encoding) than on its first (validation) gets here.
    return { _tag: "Invalid", issue: thrown instanceof DecodeFailure ? failureIssue(thrown) : unreadableIssue(thrown) }
  }
}

/**
 * Decodes parsed wire JSON leniently, as a client reads a response; or strictly (`strict`), as a
 * server reads a request.
 *
 * @since 0.1.0
 */
export const decode = <A>(
  codec: OutputCodec<A>,
  json: unknown,
  options: Partial<DecodeOptions> = {},
): { readonly _tag: "Ok"; readonly value: A } | { readonly _tag: "Failure"; readonly failure: DecodeFailure } => {
  try {
    return { _tag: "Ok", value: codec.decode(json, { secrets: options.secrets ?? plainSecrets, strict: options.strict ?? false }) }
  } catch (failure) {
    if (failure instanceof DecodeFailure) return { _tag: "Failure", failure }
    // Only a stack exhausted by the caller's own nesting of calls could get here.
    return { _tag: "Failure", failure: new DecodeFailure("a value the decoder can read", undefined) }
  }
}

/**
 * What every operation codec is.
 *
 * @since 0.1.0
 */
export type AnyOperation = OperationCodec<any, any>

/**
 * What every operation codec a client uses is (`ClientOperations`).
 *
 * @since 1.0.0
 */
export type AnyClientOperation = ClientOperationCodec<any, any>

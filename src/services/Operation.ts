/**
 * An operation as data: its name, input and output schemas, the exceptions it models, and how it
 * pages. Every CodePipeline operation is one generated `Operation` value (see `./operations.ts`);
 * the live client is generic over them, so no code is written per operation.
 *
 * @since 0.1.0
 */
// Mirror of packages/effect3/src/services/Operation.ts: the same public Operation types, over each Effect's Effect and Schema types.
import type { ClientOperation } from "@effect-codepipeline/core/Codec"
import type * as Schema from "effect/Schema"
import type { ResponseMetadata } from "../errors/metadata.js"

/**
 * How a paginated operation pages: the member names of its request token, response token, item
 * list and page size.
 *
 * @since 0.1.0
 * @category models
 */
export interface Paginator {
  readonly inputToken: string
  readonly outputToken: string
  readonly items: string
  readonly pageSize?: string | undefined
}

/**
 * The constructor of a modeled exception.
 *
 * @since 0.1.0
 * @category models
 */
export interface ErrorClass<E> {
  new (props: { readonly message: string } & ResponseMetadata, options?: Schema.MakeOptions): E
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Operation<I, O, E> {
  /** The model's name, for example `GetPipelineState`. */
  readonly name: string
  /** The camelCase method name, for example `getPipelineState`. */
  readonly method: string
  readonly input: Schema.Codec<I, unknown>
  /** `undefined` when the operation returns nothing (Smithy `Unit`); the call then yields `void`. */
  readonly output: Schema.Codec<O, unknown> | undefined
  /**
   * The operation's codec in the core, generated from the model: how its input is validated and
   * encoded, and its output decoded.
   */
  readonly codec: ClientOperation<any, any>
  /** The modeled exceptions, by the error code the service sends. */
  readonly errors: { readonly [code: string]: ErrorClass<E> }
  readonly paginator?: Paginator | undefined
  /** The input member filled with a fresh UUID when absent (Smithy `@idempotencyToken`). */
  readonly idempotencyToken?: string | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export type Any = Operation<any, any, any>

/**
 * @since 0.1.0
 * @category type-level
 */
export type Input<Op> = Op extends Operation<infer I, any, any> ? I : never

/**
 * @since 0.1.0
 * @category type-level
 */
export type Output<Op> = Op extends Operation<any, infer O, any> ? O : never

/**
 * The modeled exceptions of an operation (without the common errors).
 *
 * @since 0.1.0
 * @category type-level
 */
export type ModeledErrors<Op> = Op extends Operation<any, any, infer E> ? E : never

/**
 * @since 0.1.0
 * @category constructors
 */
/* @__NO_SIDE_EFFECTS__ */
export function make<I, O, E>(definition: Operation<I, O, E>): Operation<I, O, E> {
  return definition
}

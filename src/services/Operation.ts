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
 * What calling an operation takes: its names, its codec in the core, its modeled exceptions and
 * how it pages, without its schemas. The generated functions (`getPipelineState`) call through
 * one, so that a bundle of a program that calls an operation keeps none of its schemas, which the
 * live client never runs (the core's codec checks, encodes and decodes); the live client, the stub
 * and the in-memory CodePipeline take one. Every `Operation` is one.
 *
 * @since 1.0.0
 * @category models
 */
export interface Callable<I, O, E> {
  /** The model's name, for example `GetPipelineState`. */
  readonly name: string
  /** The camelCase method name, for example `getPipelineState`. */
  readonly method: string
  /**
   * The operation's codec in the core, generated from the model: how its input is validated and
   * encoded, and its output decoded (loaded by the operation's first call).
   */
  readonly codec: ClientOperation<any, any>
  /** The modeled exceptions, by the error code the service sends. */
  readonly errors: { readonly [code: string]: ErrorClass<E> }
  readonly paginator?: Paginator | undefined
  /** The input member filled with a fresh UUID when absent (Smithy `@idempotencyToken`). */
  readonly idempotencyToken?: string | undefined
  /** Types only, never set: what the operation takes and gives. */
  readonly "~types"?: { readonly input: I; readonly output: O } | undefined
}

/**
 * An operation as data: a {@link Callable} with the schemas of its input and output.
 *
 * @since 0.1.0
 * @category models
 */
export interface Operation<I, O, E> extends Callable<I, O, E> {
  readonly input: Schema.Codec<I, unknown>
  /** `undefined` when the operation returns nothing (Smithy `Unit`); the call then yields `void`. */
  readonly output: Schema.Codec<O, unknown> | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export type Any = Operation<any, any, any>

/**
 * @since 1.0.0
 * @category models
 */
export type AnyCallable = Callable<any, any, any>

/**
 * @since 0.1.0
 * @category type-level
 */
export type Input<Op> = Op extends Callable<infer I, any, any> ? I : never

/**
 * @since 0.1.0
 * @category type-level
 */
export type Output<Op> = Op extends Callable<any, infer O, any> ? O : never

/**
 * The modeled exceptions of an operation (without the common errors).
 *
 * @since 0.1.0
 * @category type-level
 */
export type ModeledErrors<Op> = Op extends Callable<any, any, infer E> ? E : never

/**
 * An operation as the generated functions call it.
 *
 * @since 1.0.0
 * @category constructors
 */
/* @__NO_SIDE_EFFECTS__ */
export function callable<I, O, E>(definition: Callable<I, O, E>): Callable<I, O, E> {
  return definition
}

/**
 * An operation as data: the callable with its schemas, which `schemas` gives on the first read of
 * `input` or `output` (once).
 *
 * @since 0.1.0
 * @category constructors
 */
// Why a function: so that defining the 44 operations reads no schema. The package's Node build
// evaluates the schemas module on the first read of one of its members instead of at import
// (`build/nodeBundle.mjs`, `--defer`), which would not help if the operations read them at import.
/* @__NO_SIDE_EFFECTS__ */
export function make<I, O, E>(
  callable: Callable<I, O, E>,
  schemas: () => Pick<Operation<I, O, E>, "input" | "output">,
): Operation<I, O, E> {
  let read: Pick<Operation<I, O, E>, "input" | "output"> | undefined
  const get = () => (read ??= schemas())
  return {
    ...callable,
    get input() {
      return get().input
    },
    get output() {
      return get().output
    },
  }
}

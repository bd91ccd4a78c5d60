/**
 * Fields every error raised by a call carries besides its message.
 *
 * @since 0.1.0
 */
// Mirror of src/errors/metadata.ts: the same metadata fields; Effect 3 defers each TaggedError class to its first
// use, Effect 4 defines them eagerly (each file says why).
import * as Schema from "effect/Schema"

/**
 * Where a failure came from: the AWS request id (`x-amzn-RequestId`), how many attempts the call
 * made before it gave up, and the HTTP status of the last response. All are absent when the
 * failure happened before any response (for example a network error on the first attempt leaves
 * `requestId` and `httpStatus` unset).
 *
 * @since 0.1.0
 * @category fields
 */
export const ResponseMetadataFields = {
  requestId: Schema.optional(Schema.String),
  attempts: Schema.optional(Schema.Number),
  httpStatus: Schema.optional(Schema.Number),
}

/**
 * @since 0.1.0
 * @category models
 */
export interface ResponseMetadata {
  readonly requestId?: string | undefined
  readonly attempts?: number | undefined
  readonly httpStatus?: number | undefined
}

/**
 * The fields of every modeled exception: the service's message and the response metadata.
 * One shared object, so that generated error classes take no spread (which a bundler must assume
 * has side effects) and unused ones can be dropped.
 *
 * @since 0.1.0
 * @category fields
 */
export const ModeledErrorFields = {
  message: Schema.String,
  ...ResponseMetadataFields,
}

// -----------------------------------------------------------------------------------------------
// Error classes made on first use
// -----------------------------------------------------------------------------------------------

// `Schema.TaggedError(tag, fields)` costs ~0.2–0.5 ms when the class is defined (a dozen schema
// classes and ASTs: the struct, the tag literal, their extension, type side, surrogates), and the
// package defines 55 error classes, most of which a program never meets: ~10 ms of the package's
// import. So `TaggedError` below gives each error class a placeholder parent, and calls
// `Schema.TaggedError` with the same arguments the first time the class is used.

/** Placeholder parents not yet made real, with how to make each. */
const pending = new WeakMap<object, () => Function>()

/**
 * Makes the placeholder in `target`'s chain of parents real: calls `Schema.TaggedError` and links
 * the placeholder (and its prototype) to the class it returns. From then on `class X extends
 * TaggedError<X>()(...)` is `X extends placeholder extends Schema.TaggedError<X>()(...)`, with
 * the placeholder an empty class: statics, constructor and instances are those of the real one.
 */
const materialize = (target: object): Function => {
  let placeholder: any = target
  while (placeholder !== null && !pending.has(placeholder)) placeholder = Object.getPrototypeOf(placeholder)
  if (placeholder === null) throw new Error("not an error class made by TaggedError")
  const real = pending.get(placeholder)!()
  pending.delete(placeholder)
  Object.setPrototypeOf(placeholder, real)
  Object.setPrototypeOf(placeholder.prototype, real.prototype)
  return real
}

/**
 * The parent of every placeholder until it is made real. Each static a `Schema.TaggedError` class
 * has (the `Schema` interface, `fields`, `make`, ...) is a getter here that makes the class real
 * and reads the static again, now from the real class; the constructor makes it real and
 * constructs through the real constructor. Nothing else can reach a class: instances only exist
 * once it has been constructed.
 */
class Placeholder {
  constructor(...args: Array<any>) {
    const real = materialize(new.target)
    // A constructor returning an object makes that object the instance.
    // biome-ignore lint/correctness/noConstructorReturn: the instance is the real class's (see above)
    return Reflect.construct(real, args, new.target)
  }
}
// The statics of effect 3's `Schema.TaggedError` classes (`TaggedError` and `makeClass` in
// effect/Schema.ts): a static a later version adds must be listed here too.
for (const key of [
  Schema.TypeId,
  "ast",
  "annotations",
  "pipe",
  "toString",
  "make",
  "fields",
  "identifier",
  "_tag",
  "extend",
  "transformOrFail",
  "transformOrFailFrom",
]) {
  Object.defineProperty(Placeholder, key, {
    get(this: any) {
      materialize(this)
      return this[key]
    },
    configurable: true,
  })
}

/**
 * `Schema.TaggedError`, with the same signature and the same classes, except that the class is
 * made by `Schema.TaggedError` when it is first used (constructed, decoded with, or any of its
 * statics read) rather than when it is defined (see above). `instanceof`, `Effect.catchTag`,
 * `Schema.decodeUnknown(ErrorClass)`, `Equal` and `yield*` work as with `Schema.TaggedError`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const TaggedError: typeof Schema.TaggedError = ((identifier?: string) => (tag: string, fields: any, annotations?: any) => {
  // Named as the class `Schema.TaggedError` returns is, for whoever inspects the chain.
  const TaggedErrorClass = class extends Placeholder {}
  pending.set(TaggedErrorClass, () => Schema.TaggedError<any>(identifier)(tag, fields, annotations))
  return TaggedErrorClass
}) as any

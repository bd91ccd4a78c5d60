/**
 * The vocabulary generated schemas are written in (see `src/schema/Schemas.ts`).
 *
 * Every builder is a plain function marked `@__NO_SIDE_EFFECTS__`, so a bundler drops the schemas
 * of operations a program never calls even though they all live in one module: calling
 * `Schema.*` directly at the top level would make every shape look side-effectful.
 *
 * Every builder returns a lazy schema (see {@link lazy}): building all ~440 schemas of the model
 * when the package is imported took about 20 ms, most of it for shapes a program never uses. The
 * real schema is built on the first read of `ast`, and it is exactly the schema built eagerly
 * before (no `Schema.suspend` node), so decoders, encoders, `Arbitrary` and JSON Schema see no
 * difference. Structures take their fields as a thunk because `Schema.optional` and
 * `Schema.Struct` read their members' `ast` at once.
 *
 * Why not a public API (measured 2026-12-04, effect 3.22.4, Node 20, a loaded 2-core machine): built
 * eagerly, the shapes module took ~120 ms to import against ~30 ms lazily; built with
 * `Schema.suspend` instead, `Arbitrary.make(CreatePipelineInput)` did not finish within 60 s (Effect
 * 3's Arbitrary walks every suspension of the shared sub-shapes again), and a record's key may not
 * be suspended. `test/schemas.lazy.test.ts` pins that an untouched lazy schema behaves as the plain
 * schema with its AST (`Schema.make(ast)`) through every first use a program has.
 */
import { hasMaxCodePoints, hasMinCodePoints } from "@effect-codepipeline/core/CodePoints"
import { pipeArguments } from "effect/Pipeable"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as AST from "effect/SchemaAST"
import type { Simplify } from "effect/Types"
import type { UnknownEnumValue } from "../UnknownEnumValue.js"

const variance = {
  /* c8 ignore next */
  _A: (_: any) => _,
  /* c8 ignore next */
  _I: (_: any) => _,
  /* c8 ignore next */
  _R: (_: never) => _,
}

/**
 * A schema whose `ast` is built by `build` on first read, then kept as an own property. It is a
 * `Schema` to effect (`Schema.isSchema`, `pipe`, `annotations`); everything in effect that uses a
 * schema reads its `ast`, so it meets the built schema, never a wrapper node.
 */
class Lazy<A, I> implements Schema.Schema<A, I> {
  readonly [Schema.TypeId]: Schema.Schema.Variance<A, I, never>[Schema.TypeId] = variance
  declare readonly Type: A
  declare readonly Encoded: I
  declare readonly Context: never
  constructor(private readonly build: () => Schema.Schema<A, I>) {}
  get ast(): AST.AST {
    const ast = this.build().ast
    Object.defineProperty(this, "ast", { value: ast, enumerable: true })
    return ast
  }
  annotations(annotations: Schema.Annotations.GenericSchema<A>): Schema.Schema<A, I> {
    return lazy(() => Schema.make<A, I>(this.ast).annotations(annotations))
  }
  pipe(): any {
    // biome-ignore lint/complexity/noArguments: pipe's variadic signature, as Effect's own classes implement it
    return pipeArguments(this, arguments)
  }
  toString(): string {
    return String(this.ast)
  }
}

/** A schema built on first use (see the module's comment). */
/* @__NO_SIDE_EFFECTS__ */
export function lazy<A, I>(build: () => Schema.Schema<A, I>): Schema.Schema<A, I> {
  return new Lazy(build)
}

interface StringConstraints {
  readonly min?: number
  readonly max?: number
  readonly pattern?: RegExp
}

const lengthFilter = (
  predicate: (a: string) => boolean,
  schemaId: symbol,
  bound: string,
  jsonSchema: object,
  message: (rule: string) => { readonly message?: () => string },
) =>
  Schema.filter<Schema.Schema<string, string>>(predicate, {
    schemaId,
    description: `a string ${bound} character(s) long`,
    jsonSchema,
    ...message(`${bound} character(s)`),
  })

const constrainString = <S extends Schema.Schema<string, string>>(
  base: S,
  c: StringConstraints,
  hideValue: boolean,
): Schema.Schema<string, string> => {
  // A sensitive value must never reach an error message, so its filters describe the rule only.
  const message = (rule: string) => (hideValue ? { message: () => `Expected ${rule} (value hidden: sensitive)` } : {})
  let s: Schema.Schema<string, string> = base
  // Same annotations as `Schema.minLength`/`maxLength` (so `Arbitrary` and JSON Schema read them),
  // with Smithy's way of counting (Unicode scalar values, not UTF-16 code units).
  const { min, max } = c
  if (min !== undefined && min > 0) {
    s = s.pipe(lengthFilter((a) => hasMinCodePoints(a, min), Schema.MinLengthSchemaId, `at least ${min}`, { minLength: min }, message))
  }
  if (max !== undefined) {
    s = s.pipe(lengthFilter((a) => hasMaxCodePoints(a, max), Schema.MaxLengthSchemaId, `at most ${max}`, { maxLength: max }, message))
  }
  if (c.pattern !== undefined) s = s.pipe(Schema.pattern(c.pattern, message(`a string matching ${c.pattern.source}`)))
  return s
}

/** A Smithy `string`, with its `length` and `pattern` constraints. */
/* @__NO_SIDE_EFFECTS__ */
export function string(identifier: string, c: StringConstraints = {}): Schema.Schema<string> {
  return lazy(() => constrainString(Schema.String, c, false).annotations({ identifier }))
}

/** A Smithy `string` marked `@sensitive`: `Redacted` in code, plain on the wire. */
/* @__NO_SIDE_EFFECTS__ */
export function sensitive(identifier: string, c: StringConstraints = {}): Schema.Schema<Redacted.Redacted<string>, string> {
  // `Schema.Redacted(value)`, spelt out so that its two type checks get messages too: by default
  // they echo the value (`Expected Redacted(<redacted>), actual "…"`), and a value of the wrong
  // type there is typically the secret itself, passed as a plain string instead of a `Redacted`.
  return lazy(() => {
    const hidden = (what: string) => () => `Expected ${what} (value hidden: sensitive)`
    const value = constrainString(Schema.String.annotations({ message: hidden("a string") }), c, true)
    const redacted = Schema.RedactedFromSelf(Schema.typeSchema(value)).annotations({ message: hidden("a Redacted string") })
    return Schema.transform(value, redacted, {
      strict: true,
      decode: (s) => Redacted.make(s),
      encode: (r) => Redacted.value(r),
    }).annotations({
      identifier,
    })
  })
}

/**
 * A Smithy `enum`. Enums are open, as Smithy asks of clients: a value this version of the SDK
 * does not know (added to the service later) is preserved, not rejected. Its type says so with
 * `UnknownEnumValue<Name>`, which only decoding or `unknownEnumValue` produce, so that an input
 * accepts the known literals and a typo is a compile error.
 */
/* @__NO_SIDE_EFFECTS__ */
export function enumeration<const Name extends string, const L extends string>(
  identifier: Name,
  values: ReadonlyArray<L>,
): Schema.Schema<L | UnknownEnumValue<Name>, string> {
  return lazy(() =>
    (Schema.String as unknown as Schema.Schema<L | UnknownEnumValue<Name>, string>).annotations({
      identifier,
      arbitrary: () => (fc) => fc.constantFrom(...values),
    }),
  )
}

/** A Smithy `integer`, with its `range` constraint. */
/* @__NO_SIDE_EFFECTS__ */
export function int(identifier: string, c: { readonly min?: number; readonly max?: number } = {}): Schema.Schema<number> {
  // A Smithy integer is 32-bit, whether or not the model narrows it with `@range`.
  return lazy(() =>
    Schema.Int.pipe(Schema.greaterThanOrEqualTo(c.min ?? INT32_MIN), Schema.lessThanOrEqualTo(c.max ?? INT32_MAX)).annotations({
      identifier,
    }),
  )
}

const INT32_MIN = -(2 ** 31)
const INT32_MAX = 2 ** 31 - 1

/**
 * A Smithy `long`, with its `range` constraint. A long beyond 2^53 cannot be held exactly in a
 * number, so longs are bounded to safe integers, as the core's codec bounds them.
 */
/* @__NO_SIDE_EFFECTS__ */
export function long(identifier: string, c: { readonly min?: number; readonly max?: number } = {}): Schema.Schema<number> {
  return lazy(() =>
    Schema.Int.pipe(
      Schema.greaterThanOrEqualTo(Math.max(c.min ?? Number.MIN_SAFE_INTEGER, Number.MIN_SAFE_INTEGER)),
      Schema.lessThanOrEqualTo(Math.min(c.max ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)),
    ).annotations({ identifier }),
  )
}

/**
 * A Smithy `float` or `double`, with its `range` constraint. Finite only: NaN and the infinities
 * are strings on the awsJson1_1 wire, which the core's codec does not write.
 */
/* @__NO_SIDE_EFFECTS__ */
export function double(identifier: string, c: { readonly min?: number; readonly max?: number } = {}): Schema.Schema<number> {
  return lazy(() => {
    let s: Schema.Schema<number> = Schema.Finite
    if (c.min !== undefined) s = s.pipe(Schema.greaterThanOrEqualTo(c.min))
    if (c.max !== undefined) s = s.pipe(Schema.lessThanOrEqualTo(c.max))
    return s.annotations({ identifier })
  })
}

/** A Smithy `blob`, with its `length` constraint in bytes: a `Uint8Array` in code, base64 on the wire. */
/* @__NO_SIDE_EFFECTS__ */
export function blob(identifier: string, c: { readonly min?: number; readonly max?: number } = {}): Schema.Schema<Uint8Array, string> {
  return lazy(() => {
    if (c.min === undefined && c.max === undefined) return Schema.Uint8ArrayFromBase64.annotations({ identifier })
    const min = c.min ?? 0
    const max = c.max ?? Number.MAX_SAFE_INTEGER
    return Schema.Uint8ArrayFromBase64.pipe(
      Schema.filter(
        (bytes) => (bytes.length >= min && bytes.length <= max) || `Expected between ${min} and ${max} bytes, got ${bytes.length}`,
      ),
    ).annotations({ identifier })
  })
}

/** A Smithy `boolean`. */
export const boolean: Schema.Schema<boolean> = Schema.Boolean

// Years 0001 to 9999 (the range of an RFC 3339 `date-time`), in epoch milliseconds.
const minTimestamp = -62_135_596_800_000 // 0001-01-01T00:00:00.000Z
const maxTimestamp = 253_402_300_799_999 // 9999-12-31T23:59:59.999Z

/**
 * A Smithy `timestamp`: a `Date` in code, epoch seconds (with millisecond fraction) on the wire,
 * the awsJson1_1 default. Rounding to whole milliseconds on decode matches the official SDK and
 * makes `Date → seconds → Date` exact despite binary floating point, for years 0001 to 9999
 * (|ms| < 2^48: the seconds are off by < 0.04 ms). Far outside that, up to the ±275760 years a
 * `Date` allows, a double of seconds can no longer tell neighbouring milliseconds apart.
 */
export const timestamp: Schema.Schema<Date, number> = /*#__PURE__*/ lazy(() =>
  Schema.transform(Schema.Number, Schema.ValidDateFromSelf, {
    strict: true,
    decode: (seconds) => new Date(Math.round(seconds * 1000)),
    encode: (date) => date.getTime() / 1000,
  }).annotations({
    identifier: "Timestamp",
    // `Arbitrary.make` would otherwise draw from every valid `Date`, which the wire format cannot
    // carry to the millisecond (see above); generated dates stay where the round trip is exact.
    arbitrary: () => (fc) => fc.date({ min: new Date(minTimestamp), max: new Date(maxTimestamp), noInvalidDate: true }),
  }),
)

/** A Smithy `list`, with its `length` constraint. */
/* @__NO_SIDE_EFFECTS__ */
export function list<A, I>(
  item: Schema.Schema<A, I>,
  c: { readonly min?: number; readonly max?: number } = {},
): Schema.Schema<ReadonlyArray<A>, ReadonlyArray<I>> {
  return lazy(() => {
    let s: Schema.Schema<ReadonlyArray<A>, ReadonlyArray<I>> = Schema.Array(item)
    if (c.min !== undefined && c.min > 0) s = s.pipe(Schema.minItems(c.min))
    if (c.max !== undefined) s = s.pipe(Schema.maxItems(c.max))
    return s
  })
}

/** A Smithy `map` (string keys), with its `length` constraint on the number of entries. */
/* @__NO_SIDE_EFFECTS__ */
export function map<V, I>(
  key: Schema.Schema<string>,
  value: Schema.Schema<V, I>,
  c: { readonly min?: number; readonly max?: number } = {},
): Schema.Schema<{ readonly [key: string]: V }, { readonly [key: string]: I }> {
  return lazy(() => {
    const s = Schema.Record({ key, value })
    if (c.min === undefined && c.max === undefined) return s
    const min = c.min ?? 0
    const max = c.max ?? Number.MAX_SAFE_INTEGER
    return s.pipe(
      Schema.filter((m) => {
        const n = Object.keys(m).length
        return (n >= min && n <= max) || `Expected between ${min} and ${max} entries, got ${n}`
      }),
    )
  })
}

/**
 * A Smithy `structure`. Optional members are those the model does not mark `@required`. Generated
 * code passes the members as a thunk, called when the schema is built, so that they are read then
 * rather than at import; a plain object works too (its optional members have read their schemas).
 */
/* @__NO_SIDE_EFFECTS__ */
export function struct<F extends Schema.Struct.Fields>(
  identifier: string,
  fields: F | (() => F),
): Schema.Schema<Simplify<Schema.Struct.Type<F>>, Simplify<Schema.Struct.Encoded<F>>> {
  // `Schema.Struct<F>` with its types spelt out (TypeScript cannot simplify them for a generic F);
  // the context is `never` as no builder makes a schema that needs one.
  return lazy(() => Schema.Struct(typeof fields === "function" ? fields() : fields).annotations({ identifier }) as any)
}

/** An optional structure member (inside a {@link struct}'s `fields` thunk: it reads `schema.ast`). */
/* @__NO_SIDE_EFFECTS__ */
export function optional<S extends Schema.Schema.All>(schema: S): Schema.optional<S> {
  return Schema.optional(schema)
}

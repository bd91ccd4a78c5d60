/**
 * The vocabulary generated schemas are written in (see `src/schema/Schemas.ts`), for Effect 4's
 * `Schema`: the same builders, with the same meaning, as the Effect 3 flavor's
 * `src/schema/internal/builders.ts`, made with Effect 4's public API only.
 *
 * Every builder is a plain function marked `@__NO_SIDE_EFFECTS__`, so a bundler drops the schemas
 * of operations a program never calls even though they all live in one module.
 *
 * Structures are built on first use, in a `Schema.suspend` (public API; memoized, so the first
 * decode, encode or `Arbitrary` pays once); every other schema is built when `Schemas.ts` runs: at
 * import, or, in the package's Node build, on the first read of one of its members. Measured
 * 2026-12-04 with `bench/imports.mjs` (effect 4.1.5, Node 24.21, a loaded 2-core machine): each
 * module bundled alone by esbuild with effect external, imported by a fresh `node` after effect's
 * own modules, 15 interleaved rounds, medians (min–max):
 *
 * | import of                                        | ms                |
 * | ------------------------------------------------ | ----------------- |
 * | a module importing `effect/Schema` only (loader) | 7.5 (6.4–9.7)     |
 * | `shapes.ts`, structures suspended (shipped)      | 20.4 (16.5–33.5)  |
 * | `shapes.ts`, every schema built at import        | 29.9 (26.2–77.4)  |
 *
 * so, the loader's share apart, ~13 ms against ~22 ms. Suspending the enums, lists and integers
 * too measured 19.6 ms (11 rounds): within the noise, so they stay eager. Unlike Effect 3 (whose
 * `Arbitrary` walked every suspension of a shared sub-shape again, and whose flavor copies Effect
 * internals to be lazy), Effect 4 generates, decodes and encodes through `Schema.suspend` about as
 * fast as without it (`test/schemas.codec.test.ts` ran in 1.9 s suspended and 2.0 s eager, one
 * run each), and the live client never runs these schemas per call: the core's codec does.
 */
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as SchemaAST from "effect/SchemaAST"
import * as SchemaTransformation from "effect/SchemaTransformation"
import type { Simplify } from "effect/Types"
import type { UnknownEnumValue } from "../UnknownEnumValue.js"

interface StringConstraints {
  readonly min?: number
  readonly max?: number
  readonly pattern?: RegExp
}

/**
 * The checks of a string with Smithy's `@length` (counted in Unicode scalar values, not UTF-16 code
 * units: an emoji is one character, as `isMinCodePoints` counts) and `@pattern`. A sensitive value
 * must never reach an error message, so its checks describe the rule only.
 */
const stringChecks = (c: StringConstraints, hideValue: boolean): Array<SchemaAST.Check<string>> => {
  const message = (rule: string) => (hideValue ? { message: `Expected ${rule} (value hidden: sensitive)` } : undefined)
  const checks: Array<SchemaAST.Check<string>> = []
  const { min, max, pattern } = c
  if (min !== undefined && min > 0) {
    checks.push(shared(`min ${min} ${hideValue}`, () => Schema.isMinCodePoints(min, message(`at least ${min} character(s)`))))
  }
  if (max !== undefined) {
    checks.push(shared(`max ${max} ${hideValue}`, () => Schema.isMaxCodePoints(max, message(`at most ${max} character(s)`))))
  }
  if (pattern !== undefined) {
    checks.push(
      shared(`pattern ${pattern.source} ${hideValue}`, () => Schema.isPattern(pattern, message(`a string matching ${pattern.source}`))),
    )
  }
  return checks
}

/**
 * One check per rule, shared by every schema that has it (a check is immutable data): the model's
 * 93 strings have about 150 length and pattern rules but 47 distinct sets of them, and making every
 * check took about half of the ~1.2 ms their schemas took at import (2026-12-05, Node 24).
 */
const sharedChecks = new Map<string, SchemaAST.Check<any>>()
const shared = <T>(key: string, make: () => SchemaAST.Check<T>): SchemaAST.Check<T> => {
  let check = sharedChecks.get(key)
  if (check === undefined) sharedChecks.set(key, (check = make()))
  return check
}

/**
 * `base.check(...checks).annotate(annotations)` in one step: Effect's `annotate` on a schema with
 * checks annotates its last check, so the same schema comes from annotating that check first,
 * without the intermediate schema and AST (at import, for the ~200 schemas built then).
 */
const checkedAndAnnotated = <S extends Schema.Top>(
  base: S,
  checks: ReadonlyArray<SchemaAST.Check<S["Type"]>>,
  annotations: Schema.Annotations.Filter,
): S => {
  if (checks.length === 0) return base.annotate(annotations) as S
  const last = checks.length - 1
  return base.check(...(checks.map((check, i) => (i === last ? check.annotate(annotations) : check)) as [SchemaAST.Check<S["Type"]>])) as S
}

/** A Smithy `string`, with its `length` and `pattern` constraints. */
/* @__NO_SIDE_EFFECTS__ */
export function string(identifier: string, c: StringConstraints = {}): Schema.String {
  return checkedAndAnnotated(Schema.String, stringChecks(c, false), { identifier })
}

/** A Smithy `string` marked `@sensitive`: `Redacted` in code, plain on the wire. */
/* @__NO_SIDE_EFFECTS__ */
export function sensitive(identifier: string, c: StringConstraints = {}): Schema.Codec<Redacted.Redacted<string>, string> {
  // The type checks get messages of their own: by default they echo the value, and a value of the
  // wrong type there is typically the secret itself, passed as a plain string instead of a `Redacted`.
  const hidden = (what: string) => `Expected ${what} (value hidden: sensitive)`
  const checks = stringChecks(c, true)
  const base = Schema.String.annotate({ message: hidden("a string") })
  const value = checks.length === 0 ? base : base.check(checks[0]!, ...checks.slice(1))
  return value
    .pipe(
      Schema.decodeTo(
        Schema.Redacted(Schema.toType(value)).annotate({ message: hidden("a Redacted string") }),
        SchemaTransformation.transform({ decode: (s: string) => Redacted.make(s), encode: (r) => Redacted.value(r) }),
      ),
    )
    .annotate({ identifier })
}

/**
 * A Smithy `enum`. Enums are open, as Smithy asks of clients: a value this version of the SDK
 * does not know (added to the service later) is preserved, not rejected. Its type says so with
 * `UnknownEnumValue<Name>`, which only decoding or `unknownEnumValue` produce, so that an input
 * accepts the known literals and a typo is a compile error. Generated values are the modeled ones.
 */
/* @__NO_SIDE_EFFECTS__ */
export function enumeration<const Name extends string, const L extends string>(
  identifier: Name,
  values: ReadonlyArray<L>,
): Schema.Codec<L | UnknownEnumValue<Name>, string> {
  // Only `Arbitrary` reads the modeled values' pattern: made when first read, not at import.
  let patterns: Schema.Annotations.ToArbitrary.FilterConstraint<string>["patterns"]
  const modeled = {
    get patterns() {
      return (patterns ??= [{ source: new RegExp(`^(?:${values.map(escapeRegExp).join("|")})$`).source, flags: "" }])
    },
  }
  return checkedAndAnnotated(Schema.String, [generatedAs(modeled)], { identifier }) as unknown as Schema.Codec<
    L | UnknownEnumValue<Name>,
    string
  >
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")

/**
 * A check every value passes, which only tells `Arbitrary` what to generate: the modeled values
 * of an open enum, the dates whose wire form is exact.
 */
const generatedAs = <T>(constraint: Schema.Annotations.ToArbitrary.FilterConstraint<T>): SchemaAST.Check<T> =>
  Schema.makeFilter<T>(() => true, { arbitraryConstraint: constraint })

/** A Smithy `integer`, with its `range` constraint (a Smithy integer is 32-bit, ranged or not). */
/* @__NO_SIDE_EFFECTS__ */
export function int(identifier: string, c: { readonly min?: number; readonly max?: number } = {}): Schema.Codec<number> {
  return checkedAndAnnotated(Schema.Int, [Schema.isBetween({ minimum: c.min ?? INT32_MIN, maximum: c.max ?? INT32_MAX })], { identifier })
}

const INT32_MIN = -(2 ** 31)
const INT32_MAX = 2 ** 31 - 1

/**
 * A Smithy `long`, with its `range` constraint. A long beyond 2^53 cannot be held exactly in a
 * number, so longs are bounded to safe integers, as the core's codec bounds them.
 */
/* @__NO_SIDE_EFFECTS__ */
export function long(identifier: string, c: { readonly min?: number; readonly max?: number } = {}): Schema.Codec<number> {
  const minimum = Math.max(c.min ?? Number.MIN_SAFE_INTEGER, Number.MIN_SAFE_INTEGER)
  const maximum = Math.min(c.max ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)
  return checkedAndAnnotated(Schema.Int, [Schema.isBetween({ minimum, maximum })], { identifier })
}

/**
 * A Smithy `float` or `double`, with its `range` constraint. Finite only: NaN and the infinities
 * are strings on the awsJson1_1 wire, which the core's codec does not write.
 */
/* @__NO_SIDE_EFFECTS__ */
export function double(identifier: string, c: { readonly min?: number; readonly max?: number } = {}): Schema.Codec<number> {
  const checks: Array<SchemaAST.Check<number>> = []
  if (c.min !== undefined) checks.push(Schema.isGreaterThanOrEqualTo(c.min))
  if (c.max !== undefined) checks.push(Schema.isLessThanOrEqualTo(c.max))
  return checkedAndAnnotated(Schema.Finite, checks, { identifier })
}

/** A Smithy `blob`, with its `length` constraint in bytes: a `Uint8Array` in code, base64 on the wire. */
/* @__NO_SIDE_EFFECTS__ */
export function blob(identifier: string, c: { readonly min?: number; readonly max?: number } = {}): Schema.Codec<Uint8Array, string> {
  const checks: Array<SchemaAST.Check<Uint8Array>> = []
  if (c.min !== undefined && c.min > 0) checks.push(Schema.isMinLength(c.min))
  if (c.max !== undefined) checks.push(Schema.isMaxLength(c.max))
  return checkedAndAnnotated(Schema.Uint8ArrayFromBase64, checks, { identifier })
}

/** A Smithy `boolean`. */
export const boolean: Schema.Codec<boolean> = Schema.Boolean

// Years 0001 to 9999 (the range of an RFC 3339 `date-time`), in epoch milliseconds.
const minTimestamp = -62_135_596_800_000 // 0001-01-01T00:00:00.000Z
const maxTimestamp = 253_402_300_799_999 // 9999-12-31T23:59:59.999Z

/**
 * A Smithy `timestamp`: a `Date` in code, epoch seconds (with millisecond fraction) on the wire,
 * the awsJson1_1 default. Rounding to whole milliseconds on decode matches the official SDK and
 * makes `Date → seconds → Date` exact despite binary floating point, for years 0001 to 9999
 * (|ms| < 2^48: the seconds are off by < 0.04 ms). Generated dates stay in that range; further
 * out, up to the ±275760 years a `Date` allows, a double of seconds can no longer tell
 * neighbouring milliseconds apart.
 */
export const timestamp: Schema.Codec<Date, number> = /*#__PURE__*/ Schema.Finite.pipe(
  Schema.decodeTo(
    Schema.Date.check(generatedAs<Date>({ minimum: new Date(minTimestamp), maximum: new Date(maxTimestamp) })),
    SchemaTransformation.transform({
      decode: (seconds: number) => new Date(Math.round(seconds * 1000)),
      encode: (date: Date) => date.getTime() / 1000,
    }),
  ),
).annotate({ identifier: "Timestamp" })

/** A Smithy `list`, with its `length` constraint. */
/* @__NO_SIDE_EFFECTS__ */
export function list<A, I>(
  item: Schema.Codec<A, I>,
  c: { readonly min?: number; readonly max?: number } = {},
): Schema.Codec<ReadonlyArray<A>, ReadonlyArray<I>> {
  const checks: Array<SchemaAST.Check<ReadonlyArray<A>>> = []
  const { min, max } = c
  if (min !== undefined && min > 0) checks.push(shared(`list min ${min}`, () => Schema.isMinLength(min)))
  if (max !== undefined) checks.push(shared(`list max ${max}`, () => Schema.isMaxLength(max)))
  const s = Schema.Array(item)
  return checks.length === 0 ? s : s.check(checks[0]!, ...checks.slice(1))
}

/** A Smithy `map` (string keys), with its `length` constraint on the number of entries. */
/* @__NO_SIDE_EFFECTS__ */
export function map<V, I>(
  key: Schema.String,
  value: Schema.Codec<V, I>,
  c: { readonly min?: number; readonly max?: number } = {},
): Schema.Codec<{ readonly [key: string]: V }, { readonly [key: string]: I }> {
  const s: Schema.Codec<{ readonly [key: string]: V }, { readonly [key: string]: I }> = Schema.Record(key, value)
  if (c.min === undefined && c.max === undefined) return s
  return s.check(Schema.isBetweenProperties(c.min ?? 0, c.max ?? Number.MAX_SAFE_INTEGER))
}

/**
 * A Smithy `structure`. Optional members are those the model does not mark `@required`. The
 * structure is built on first use, in a `Schema.suspend` (see the module's comment); generated code
 * passes its members as a thunk, so that they are read then too.
 */
/* @__NO_SIDE_EFFECTS__ */
export function struct<F extends Schema.Struct.Fields>(
  identifier: string,
  fields: F | (() => F),
): Schema.Codec<Simplify<Schema.Struct.Type<F>>, Simplify<Schema.Struct.Encoded<F>>> {
  return Schema.suspend(() => Schema.Struct(typeof fields === "function" ? fields() : fields).annotate({ identifier })) as any
}

/** An optional structure member: absent or `undefined`. */
/* @__NO_SIDE_EFFECTS__ */
export function optional<S extends Schema.Constraint>(schema: S): Schema.optional<S> {
  return Schema.optional(schema)
}

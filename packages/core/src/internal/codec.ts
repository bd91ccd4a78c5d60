/**
 * What the generated codec (`../generated/{validate,encode,decode}.ts`) is written in, and the rules
 * it applies, documented once here.
 *
 * Validators (values a caller hands in):
 * - structures and maps are plain objects (prototype `Object.prototype` or `null`), so that a `Map`,
 *   a `Date` or a class instance is never sent as `{}`; lists are arrays;
 * - a structure has only its members (an unknown member is refused, not silently dropped) and all
 *   of its required ones; an `undefined` member is an absent one, as `JSON.stringify` has it; own
 *   non-enumerable properties are refused, as `JSON.stringify` would drop them; symbol keys are not
 *   members and are ignored, as `JSON.stringify` ignores them;
 * - Smithy's `@length` counts Unicode code points for strings, items for lists, entries for maps;
 *   `@pattern` is an ECMAScript regular expression; an `integer` is 32-bit whatever its `@range`;
 * - enums are open: any string passes (a value the service added after this model);
 * - the first broken rule is reported, with its path; a message never copies more than a short
 *   prefix of the offending value, and nothing of a sensitive one.
 *
 * The model has no recursive shapes, so validators, encoders and decoders recurse only as deep as
 * the model: a value nested deeper is refused at the first level where it has the wrong type, and no
 * input can exhaust the stack.
 *
 * Decoders (parsed wire JSON), lenient as Smithy asks of clients: unknown members are ignored,
 * unknown enum values kept, `null` read as absent (and dropped from lists and maps), constraints left
 * to the sender, and a missing required member corrected to its zero value (`""`, `0`, `false`,
 * `[]`, `{}`, epoch 0, a structure with its own required members corrected). With `strict` (a server
 * reading a request) a missing required member or a `null` list item is refused instead.
 *
 * Timestamps are epoch seconds on the wire (awsJson1_1); decoders also accept a numeric string,
 * as the official SDK does, and an ISO-8601 date-time with a zone, as botocore does (some
 * implementations, moto among them, send those).
 *
 * @since 0.1.0
 */

import { codePoints } from "./codePoints.js"

// -----------------------------------------------------------------------------------------------
// Secrets
// -----------------------------------------------------------------------------------------------

/**
 * How sensitive strings are held in values: the core holds them as plain strings, the Effect
 * packages as `Redacted`.
 */
export interface Secrets {
  /** The value holding a sensitive string read from the wire. */
  readonly conceal: (value: string) => unknown
  /** The string a sensitive value holds, or `undefined` when `value` is not one. */
  readonly reveal: (value: unknown) => string | undefined
}

/** Sensitive strings held as plain strings. */
export const plainSecrets: Secrets = {
  conceal: (value) => value,
  reveal: (value) => (typeof value === "string" ? value : undefined),
}

export interface DecodeOptions {
  readonly secrets: Secrets
  /** Refuse a missing required member or a `null` list item (a server), instead of correcting it. */
  readonly strict: boolean
}

export type Mutable<T> = { -readonly [K in keyof T]: T[K] }

export const identity = <A>(a: A): A => a

// -----------------------------------------------------------------------------------------------
// Operations
// -----------------------------------------------------------------------------------------------

/** The codec of one shape. */
export interface ShapeCodec<A> {
  /** The first rule `value` breaks, or `undefined`. May throw when reading `value` throws. */
  readonly validate: (value: unknown, secrets: Secrets) => Issue | undefined
  /** The wire form of a valid value (JSON-ready). */
  readonly encode: (value: any, secrets: Secrets) => unknown
  /** A value from its parsed wire form; throws a {@link DecodeFailure}. */
  readonly decode: (value: unknown, options: DecodeOptions) => A
}

/** How a paginated operation pages: the member names of its tokens, items and page size. */
export interface Paginator {
  readonly inputToken: string
  readonly outputToken: string
  readonly items: string
  readonly pageSize?: string | undefined
}

/** What a client does with an operation's input: check it, then write its wire form. */
export type InputCodec<A> = Pick<ShapeCodec<A>, "validate" | "encode">

/** What a client does with an operation's output: read it from the wire. */
export type OutputCodec<A> = Pick<ShapeCodec<A>, "decode">

/**
 * An operation as a client uses it (`generated/clientOperations.ts`): a client imports and bundles
 * neither its output's validator nor its input's decoder.
 */
export interface ClientOperationCodec<I, O> {
  /** The model's name, for example `GetPipelineState`. */
  readonly name: string
  readonly input: InputCodec<I>
  /** `undefined` when the operation returns nothing (Smithy `Unit`). */
  readonly output: OutputCodec<O> | undefined
  /** The codes of the exceptions the operation models. */
  readonly errors: ReadonlyArray<string>
  readonly paginator?: Paginator | undefined
  /** The input member filled with a fresh UUID when absent (Smithy `@idempotencyToken`). */
  readonly idempotencyToken?: string | undefined
}

export { type ClientOperation, type ClientOperationMeta, clientOperation, type Lazy, lazy } from "./clientOperation.js"

/** An operation as data, with the whole codec of its input and output (a server's, and the tests'). */
export interface OperationCodec<I, O> extends ClientOperationCodec<I, O> {
  readonly input: ShapeCodec<I>
  readonly output: ShapeCodec<O> | undefined
}

// -----------------------------------------------------------------------------------------------
// Issues
// -----------------------------------------------------------------------------------------------

export type IssueKind = "type" | "missing" | "unknown" | "hidden" | "length" | "pattern" | "range" | "unreadable"

/** The first rule a value breaks. */
export class Issue {
  /**
   * From the root to the offending value, for example `["pipeline", "stages", 0, "name"]`: filled
   * in front as the issue travels up (a failure path, so the cost of `unshift` does not matter).
   */
  readonly path: Array<string | number> = []
  /** Set when the offending value is a map key rather than a value. */
  key = false
  constructor(
    readonly kind: IssueKind,
    /** What the value should be, as the client's message words it (`a string`, `at most 100`). */
    readonly expected: string,
    /** The offending value: read for a bounded description, never copied whole. */
    readonly value: unknown,
    readonly sensitive: boolean,
    readonly bounds?: { readonly min?: number | undefined; readonly max?: number | undefined; readonly unit?: string },
    readonly pattern?: string,
  ) {}
}

export const at = (issue: Issue, segment: string | number): Issue => {
  issue.path.unshift(segment)
  return issue
}

export const atKey = (issue: Issue, key: string): Issue => {
  issue.key = true
  return at(issue, key)
}

export const typeIssue = (expected: string, value: unknown, sensitive = false): Issue => new Issue("type", expected, value, sensitive)

export const objectIssue = (value: unknown): Issue => new Issue("type", "a plain object", value, false)

export const lengthIssue = (
  value: unknown,
  unit: "character" | "item" | "entry" | "byte",
  min: number | undefined,
  max: number | undefined,
  sensitive = false,
): Issue => new Issue("length", "", value, sensitive, { min, max, unit })

export const patternIssue = (value: string, pattern: string, sensitive = false): Issue =>
  new Issue("pattern", "", value, sensitive, undefined, pattern)

export const rangeIssue = (value: number, min: number, max: number): Issue => new Issue("range", "", value, false, { min, max })

export const unknownMember = (key: string): Issue => at(new Issue("unknown", "", undefined, false), key)

export const missingMember = (name: string): Issue => at(new Issue("missing", "", undefined, false), name)

export const hiddenKeyIssue = (value: object): Issue =>
  new Issue("hidden", "a plain object whose properties are all enumerable", value, false)

/**
 * A structure's enumerable keys differ from its present members: the first enumerable own key that
 * is not a member (unknown), a member that is not enumerable (hidden: `JSON.stringify` would drop
 * it), or a member read from the prototype chain rather than the object itself. `undefined` when
 * the difference is only keys holding `undefined` or inherited ones, neither of which is sent.
 * Non-enumerable keys that are not members are ignored, as `JSON.stringify` and symbol keys are.
 */
/**
 * The issue a structure reports when one of its members breaks a rule: a key that is not a present
 * member is reported first, wherever it is, as Effect's `Schema` reports excess properties first
 * (so the two agree on every input). Only runs on the failure path.
 */
export const firstIssue = (v: Record<string, unknown>, memberList: string, issue: Issue): Issue => strayKey(v, memberList) ?? issue

export const strayKey = (v: Record<string, unknown>, memberList: string): Issue | undefined => {
  const members = memberList === "" ? [] : memberList.split(",")
  for (const key of Object.getOwnPropertyNames(v)) {
    const enumerable = Object.prototype.propertyIsEnumerable.call(v, key)
    if (members.includes(key)) {
      if (!enumerable) return at(hiddenKeyIssue(v), key)
    } else if (enumerable && v[key] !== undefined) {
      return unknownMember(key)
    }
  }
  for (const name of members) {
    if (v[name] !== undefined && !Object.hasOwn(v, name)) return at(new Issue("unknown", "", undefined, false), name)
  }
  return undefined
}

/** Reading the value threw: the issue keeps a short description of what was thrown. */
export const unreadableIssue = (thrown: unknown): Issue => new Issue("unreadable", "", describeThrown(thrown), false)

/** What reading the member, item or entry `at` threw, at that place (`undefined`: the value itself). */
export const unreadableAt = (thrown: unknown, segment: string | number | undefined): Issue => {
  const issue = unreadableIssue(thrown)
  return segment === undefined || segment === -1 ? issue : at(issue, segment)
}

const describeThrown = (thrown: unknown): string => {
  try {
    if (thrown instanceof Error) return flat(cut(`${String(thrown.name)}: ${String(thrown.message)}`, MAX_SHOWN * 2))
    return typeof thrown === "string" ? flat(cut(thrown, MAX_SHOWN * 2)) : describeType(thrown)
  } catch {
    return "a value that cannot be read either"
  }
}

/**
 * A copy of a short string that shares no memory with the string it was cut from: V8 keeps a slice
 * of a long string as a view of the whole, which an error would keep alive.
 */
const flat = (s: string): string => {
  let out = ""
  for (let i = 0; i < s.length; i++) out += s[i]
  return out
}

// -----------------------------------------------------------------------------------------------
// Checks
// -----------------------------------------------------------------------------------------------

export const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== "object" || v === null) return false
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

/** Any JSON object (what `JSON.parse` makes of `{...}`). */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v)

/**
 * The number of a structure's enumerable keys, compared with the number of members present (read by
 * name): equal counts mean the enumerable keys are exactly the present members, as `JSON.stringify`
 * sends them. It allocates nothing, which matters on every object of every input; a key inherited
 * from a polluted `Object.prototype` only sends the structure down {@link strayKey}'s exact path.
 */
export const keyCount = (v: object): number => {
  let n = 0
  for (const _ in v) n++
  return n
}

export { atLeast, atMost } from "./codePoints.js"

export const timestamp = (v: unknown): Issue | undefined =>
  v instanceof Date && !Number.isNaN(v.getTime()) ? undefined : typeIssue("a valid Date", v)

export const blob = (v: unknown): Issue | undefined => (v instanceof Uint8Array ? undefined : typeIssue("a Uint8Array", v))

// -----------------------------------------------------------------------------------------------
// Encoding
// -----------------------------------------------------------------------------------------------

export const epochSeconds = (date: Date): number => date.getTime() / 1000

export const base64 = (bytes: Uint8Array): string => {
  let binary = ""
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!)
  return btoa(binary)
}

/** Sets `out[key]` as an own entry, even for `__proto__` (an assignment would set the prototype). */
export const setEntry = (out: Record<string, unknown>, key: string, value: unknown): void => {
  if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true })
  else out[key] = value
}

// -----------------------------------------------------------------------------------------------
// Decoding
// -----------------------------------------------------------------------------------------------

/** Thrown by decoders; `path` is filled in as it travels up. */
export class DecodeFailure {
  /** From the root to the offending value, filled in front as the failure travels up. */
  readonly path: Array<string | number> = []
  constructor(
    readonly expected: string,
    readonly actual: unknown,
  ) {}
  get message(): string {
    const path = formatPath(this.path)
    if (this.expected === "") return `${path === "" ? "a required member" : path} is missing`
    return `Expected ${this.expected}${path === "" ? "" : ` at ${path}`}, got ${describeType(this.actual)}`
  }
}

/**
 * A decoding failure as the issue it is (a missing member, or a value of the wrong type), at the
 * same path: for a server, which reports what a request breaks as it reports validation issues.
 */
export const failureIssue = (failure: DecodeFailure): Issue => {
  const issue =
    failure.expected === "" ? new Issue("missing", "", undefined, false) : new Issue("type", failure.expected, failure.actual, false)
  issue.path.push(...failure.path)
  return issue
}

/** Adds a path segment to a failure travelling up; anything else is rethrown as it is. */
export const within = (failure: unknown, segment: string | number): unknown => {
  if (failure instanceof DecodeFailure) failure.path.unshift(segment)
  return failure
}

export const missing = (): DecodeFailure => new DecodeFailure("", undefined)

export const string = (v: unknown): string => {
  if (typeof v !== "string") throw new DecodeFailure("a string", v)
  return v
}

export const number = (v: unknown): number => {
  if (typeof v !== "number") throw new DecodeFailure("a number", v)
  return v
}

export const boolean = (v: unknown): boolean => {
  if (typeof v !== "boolean") throw new DecodeFailure("a boolean", v)
  return v
}

/**
 * A timestamp: epoch seconds, the awsJson1_1 format, as a number or as a decimal string (the
 * official SDK and botocore accept both); or an ISO-8601 date-time with a zone, which moto_server
 * and other AWS look-alikes send where the model says epoch seconds, and which botocore (the AWS
 * CLI) accepts. Anything else fails.
 */
export const timestampFromWire = (v: unknown): Date => {
  const millis = typeof v === "number" ? fromSeconds(v) : typeof v === "string" ? fromString(v) : undefined
  if (millis === undefined) throw new DecodeFailure("a timestamp (epoch seconds, or an ISO-8601 date-time with a zone)", v)
  return new Date(millis)
}

const fromSeconds = (seconds: number): number | undefined => (Number.isFinite(seconds) ? Math.round(seconds * 1000) : undefined)

// Decimal notation only, as the official SDK's `strictParseDouble`: not `0x10`, `0b1`, `Infinity`.
const DECIMAL = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/
// ISO-8601 calendar date and time with a zone, extended (`2024-06-01T12:30:00.5+02:00`, also with a
// space or lower-case `t`/`z` as RFC 3339 allows) or basic (`20240601T123000Z`); seconds and
// minutes may be left out, the fraction may follow a comma.
const ISO_EXTENDED = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)$/
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})[Tt](\d{2})(?:(\d{2})(?:(\d{2})(?:[.,](\d+))?)?)?([Zz]|[+-]\d{2}(?:\d{2})?)$/

const fromString = (s: string): number | undefined => {
  if (DECIMAL.test(s)) return fromSeconds(Number(s))
  const m = ISO_EXTENDED.exec(s) ?? ISO_BASIC.exec(s)
  if (m === null) return undefined
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  const hour = Number(m[4])
  const minute = m[5] === undefined ? 0 : Number(m[5])
  const second = m[6] === undefined ? 0 : Number(m[6])
  const fraction = m[7] === undefined ? 0 : Number(`0.${m[7]}`)
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || minute > 59 || second > 59) return undefined
  // 24:00 is the end of the day, and nothing later.
  if (hour > 24 || (hour === 24 && (minute !== 0 || second !== 0 || fraction !== 0))) return undefined
  const zone = m[8]!
  let offset = 0
  if (zone !== "Z" && zone !== "z") {
    const hours = Number(zone.slice(1, 3))
    const minutes = zone.length > 3 ? Number(zone.slice(-2)) : 0
    if (hours > 23 || minutes > 59) return undefined
    offset = (zone[0] === "-" ? -1 : 1) * (hours * 60 + minutes) * 60_000
  }
  // `setUTCFullYear`, not `Date.UTC`: the latter reads years 0-99 as 1900-1999.
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  date.setUTCHours(hour, minute, second)
  return date.getTime() + Math.round(fraction * 1000) - offset
}

const daysIn = (year: number, month: number): number =>
  month === 2 ? ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31

export const blobFromWire = (v: unknown): Uint8Array => {
  if (typeof v !== "string") throw new DecodeFailure("a base64 string", v)
  let binary: string
  try {
    binary = atob(v)
  } catch {
    // atob throws a DOMException, which is not a DecodeFailure and would carry no path.
    throw new DecodeFailure("a base64 string", v)
  }
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

// -----------------------------------------------------------------------------------------------
// Describing values and paths
// -----------------------------------------------------------------------------------------------

/** `pipeline.stages[0].name` */
export const formatPath = (path: ReadonlyArray<string | number>): string => {
  let out = ""
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? p : `.${p}`
  return out
}

/** A value's kind, never its content: `a string`, `an array`, `a Map`, `null`. */
export const describeType = (value: unknown): string => {
  if (value === null) return "null"
  if (value === undefined) return "undefined"
  let array: boolean
  try {
    array = Array.isArray(value)
  } catch {
    // A revoked Proxy: nothing of it can be read.
    return "an unreadable object"
  }
  if (array) return "an array"
  if (typeof value === "object") {
    let name: unknown
    try {
      const proto = Object.getPrototypeOf(value)
      name = proto === null ? undefined : proto.constructor?.name
    } catch {
      name = undefined
    }
    return typeof name === "string" && name !== "" && name !== "Object" ? `a ${name.slice(0, 40)}` : "an object"
  }
  const type = typeof value
  return `a ${type}`
}

/** How many characters of an offending string a message may show. */
export const MAX_SHOWN = 60

/** The first `n` code units of `s`, one fewer if the cut would split a surrogate pair. */
export const cut = (s: string, n: number): string => {
  if (s.length <= n) return s
  const last = s.charCodeAt(n - 1)
  return s.slice(0, last >= 0xd800 && last <= 0xdbff ? n - 1 : n)
}

/** A bounded description of a value: a string's first characters, a number, or its kind. */
export const describeValue = (value: unknown, sensitive: boolean): string => {
  if (sensitive) return "a value (hidden: sensitive)"
  if (typeof value === "string") {
    const shown = cut(value, MAX_SHOWN)
    return shown.length < value.length ? `${JSON.stringify(shown)}… (${value.length} characters)` : JSON.stringify(value)
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value)
  return describeType(value)
}

const plural = (n: number | undefined, unit: string): string => `${n} ${unit === "entry" ? (n === 1 ? "entry" : "entries") : `${unit}(s)`}`

/** What the issue says, as a client words it: `Expected a string at most 100 character(s), got "…"`. */
export const issueMessage = (issue: Issue): string => {
  const got = describeValue(issue.value, issue.sensitive)
  const hidden = issue.sensitive ? " (value hidden: sensitive)" : ""
  const keyed = (text: string) => (issue.key ? `is not a valid key: ${text}` : text)
  switch (issue.kind) {
    case "missing":
      return "is missing"
    case "unknown":
      return "is unexpected: it is not a member of this structure, or not the object's own property"
    case "hidden":
      return `Expected ${issue.expected}, got an object with a non-enumerable property`
    case "unreadable":
      return `could not be read (reading it threw ${issue.value as string})`
    case "type":
      return keyed(issue.sensitive ? `Expected ${issue.expected}${hidden}` : `Expected ${issue.expected}, got ${got}`)
    case "pattern":
      return keyed(`Expected a string matching ${issue.pattern}${issue.sensitive ? hidden : `, got ${got}`}`)
    case "range": {
      const { min, max } = issue.bounds!
      const v = issue.value as number
      return min !== undefined && v < min
        ? `Expected an integer greater than or equal to ${min}, got ${got}`
        : `Expected an integer less than or equal to ${max}, got ${got}`
    }
    case "length": {
      const { min, max, unit } = issue.bounds!
      if (unit === "entry") {
        return `Expected between ${min ?? 0} and ${max ?? Number.MAX_SAFE_INTEGER} entries, got ${Object.keys(issue.value as object).length}`
      }
      const counted = unit === "item" || unit === "byte"
      const count = counted ? (issue.value as ArrayLike<unknown>).length : codePoints(issue.value as string)
      const what = unit === "item" ? "an array of" : unit === "byte" ? "a Uint8Array of" : "a string"
      const bound = min !== undefined && count < min ? `at least ${plural(min, unit!)}` : `at most ${plural(max, unit!)}`
      return keyed(`Expected ${what} ${bound}, got ${issue.sensitive ? `one of ${count}${hidden}` : counted ? `${count}` : got}`)
    }
  }
}

/**
 * What the issue says, as AWS words a validation failure:
 * `Value 'x' at 'pipeline.name' failed to satisfy constraint: Member must ...`.
 */
export const awsIssueMessage = (issue: Issue): string => {
  const path = formatPath(issue.path)
  const at = `'${path}'`
  const value = issue.sensitive
    ? "'***'"
    : typeof issue.value === "string"
      ? `'${flat(cut(issue.value, MAX_SHOWN))}${issue.value.length > MAX_SHOWN ? "…" : ""}'`
      : typeof issue.value === "number"
        ? `'${issue.value}'`
        : undefined
  const head = (constraint: string) => `Value ${value === undefined ? "" : `${value} `}at ${at} failed to satisfy constraint: ${constraint}`
  switch (issue.kind) {
    case "missing":
      return `Value null at ${at} failed to satisfy constraint: Member must not be null`
    case "pattern":
      return head(`Member must satisfy regular expression pattern: ${issue.pattern}`)
    case "range": {
      const { min, max } = issue.bounds!
      return (issue.value as number) < (min ?? -Infinity)
        ? head(`Member must have value greater than or equal to ${min}`)
        : head(`Member must have value less than or equal to ${max}`)
    }
    case "length": {
      const { min, max, unit } = issue.bounds!
      const count =
        unit === "item" || unit === "byte"
          ? (issue.value as ArrayLike<unknown>).length
          : unit === "entry"
            ? Object.keys(issue.value as object).length
            : codePoints(issue.value as string)
      return min !== undefined && count < min
        ? head(`Member must have length greater than or equal to ${min}`)
        : head(`Member must have length less than or equal to ${max}`)
    }
    default:
      return `Value at ${at} failed to satisfy constraint: ${issueMessage(issue)}`
  }
}

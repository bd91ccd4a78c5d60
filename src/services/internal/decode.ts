/**
 * Response decoding, lenient as Smithy asks of clients:
 * - members the model does not know are ignored (the service may be newer than this SDK);
 * - enum values the model does not know are kept as they are;
 * - constraints (`length`, `pattern`, `range`) are the service's to enforce, not the client's;
 * - a missing `@required` member is error-corrected to its zero value (`""`, `0`, `false`, `[]`,
 *   `{}`, epoch 0, a structure with its own required members corrected) instead of failing the
 *   whole call, as Smithy's client error correction specifies;
 * - `null` stands for absent; nulls inside lists and maps are dropped, as the official SDK does.
 *
 * `Schema.decode` enforces all of the above strictly, so responses go through this interpreter of
 * the same schema ASTs instead. It is compiled once per schema into closures and is the per-call
 * hot path, which is also why it reports failures by throwing (no allocation on success). The body
 * it decodes was parsed for the call alone, so it reuses the parts that need no change.
 */
import * as AST from "effect/SchemaAST"
import * as Redacted from "effect/Redacted"
import type * as Schema from "effect/Schema"
import { type ProtocolAnnotation, ProtocolAnnotationId } from "../../schema/internal/builders.js"
import { entriesBefore, setEntry } from "./copyOnWrite.js"

type Decoder = (value: unknown) => unknown

interface Compiled {
  readonly decode: Decoder
  /** The error-corrected value for a required member that is missing. */
  readonly zero: () => unknown
}

/** Thrown by decoders; `path` is filled in as it unwinds. */
export class DecodeFailure {
  readonly path: Array<string | number> = []
  constructor(readonly expected: string, readonly actual: unknown) {}
  get message(): string {
    const at = this.path.length ? ` at ${formatPath(this.path)}` : ""
    return `Expected ${this.expected}${at}, got ${describe(this.actual)}`
  }
}

export const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join("")

// Describes a value without echoing it: a response may carry credentials.
const describe = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "an array" : typeof value === "object" ? "an object" : `a ${typeof value}`

const protocolAnnotation = (ast: AST.AST): ProtocolAnnotation | undefined =>
  ast.annotations[ProtocolAnnotationId] as ProtocolAnnotation | undefined

const cache = new WeakMap<AST.AST, Compiled>()

const compile = (ast: AST.AST): Compiled => {
  let compiled = cache.get(ast)
  if (compiled === undefined) {
    compiled = build(ast)
    cache.set(ast, compiled)
  }
  return compiled
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v)

/**
 * A timestamp: epoch seconds, the awsJson1_1 format, as a number or as a decimal string (the
 * official SDK and botocore accept both); or an ISO-8601 date-time with a zone, which moto_server
 * and other AWS look-alikes send where the model says epoch seconds, and which botocore (the AWS
 * CLI) accepts, so this SDK works against them as the AWS CLI does. Anything else fails.
 */
const toDate = (v: unknown): Date => {
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
  const [year, month, day, hour] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])]
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

const build = (ast: AST.AST): Compiled => {
  const annotation = protocolAnnotation(ast)
  if (annotation?._tag === "Timestamp") return { decode: toDate, zero: () => new Date(0) }
  if (annotation?._tag === "Sensitive") {
    return {
      decode: (v) => {
        if (typeof v !== "string") throw new DecodeFailure("a string", v)
        return Redacted.make(v)
      },
      zero: () => Redacted.make(""),
    }
  }
  switch (ast._tag) {
    case "Refinement":
      return compile(ast.from)
    case "Suspend": {
      let inner: Compiled | undefined
      const get = () => (inner ??= compile(ast.f()))
      return { decode: (v) => get().decode(v), zero: () => get().zero() }
    }
    case "StringKeyword":
      return {
        decode: (v) => {
          if (typeof v !== "string") throw new DecodeFailure("a string", v)
          return v
        },
        zero: () => "",
      }
    case "NumberKeyword":
      return {
        decode: (v) => {
          if (typeof v !== "number") throw new DecodeFailure("a number", v)
          return v
        },
        zero: () => 0,
      }
    case "BooleanKeyword":
      return {
        decode: (v) => {
          if (typeof v !== "boolean") throw new DecodeFailure("a boolean", v)
          return v
        },
        zero: () => false,
      }
    case "TupleType":
      return buildList(ast)
    case "TypeLiteral":
      return ast.indexSignatures.length > 0 ? buildMap(ast) : buildStruct(ast)
    default:
      throw new Error(`the JSON protocol has no decoder for schema node ${ast._tag}`)
  }
}

const withSegment = (failure: unknown, segment: string | number): never => {
  if (failure instanceof DecodeFailure) failure.path.unshift(segment)
  throw failure
}

const buildList = (ast: AST.TupleType): Compiled => {
  const item = compile(ast.rest[0]!.type)
  return {
    decode: (v) => {
      if (!Array.isArray(v)) throw new DecodeFailure("an array", v)
      // Copy on write (see `buildStruct`).
      let out: Array<unknown> | undefined
      for (let i = 0; i < v.length; i++) {
        const e: unknown = v[i]
        if (e === null || e === undefined) {
          out ??= v.slice(0, i)
          continue
        }
        let d: unknown
        try {
          d = item.decode(e)
        } catch (failure) {
          withSegment(failure, i)
        }
        if (out === undefined && d !== e) out = v.slice(0, i)
        if (out !== undefined) out.push(d)
      }
      return out ?? v
    },
    zero: () => [],
  }
}

const buildMap = (ast: AST.TypeLiteral): Compiled => {
  const value = compile(ast.indexSignatures[0]!.type)
  return {
    decode: (v) => {
      if (!isPlainObject(v)) throw new DecodeFailure("an object", v)
      // Copy on write (see `buildStruct`).
      let out: Record<string, unknown> | undefined
      for (const key in v) {
        const e = v[key]
        if (e === null || e === undefined) {
          out ??= entriesBefore(v, key)
          continue
        }
        let decoded: unknown
        try {
          decoded = value.decode(e)
        } catch (failure) {
          withSegment(failure, key)
        }
        if (out === undefined && decoded !== e) out = entriesBefore(v, key)
        if (out !== undefined) setEntry(out, key, decoded)
      }
      return out ?? v
    },
    zero: () => ({}),
  }
}

const buildStruct = (ast: AST.TypeLiteral): Compiled => {
  // Member decoders are resolved on first use, so compiling a large output schema costs nothing
  // for the members a response never carries.
  const members = ast.propertySignatures.map((ps) => {
    let compiled: Compiled | undefined
    return {
      name: ps.name as string,
      optional: ps.isOptional,
      get: () => (compiled ??= compile(optionalInner(ps.type, ps.isOptional))),
    }
  })
  // Copy on write: the body was parsed for this call alone, so a node that already is its decoded
  // form (every member known, present ones decoding to themselves, no null, no missing required
  // member) is returned as it is; only nodes that change are rebuilt, with their members only
  // (CreatePipeline's echoed 8 KB declaration: 10 -> 6.5 µs in-process, and less garbage).
  const copyOf = (v: Record<string, unknown>, n: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {}
    for (let j = 0; j < n; j++) {
      const name = members[j]!.name
      const e = v[name]
      if (e !== null && e !== undefined) out[name] = e
    }
    return out
  }
  const decode = (v: unknown): unknown => {
    if (!isPlainObject(v)) throw new DecodeFailure("an object", v)
    let out: Record<string, unknown> | undefined
    let present = 0
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!
      const e = v[m.name]
      if (e === null || e === undefined) {
        if (e === null || !m.optional) out ??= copyOf(v, i)
        if (!m.optional) out![m.name] = m.get().zero()
        continue
      }
      present++
      let d: unknown
      try {
        d = m.get().decode(e)
      } catch (failure) {
        withSegment(failure, m.name)
      }
      if (out === undefined && d !== e) out = copyOf(v, i)
      if (out !== undefined) out[m.name] = d
    }
    if (out !== undefined) return out
    // Unknown members (a newer service) are left out of the result.
    let keys = 0
    for (const _ in v) keys++
    return keys === present ? v : copyOf(v, members.length)
  }
  return { decode, zero: () => decode({}) }
}

// `Schema.optional(X)` types the member `X | undefined`; the `undefined` branch is not data.
const optionalInner = (ast: AST.AST, isOptional: boolean): AST.AST => {
  if (!isOptional || !AST.isUnion(ast)) return ast
  const types = ast.types.filter((t) => !AST.isUndefinedKeyword(t))
  return types.length === 1 ? types[0]! : AST.Union.make(types)
}

/**
 * Decodes a parsed JSON response body with the operation's output schema.
 *
 * @throws DecodeFailure when the body is not of the schema's shape even leniently.
 */
export const decodeLenient = <A>(schema: Schema.Schema<A, any>, json: unknown): A =>
  compile(schema.ast).decode(json) as A

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

const toDate = (v: unknown): Date => {
  // Epoch seconds is the awsJson1_1 format; the official SDK also accepts numeric strings.
  const seconds = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN
  if (!Number.isFinite(seconds)) throw new DecodeFailure("a timestamp in epoch seconds", v)
  return new Date(Math.round(seconds * 1000))
}

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

/**
 * The differential kit both flavors' verification suites share (`test/verification.*.test.ts` at
 * the root for Effect 4, in `packages/effect3/test` for Effect 3): run counts (a quick default and a
 * deep profile behind `VERIFY_DEEP=1`), a raw loopback server that records requests and can
 * misbehave at the socket level, the official `@aws-sdk/client-codepipeline` as the reference
 * client, normalisers that put both clients' wire forms and decoded values on common ground, a
 * wire generator, an independent input validator and junk, all driven by the Smithy model.
 *
 * The normalisers walk the Smithy model (`../shared/models/codepipeline.json`), not this SDK's
 * schemas, so that what they treat as a timestamp or an enum comes from an independent source.
 * Effect-free: what depends on how a flavor holds a sensitive string (Effect 3's or Effect 4's
 * `Redacted`) is made by {@link forSecrets} from the flavor's `Secrets`.
 */
import * as Http from "node:http"
import type { AddressInfo, Socket } from "node:net"
import * as Official from "@aws-sdk/client-codepipeline"
import * as FastCheck from "fast-check"
import type { Secrets } from "../../src/Codec.js"
import { model, type Shape } from "./model.js"

// The official SDK warns once per process that it will soon need Node 22; the suites run on 20 too.
process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] = "true"

// ---------------------------------------------------------------------------------------------
// Profiles
// ---------------------------------------------------------------------------------------------

/** `VERIFY_DEEP=1` selects the slower, deeper profile. */
export const DEEP = process.env["VERIFY_DEEP"] === "1"

/** `quick` runs by default, `deep` under `VERIFY_DEEP=1`; `VERIFY_RUNS=n` overrides both. */
export const runs = (quick: number, deep: number): number => {
  const forced = Number(process.env["VERIFY_RUNS"])
  return Number.isInteger(forced) && forced > 0 ? forced : DEEP ? deep : quick
}

/** The seed of every property: fixed unless `VERIFY_SEED` says otherwise, so failures replay. */
export const SEED =
  Number.isInteger(Number(process.env["VERIFY_SEED"])) && process.env["VERIFY_SEED"] ? Number(process.env["VERIFY_SEED"]) : 20150709

// ---------------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------------

const NS = "com.amazonaws.codepipeline#"

export { model }

const shapeOf = (id: string): Shape | undefined => model.shapes[id]

/** The model's input and output structure ids of an operation (`undefined` for Smithy `Unit`). */
export const operationShapes = (name: string): { input?: string; output?: string } => {
  const op = shapeOf(NS + name)
  if (op === undefined || op.type !== "operation") throw new Error(`the model has no operation ${name}`)
  const unit = (t: string | undefined) => (t === undefined || t === "smithy.api#Unit" ? undefined : t)
  const input = unit(op.input?.target)
  const output = unit(op.output?.target)
  return { ...(input ? { input } : {}), ...(output ? { output } : {}) }
}

/** The error codes an operation models, from the model. */
export const modeledErrors = (name: string): ReadonlyArray<string> =>
  (shapeOf(NS + name)?.errors ?? []).map((e) => e.target.slice(e.target.indexOf("#") + 1))

const isTimestamp = (id: string) => id === "smithy.api#Timestamp" || shapeOf(id)?.type === "timestamp"
const isEnum = (id: string) => shapeOf(id)?.type === "enum"

/** What {@link mapWire} does on its walk. */
interface WireVisitor {
  /** A value of a shape other than a structure, list or map (or one the model lacks): its replacement. */
  readonly leaf?: (value: unknown, shapeId: string) => unknown
  /** A structure whose members are already visited: its replacement. */
  readonly struct?: (obj: Record<string, unknown>, shapeId: string) => Record<string, unknown>
}

/**
 * A value of shape `shapeId` (wire JSON, or a decoded value) walked by the model: structures by
 * their members, lists by their member, maps by their values. Members and values the model does
 * not know, and values of the wrong JSON type, are kept as they are.
 */
const mapWire = (shapeId: string | undefined, value: unknown, visit: WireVisitor): unknown => {
  if (shapeId === undefined || value === null || value === undefined) return value
  const shape = shapeOf(shapeId)
  const isRecord = typeof value === "object" && !Array.isArray(value)
  switch (shape?.type) {
    case "structure": {
      if (!isRecord) return value
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = mapWire(shape.members?.[k]?.target, v, visit)
      return visit.struct ? visit.struct(out, shapeId) : out
    }
    case "list":
      return Array.isArray(value) ? value.map((v) => mapWire(shape.member!.target, v, visit)) : value
    case "map": {
      if (!isRecord) return value
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = mapWire(shape.value!.target, v, visit)
      return out
    }
    default:
      return visit.leaf ? visit.leaf(value, shapeId) : value
  }
}

/**
 * A wire JSON value with every timestamp replaced by its instant in epoch milliseconds, so two
 * encodings of one instant compare equal (`1.5` and `1.500`, or a float that rounds the same).
 * Anything the model does not know is kept as it is.
 */
export const normalizeWire = (shapeId: string | undefined, value: unknown): unknown =>
  mapWire(shapeId, value, {
    leaf: (v, id) => {
      if (!isTimestamp(id)) return v
      const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : Number.NaN
      return Number.isFinite(n) ? { instant: Math.round(n * 1000) } : v
    },
  })

/**
 * Rewrites a wire JSON value of shape `shapeId`, visiting every structure (`onStruct`) and every
 * enum value (`onEnum`). Used to put unknown members and unknown enum values into responses.
 */
export const rewriteWire = (
  shapeId: string | undefined,
  value: unknown,
  visit: { onStruct?: (obj: Record<string, unknown>, id: string) => Record<string, unknown>; onEnum?: (v: string, id: string) => string },
): unknown =>
  mapWire(shapeId, value, {
    leaf: (v, id) => (isEnum(id) && typeof v === "string" && visit.onEnum ? visit.onEnum(v, id) : v),
    ...(visit.onStruct ? { struct: visit.onStruct } : {}),
  })

/** Where the model marks a member `@sensitive` (by target shape), for the official side. */
const isSensitive = (id: string) => shapeOf(id)?.traits?.["smithy.api#sensitive"] !== undefined

/**
 * The official SDK's decoded value with the members the model marks `@sensitive` wrapped as this
 * SDK wraps them (`{ redacted }`), so the two can be compared.
 */
export const officialAsOurs = (shapeId: string | undefined, value: unknown): unknown =>
  mapWire(shapeId, value, { leaf: (v, id) => (isSensitive(id) && typeof v === "string" ? { redacted: v } : v) })

// ---------------------------------------------------------------------------------------------
// The official SDK
// ---------------------------------------------------------------------------------------------

export interface StaticCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
}

export const testCredentials: StaticCredentials = {
  accessKeyId: "AKIDVERIFY",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYVERIFYKEY",
}

/** The official client against a local endpoint, with retries off (one request per call). */
export const officialClient = (endpoint: string, credentials: StaticCredentials = testCredentials): Official.CodePipelineClient =>
  new Official.CodePipelineClient({ region: "us-east-1", endpoint, credentials, maxAttempts: 1 })

type AnyCommand = new (input: any) => any

/** The official command class of an operation (`GetPipelineState` → `GetPipelineStateCommand`). */
export const officialCommand = (name: string): AnyCommand => {
  const command = (Official as unknown as Record<string, unknown>)[`${name}Command`]
  if (typeof command !== "function") throw new Error(`@aws-sdk/client-codepipeline has no ${name}Command`)
  return command as AnyCommand
}

/** Sends with the official client; resolves with the output or the thrown error, never rejects. */
export const officialSend = async (
  client: Official.CodePipelineClient,
  name: string,
  input: unknown,
): Promise<{ readonly ok: true; readonly value: any } | { readonly ok: false; readonly error: any }> => {
  const Command = officialCommand(name)
  try {
    return { ok: true, value: await client.send(new Command(input)) }
  } catch (error) {
    return { ok: false, error }
  }
}

// ---------------------------------------------------------------------------------------------
// A raw recording server
// ---------------------------------------------------------------------------------------------

export interface Recorded {
  readonly method: string
  readonly url: string
  readonly headers: Http.IncomingHttpHeaders
  readonly body: string
  readonly target: string | undefined
  readonly json: any
}

/**
 * Answers one request. It owns `res` (and through `res.socket` the connection): it may reply
 * normally, never reply, reset the connection, or stop half way.
 */
export type RawHandler = (recorded: Recorded, res: Http.ServerResponse, index: number) => void | Promise<void>

export interface RawServer {
  readonly url: string
  readonly requests: Array<Recorded>
  /** Connections accepted so far (a request that never completes still opens one). */
  readonly connections: () => number
  handle(handler: RawHandler): void
  /** Forgets the recorded requests. */
  reset(): void
  close(): Promise<void>
}

const parseJson = (body: string): unknown => {
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}

/** Sends a complete reply: JSON for objects, text otherwise; no `Date` header unless given. */
export const reply = (
  res: Http.ServerResponse,
  status: number,
  body: string | object,
  headers: Record<string, string> = { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "rid-verify" },
): void => {
  res.sendDate = false
  res.writeHead(status, headers)
  res.end(typeof body === "string" ? body : JSON.stringify(body))
}

export const startRawServer = (initial: RawHandler = (_, res) => reply(res, 200, {})): Promise<RawServer> =>
  new Promise((resolve) => {
    let handler = initial
    const requests: Array<Recorded> = []
    const sockets = new Set<Socket>()
    let connections = 0
    const server = Http.createServer((req, res) => {
      const chunks: Array<Buffer> = []
      req.on("data", (c: Buffer) => chunks.push(c))
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8")
        const recorded: Recorded = {
          method: req.method ?? "",
          url: req.url ?? "",
          headers: req.headers,
          body,
          target: req.headers["x-amz-target"] as string | undefined,
          json: parseJson(body),
        }
        requests.push(recorded)
        Promise.resolve()
          .then(() => handler(recorded, res, requests.length - 1))
          .catch((e) => {
            if (!res.headersSent) reply(res, 599, String(e), { "content-type": "text/plain" })
          })
      })
    })
    server.on("connection", (socket) => {
      connections++
      sockets.add(socket)
      socket.on("close", () => sockets.delete(socket))
    })
    server.keepAliveTimeout = 1000
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        connections: () => connections,
        handle: (h) => {
          handler = h
        },
        reset: () => {
          requests.length = 0
        },
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy()
            server.closeAllConnections()
            server.close(() => done())
          }),
      })
    })
  })

// ---------------------------------------------------------------------------------------------
// Canned responses
// ---------------------------------------------------------------------------------------------

/** A response the raw server sends to both clients. */
export interface Canned {
  readonly status: number
  readonly body: string
  readonly headers?: Record<string, string>
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Canned => ({
  status,
  body: JSON.stringify(body),
  headers,
})

/** The shapes in which AWS services put an error's code. */
export type ErrorShape = "__type" | "__type with namespace" | "__type with : suffix" | "code in body" | "x-amzn-ErrorType only"

export const errorShapes: ReadonlyArray<ErrorShape> = [
  "__type",
  "__type with namespace",
  "__type with : suffix",
  "code in body",
  "x-amzn-ErrorType only",
]

/** An error response with `code` in `shape`, its request id `rid-<code>`. */
export const errorResponse = (shape: ErrorShape, code: string, message: string, status = 400): Canned => {
  const headers = { "x-amzn-requestid": `rid-${code}` }
  switch (shape) {
    case "__type":
      return json({ __type: code, message }, status, headers)
    case "__type with namespace":
      return json({ __type: `com.amazonaws.codepipeline#${code}`, message }, status, headers)
    case "__type with : suffix":
      return json({ __type: `${code}:http://internal.amazon.com/coral/com.amazon.coral.validate/`, message }, status, headers)
    case "code in body":
      return json({ code, message }, status, headers)
    case "x-amzn-ErrorType only":
      // The code only in the header; the body carries the message and nothing else.
      return json({ message }, status, {
        ...headers,
        "x-amzn-errortype": `${code}:http://internal.amazon.com/coral/com.amazon.coral.validate/`,
      })
  }
}

/** The signing scope of a SigV4 `Authorization` header. */
export const credentialScope = (authorization: unknown) => {
  const m = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/(aws4_request)/.exec(String(authorization))
  return m ? { accessKeyId: m[1], region: m[2], service: m[3], terminator: m[4] } : undefined
}

// ---------------------------------------------------------------------------------------------
// Formats
// ---------------------------------------------------------------------------------------------

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

/**
 * `n` samples of `arb`: the first half as fast-check draws them, the second half each the largest
 * (as JSON) of four draws, because optional-heavy structures are often drawn nearly empty.
 */
export const samples = <A>(arb: FastCheck.Arbitrary<A>, n: number, seed: number): ReadonlyArray<A> => {
  const plain = FastCheck.sample(arb, { numRuns: Math.ceil(n / 2), seed })
  const rich: Array<A> = []
  for (let i = 0; i < Math.floor(n / 2); i++) {
    const candidates = FastCheck.sample(arb, { numRuns: 4, seed: seed + 7919 * (i + 1) })
    let best: A = candidates[0] as A
    let size = -1
    for (const c of candidates) {
      const s = jsonSize(c)
      if (s > size) {
        size = s
        best = c
      }
    }
    rich.push(best)
  }
  return [...plain, ...rich]
}

const jsonSize = (value: unknown): number => {
  try {
    return JSON.stringify(value)?.length ?? 0
  } catch {
    return 0
  }
}

const ABSENT = Symbol("absent")

const int32 = { min: -2147483648, max: 2147483647 }
// Years 0001 to 9999, in epoch milliseconds.
const minInstant = -62_135_596_800_000
const maxInstant = 253_402_300_799_999

const wireString = FastCheck.oneof(
  { arbitrary: FastCheck.string({ maxLength: 12 }), weight: 4 },
  { arbitrary: FastCheck.fullUnicodeString({ maxLength: 8 }), weight: 2 },
  { arbitrary: FastCheck.constantFrom("", 'quote " backslash \\', "🚀 rocket", "nul \u0000", "ls \u2028 ps \u2029", "ä ö ü ß"), weight: 1 },
)

const wireTimestamp = FastCheck.integer({ min: minInstant, max: maxInstant }).chain((ms) =>
  FastCheck.constantFrom<unknown>(ms / 1000, Math.trunc(ms / 1000), String(ms / 1000)),
)

/**
 * Wire JSON of a model shape, denser than what the schemas' arbitraries give: optional members
 * are present three times out of four, collections hold up to three entries (often none),
 * strings include unicode and JSON escapes, timestamps come as integral or fractional epoch
 * seconds or as numeric strings, and, when `future` is set, structures carry members the model
 * does not know and enums values it does not list, as a newer service would send.
 */
export const wireArbitrary = (shapeId: string, future: boolean, depth = 0): FastCheck.Arbitrary<unknown> => {
  if (isTimestamp(shapeId)) return wireTimestamp
  const shape = shapeOf(shapeId)
  if (shape === undefined) {
    if (shapeId === "smithy.api#String") return wireString
    if (shapeId === "smithy.api#Boolean") return FastCheck.boolean()
    if (shapeId === "smithy.api#Integer") return FastCheck.integer(int32)
    throw new Error(`wireArbitrary: no shape ${shapeId}`)
  }
  switch (shape.type) {
    case "string":
      return wireString
    case "enum": {
      const values = Object.values(shape.members ?? {}).map((m) => (m.traits?.["smithy.api#enumValue"] as string | undefined) ?? "")
      const known = FastCheck.constantFrom(...values)
      return future
        ? FastCheck.oneof(
            { arbitrary: known, weight: 3 },
            { arbitrary: FastCheck.constantFrom("FUTURE_VALUE", "new-lowercase"), weight: 1 },
          )
        : known
    }
    case "integer":
      return FastCheck.oneof({ arbitrary: FastCheck.integer(int32), weight: 4 }, { arbitrary: FastCheck.constantFrom(0, 1, -1), weight: 1 })
    case "boolean":
      return FastCheck.boolean()
    case "list":
      return FastCheck.array(wireArbitrary(shape.member!.target, future, depth + 1), { maxLength: depth > 4 ? 1 : 3 })
    case "map":
      return FastCheck.dictionary(
        FastCheck.string({ minLength: 1, maxLength: 10 }).filter((k) => k !== "__proto__"),
        wireArbitrary(shape.value!.target, future, depth + 1),
        { maxKeys: depth > 4 ? 1 : 3 },
      )
    case "structure": {
      const record: Record<string, FastCheck.Arbitrary<unknown>> = {}
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const inner = wireArbitrary(member.target, future, depth + 1)
        record[name] =
          member.traits?.["smithy.api#required"] !== undefined
            ? inner
            : FastCheck.oneof({ arbitrary: FastCheck.constant<unknown>(ABSENT), weight: 1 }, { arbitrary: inner, weight: 3 })
      }
      if (future) record["zzFutureMember"] = FastCheck.oneof(FastCheck.constant<unknown>(ABSENT), FastCheck.jsonValue({ maxDepth: 2 }))
      return FastCheck.record(record).map((obj) => {
        const out: Record<string, unknown> = {}
        for (const [k, v] of Object.entries(obj)) if (v !== ABSENT) out[k] = v
        return out
      })
    }
    default:
      throw new Error(`wireArbitrary: unsupported shape type ${shape.type} (${shapeId})`)
  }
}

// ---------------------------------------------------------------------------------------------
// An independent input validator (the oracle of the fuzz tests)
// ---------------------------------------------------------------------------------------------

export interface OracleOptions {
  /**
   * Smithy measures a string's `@length` in Unicode scalar values (code points); `false` counts
   * UTF-16 code units as `string.length` does.
   */
  readonly codePoints: boolean
  /** A Smithy `integer` is a signed 32-bit integer whatever its `@range`. */
  readonly int32: boolean
  /**
   * Structures and maps are plain objects (prototype `Object.prototype` or `null`); `false`
   * accepts any non-array object (a `Map`, a `Date`, a `Redacted`) by its own enumerable keys.
   */
  readonly plainObjects: boolean
}

export const SMITHY: OracleOptions = { codePoints: true, int32: true, plainObjects: true }

// Written again on purpose (the codec counts the same way in `src/internal/codec.ts`): the oracle
// shares no code with what it judges.
const codePointLength = (s: string): number => {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    // A high surrogate followed by a low one is one code point; a lone surrogate counts as one.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) i++
    }
    n++
  }
  return n
}

const patterns = new Map<string, RegExp>()
const patternOf = (source: string): RegExp => {
  let re = patterns.get(source)
  if (re === undefined) {
    re = new RegExp(source)
    patterns.set(source, re)
  }
  return re
}

const isPlainRecord = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

const isRecordLike = (v: unknown, options: OracleOptions): v is Record<string, unknown> =>
  options.plainObjects ? isPlainRecord(v) : typeof v === "object" && v !== null && !Array.isArray(v)

// Documented on SecretsKit.
const validateAgainstModel = (
  secrets: Secrets,
  shapeId: string | undefined,
  value: unknown,
  options: OracleOptions = SMITHY,
  path = "",
): string | undefined => {
  if (shapeId === undefined) {
    // Smithy `Unit`: the SDK takes an empty structure.
    return isPlainRecord(value) && Object.keys(value).every((k) => value[k] === undefined) ? undefined : path || "(input)"
  }
  const at = path || "(input)"
  if (isTimestamp(shapeId)) return value instanceof Date && !Number.isNaN(value.getTime()) ? undefined : at
  const shape = shapeOf(shapeId)
  if (shape === undefined) {
    if (shapeId === "smithy.api#String") return typeof value === "string" ? undefined : at
    if (shapeId === "smithy.api#Boolean") return typeof value === "boolean" ? undefined : at
    throw new Error(`validateAgainstModel: no shape ${shapeId}`)
  }
  const traits = shape.traits ?? {}
  const length = traits["smithy.api#length"] as { min?: number; max?: number } | undefined
  const inLength = (n: number) => length === undefined || ((length.min ?? 0) <= n && n <= (length.max ?? Infinity))
  switch (shape.type) {
    case "string": {
      let s = value
      if (traits["smithy.api#sensitive"] !== undefined) {
        s = secrets.reveal(value)
        if (s === undefined) return at
      }
      if (typeof s !== "string") return at
      if (!inLength(options.codePoints ? codePointLength(s) : s.length)) return at
      const pattern = traits["smithy.api#pattern"] as string | undefined
      if (pattern !== undefined && !patternOf(pattern).test(s)) return at
      return undefined
    }
    case "enum":
      return typeof value === "string" ? undefined : at
    case "boolean":
      return typeof value === "boolean" ? undefined : at
    case "integer": {
      if (typeof value !== "number" || !Number.isInteger(value)) return at
      if (options.int32 && (value < int32.min || value > int32.max)) return at
      const range = traits["smithy.api#range"] as { min?: number; max?: number } | undefined
      if (range !== undefined && (value < (range.min ?? -Infinity) || value > (range.max ?? Infinity))) return at
      return undefined
    }
    case "list": {
      if (!Array.isArray(value) || !inLength(value.length)) return at
      for (let i = 0; i < value.length; i++) {
        const bad = validateAgainstModel(secrets, shape.member!.target, value[i], options, `${path}[${i}]`)
        if (bad !== undefined) return bad
      }
      return undefined
    }
    case "map": {
      if (!isRecordLike(value, options)) return at
      const keys = Object.keys(value)
      if (!inLength(keys.length)) return at
      for (const k of keys) {
        const badKey = validateAgainstModel(secrets, shape.key!.target, k, options, `${path}{key}`)
        if (badKey !== undefined) return badKey
        const bad = validateAgainstModel(secrets, shape.value!.target, value[k], options, path ? `${path}.${k}` : k)
        if (bad !== undefined) return bad
      }
      return undefined
    }
    case "structure": {
      if (!isRecordLike(value, options)) return at
      const members = shape.members ?? {}
      for (const k of Object.keys(value)) if (!Object.hasOwn(members, k)) return path ? `${path}.${k}` : k
      for (const [name, member] of Object.entries(members)) {
        // Own members only: a `Map` has a `values` method, which is no `values` member.
        const v = Object.hasOwn(value, name) ? value[name] : undefined
        const here = path ? `${path}.${name}` : name
        if (v === undefined) {
          if (member.traits?.["smithy.api#required"] !== undefined) return here
          continue
        }
        const bad = validateAgainstModel(secrets, member.target, v, options, here)
        if (bad !== undefined) return bad
      }
      return undefined
    }
    default:
      throw new Error(`validateAgainstModel: unsupported shape type ${shape.type}`)
  }
}

// ---------------------------------------------------------------------------------------------
// Junk
// ---------------------------------------------------------------------------------------------

const junkValue = (secrets: Secrets): FastCheck.Arbitrary<unknown> =>
  FastCheck.oneof(
    FastCheck.constantFrom<unknown>(
      null,
      undefined,
      0,
      -0,
      -1,
      1.5,
      Number.NaN,
      Infinity,
      -Infinity,
      2 ** 31,
      -(2 ** 31) - 1,
      2 ** 53,
      Number.MAX_VALUE,
      "",
      " ",
      true,
      false,
      [],
      {},
      [null],
      [undefined],
      [[]],
      new Date(Number.NaN),
      new Date(8.64e15),
      new Date(0),
      "\uD800 lone surrogate",
      "\uDFFF",
      "nul\u0000",
      "<script>",
      "'; DROP TABLE pipelines; --",
      "../../etc/passwd",
      1n,
      Symbol("junk"),
      () => 1,
    ),
    FastCheck.string({ maxLength: 40 }),
    FastCheck.fullUnicodeString({ maxLength: 40 }),
    // Huge strings, and astral characters near the length limits (one code point, two code units).
    FastCheck.integer({ min: 1, max: 12 }).map((k) => "x".repeat(2 ** (k + 6))),
    FastCheck.integer({ min: 1, max: 2100 }).map((k) => "🚀".repeat(k)),
    FastCheck.integer(),
    FastCheck.double(),
    FastCheck.constant(null).map(() => secrets.conceal("junk-secret")),
    FastCheck.anything({ maxDepth: 2, maxKeys: 3 }),
    FastCheck.constant(null).map(() => JSON.parse('{"__proto__": {"polluted": true}}') as unknown),
    FastCheck.constant(null).map(() => Object.create(null) as unknown),
    FastCheck.constant(null).map(() => new Map<string, string>([["a", "b"]]) as unknown),
  )

type PathSegment = string | number
type Mutation = "replace" | "extra" | "delete" | "whole" | "number" | "string"

/** Numbers at and past the edges: 32-bit bounds, unsafe integers, fractions, NaN. */
const edgeNumbers = [2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 53, -1, 0, 0.5, Number.NaN, Infinity, 1e21]

const nodesOf = (value: unknown, path: Array<PathSegment> = [], out: Array<Array<PathSegment>> = []): Array<Array<PathSegment>> => {
  out.push(path)
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) nodesOf(v, [...path, i], out)
  } else if (isPlainRecord(value)) for (const k of Object.keys(value)) nodesOf(value[k], [...path, k], out)
  return out
}

const cloneShallowPath = (root: unknown, path: ReadonlyArray<PathSegment>, f: (node: unknown) => unknown): unknown => {
  if (path.length === 0) return f(root)
  const [head, ...rest] = path
  if (Array.isArray(root)) {
    const copy = [...root]
    copy[head as number] = cloneShallowPath(root[head as number], rest, f)
    return copy
  }
  const copy = { ...(root as Record<string, unknown>) }
  copy[head as string] = cloneShallowPath((root as Record<string, unknown>)[head as string], rest, f)
  return copy
}

/** Applies one mutation to a valid input at a node chosen by `pick`. */
export const mutate = (valid: unknown, pick: number, kind: Mutation, junk: unknown, extraName: string): unknown => {
  if (kind === "whole") return junk
  const nodes = nodesOf(valid)
  const containers = nodes.filter((p) => {
    let node: any = valid
    for (const s of p) node = node[s]
    return isPlainRecord(node)
  })
  const at = (p: ReadonlyArray<PathSegment>) => {
    let node: any = valid
    for (const seg of p) node = node[seg]
    return node
  }
  switch (kind) {
    case "number":
    case "string": {
      // An edge value where the model has a value of that type: numbers past the 32-bit and
      // @range bounds, strings of astral characters (one code point, two UTF-16 units) around
      // the @length bounds. Without such a node, a plain replacement.
      const typed = nodes.filter((p) => p.length > 0 && typeof at(p) === kind)
      if (typed.length === 0) return cloneShallowPath(valid, nodes[pick % nodes.length]!, () => junk)
      const value = kind === "number" ? edgeNumbers[pick % edgeNumbers.length] : "🚀".repeat(1 + (pick % 1100))
      return cloneShallowPath(valid, typed[pick % typed.length]!, () => value)
    }
    case "replace": {
      const path = nodes[pick % nodes.length]!
      return cloneShallowPath(valid, path, () => junk)
    }
    case "extra": {
      const path = containers[pick % containers.length] ?? []
      return cloneShallowPath(valid, path, (node) => ({ ...(node as object), [extraName]: junk }))
    }
    case "delete": {
      const path = containers[pick % containers.length] ?? []
      return cloneShallowPath(valid, path, (node) => {
        const copy = { ...(node as Record<string, unknown>) }
        const keys = Object.keys(copy)
        if (keys.length > 0) delete copy[keys[pick % keys.length]!]
        return copy
      })
    }
  }
}

const junkInput = (junk: FastCheck.Arbitrary<unknown>, valid: FastCheck.Arbitrary<unknown>): FastCheck.Arbitrary<unknown> =>
  FastCheck.tuple(
    valid,
    FastCheck.nat(),
    FastCheck.constantFrom<Mutation>("replace", "replace", "replace", "number", "string", "extra", "delete", "whole"),
    junk,
    FastCheck.oneof(
      FastCheck.constantFrom("extra", "Name", "__proto__", "constructor", "toString"),
      FastCheck.string({ minLength: 1, maxLength: 8 }),
    ),
  ).map(([v, pick, kind, junk, name]) => mutate(v, pick, kind, junk, name))

const describeJunk = (secrets: Secrets, value: unknown): string => {
  try {
    const s = JSON.stringify(value, (_, v) =>
      typeof v === "bigint"
        ? `${v}n`
        : typeof v === "symbol"
          ? String(v)
          : typeof v === "function"
            ? "<function>"
            : typeof v === "object" && v !== null && secrets.reveal(v) !== undefined
              ? "<Redacted>"
              : typeof v === "string" && v.length > 60
                ? `<string of ${v.length}>`
                : v,
    )
    return s === undefined ? String(value) : s.length > 400 ? `${s.slice(0, 400)}…` : s
  } catch (e) {
    return `<unprintable: ${String(e)}>`
  }
}

// ---------------------------------------------------------------------------------------------
// What depends on the flavor's secrets
// ---------------------------------------------------------------------------------------------

/** The part of the kit that depends on how a flavor holds sensitive strings. */
export interface SecretsKit {
  /**
   * What the Smithy model says of an input value, judged from the model alone: the path of the
   * first violation, or `undefined` when the value is valid. Required members must be present,
   * unknown members are violations (this SDK's documented choice), enums are open (any string),
   * timestamps are valid `Date`s, sensitive strings are the flavor's `Redacted`.
   */
  readonly validateAgainstModel: (shapeId: string | undefined, value: unknown, options?: OracleOptions, path?: string) => string | undefined
  /** Values that break a model in every way a caller can: types, ranges, sizes, encodings. */
  readonly junkValue: FastCheck.Arbitrary<unknown>
  /** Junk inputs of an operation: mostly one mutation of a valid input, sometimes pure junk. */
  readonly junkInput: (valid: FastCheck.Arbitrary<unknown>) => FastCheck.Arbitrary<unknown>
  /** A short, safe description of a junk value for failure messages. */
  readonly describeJunk: (value: unknown) => string
  /**
   * A decoded value from either client as plain data: `Date` as `{ instant }` (invalid dates as
   * `{ invalid: true }`), `Redacted` as `{ redacted }`, `undefined` members dropped, and the official
   * SDK's `$metadata` removed.
   */
  readonly normalizeDecoded: (value: unknown) => unknown
  /** This SDK's input as the official SDK takes it: `Redacted` unwrapped, everything else as is. */
  readonly toOfficialInput: (value: unknown) => unknown
}

/** The kit for a flavor that holds sensitive strings as `secrets` says. */
export const forSecrets = (secrets: Secrets): SecretsKit => {
  const revealed = (value: unknown): string | undefined =>
    typeof value === "object" && value !== null && !Array.isArray(value) ? secrets.reveal(value) : undefined
  const normalizeDecoded = (value: unknown): unknown => {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? { invalid: true } : { instant: value.getTime() }
    const secret = revealed(value)
    if (secret !== undefined) return { redacted: secret }
    if (Array.isArray(value)) return value.map(normalizeDecoded)
    if (typeof value === "object" && value !== null) {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value)) {
        if (k === "$metadata" || v === undefined) continue
        out[k] = normalizeDecoded(v)
      }
      return out
    }
    return value
  }
  const toOfficialInput = (value: unknown): unknown => {
    const secret = revealed(value)
    if (secret !== undefined) return secret
    if (value instanceof Date) return value
    if (Array.isArray(value)) return value.map(toOfficialInput)
    if (typeof value === "object" && value !== null) {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value)) out[k] = toOfficialInput(v)
      return out
    }
    return value
  }
  const junk = junkValue(secrets)
  return {
    validateAgainstModel: (shapeId, value, options = SMITHY, path = "") => validateAgainstModel(secrets, shapeId, value, options, path),
    junkValue: junk,
    junkInput: (valid) => junkInput(junk, valid),
    describeJunk: (value) => describeJunk(secrets, value),
    normalizeDecoded,
    toOfficialInput,
  }
}

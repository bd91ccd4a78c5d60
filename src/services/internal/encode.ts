/**
 * Request encoding: the input is validated against the operation's model (required members,
 * `length`, `pattern`, `range`, no unknown members; symbol keys are not members and are ignored, as
 * `JSON.stringify` ignores them) by its schema, which also turns `Date`s into
 * epoch seconds and unwraps `Redacted` values. Nothing is sent when validation fails.
 *
 * `Schema.encodeUnknownEither` is exact but slow on large inputs (a 6-stage `CreatePipeline` took
 * ~250 µs: an `Either` per node, and a refined list is walked twice, once to validate its type
 * side and once to encode, which compounds with nesting). So a valid input takes a compiled fast
 * path first: an interpreter of the same schema ASTs for the nodes whose rules are simple
 * (structures, lists, maps, `X | undefined`, strings, numbers, booleans and refinements of them,
 * whose filters it calls as they are), which hands every other node (timestamps, sensitive
 * strings: transformations and declarations) to Schema's own encoder for that node. It never
 * decides that an input is invalid: at the first doubt it gives up, and the input goes through
 * `Schema.encodeUnknownEither` as before, which then reports the error. Success is therefore the
 * same set of inputs with the same encoded output, and every failure is Schema's own.
 */
import * as Arr from "effect/Array"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { InputValidationError } from "../../errors/common.js"
import { PredicateAnnotationId } from "../../schema/internal/builders.js"
import type { Operation } from "../Operation.js"
import { formatPath } from "./decode.js"
import { entriesBefore, setEntry } from "./copyOnWrite.js"
import { nonPlainObjectPath } from "./plainObjects.js"
import { cut, describeThrown, describeValue } from "./text.js"

const pick = (value: unknown, path: ReadonlyArray<string | number>): unknown =>
  path.reduce<unknown>((v, key) => (v as Record<string | number, unknown>)[key], value)

type Encoder = (input: unknown) => Either.Either<unknown, ParseResult.ParseError>

// Unknown members are an error, not silently dropped: a misspelt member would otherwise be lost
// without a word.
const PARSE_OPTIONS: AST.ParseOptions = { errors: "first", onExcessProperty: "error" }

const encoders = new WeakMap<Schema.Schema.Any, Encoder>()

const encoderOf = (schema: Schema.Schema<any, any>): Encoder => {
  let encoder = encoders.get(schema)
  if (encoder === undefined) {
    encoder = Schema.encodeUnknownEither(schema, PARSE_OPTIONS)
    encoders.set(schema, encoder)
  }
  return encoder
}

// -----------------------------------------------------------------------------------------------
// fast path
// -----------------------------------------------------------------------------------------------

/** "Not sure": the input goes to Schema. */
const GIVE_UP: unique symbol = Symbol("effect-codepipeline/encode/giveUp")
type Fast = (value: unknown) => unknown

const fastEncoders = new WeakMap<AST.AST, Fast>()

const fastOf = (ast: AST.AST): Fast => {
  let fast = fastEncoders.get(ast)
  if (fast === undefined) {
    fast = compileFast(ast)
    fastEncoders.set(ast, fast)
  }
  return fast
}

/**
 * Resolved on first use: a member no input carries costs nothing to compile. The first call
 * replaces `encode` with the compiled encoder, so later calls go to it directly (a wrapper that
 * looked it up cost a call per list item and map value).
 */
interface Lazy {
  encode: Fast
}
const lazyFastOf = (ast: AST.AST): Lazy => {
  const lazy: Lazy = { encode: (value) => (lazy.encode = fastOf(ast))(value) }
  return lazy
}

/**
 * Schema's own encoder for this node alone: exact, and cheap for the small nodes it gets. Schema does
 * not look at prototypes, so the node's structure and map positions are checked for plain objects
 * here, as `encodeInput` checks the whole input on the slow path.
 */
const bySchema = (ast: AST.AST): Fast => {
  const encode = ParseResult.encodeUnknownEither(Schema.make(ast), PARSE_OPTIONS)
  return (value) => {
    if (nonPlainObjectPath(ast, value) !== undefined) return GIVE_UP
    const result = encode(value)
    return Either.isRight(result) ? result.right : GIVE_UP
  }
}

/** A plain object (what `plainObjects.ts` requires of every structure and map position). */
const isPlainRecord = (value: unknown): value is Record<PropertyKey, unknown> => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** A refinement chain's filters, innermost first, and the node they refine. */
const unrefine = (ast: AST.Refinement): { base: AST.AST; filters: Array<AST.Refinement> } => {
  const filters: Array<AST.Refinement> = []
  let node: AST.AST = ast
  while (AST.isRefinement(node)) {
    filters.unshift(node)
    node = node.from
  }
  return { base: node, filters }
}

type Check = (value: unknown) => boolean

/**
 * A filter as a predicate: the predicate a builder attached ({@link PredicateAnnotationId}); for a
 * `Schema.pattern` filter its regex test, done here directly (the same two statements
 * `Schema.pattern` runs); any other filter called as Schema calls it.
 */
const checkOf = (filter: AST.Refinement): Check => {
  const predicate = filter.annotations[PredicateAnnotationId]
  if (typeof predicate === "function") return predicate as Check
  const pattern = filter.annotations[Schema.PatternSchemaId] as { readonly regex?: unknown } | undefined
  if (AST.getSchemaIdAnnotation(filter).pipe(Option.getOrUndefined) === Schema.PatternSchemaId && pattern?.regex instanceof RegExp) {
    const regex = pattern.regex
    return (value) => {
      regex.lastIndex = 0
      return regex.test(value as string)
    }
  }
  return (value) => Option.isNone(filter.filter(value, PARSE_OPTIONS, filter))
}

const passes = (checks: ReadonlyArray<Check>, value: unknown): boolean => {
  for (let i = 0; i < checks.length; i++) if (!checks[i]!(value)) return false
  return true
}

const isPrimitiveKeyword = (ast: AST.AST): boolean =>
  ast._tag === "StringKeyword" || ast._tag === "NumberKeyword" || ast._tag === "BooleanKeyword"

// Filters of a list that look at its length only, so that they may see the input itself rather than
// the copy Schema validates.
const LENGTH_FILTERS: ReadonlySet<unknown> = new Set([Schema.MinItemsSchemaId, Schema.MaxItemsSchemaId])

const isLengthFilter = (f: AST.Refinement): boolean => LENGTH_FILTERS.has(AST.getSchemaIdAnnotation(f).pipe(Option.getOrUndefined))

/** `X` of `X | undefined`, the type `Schema.optional(X)` gives a member. */
const optionalInner = (ast: AST.Union): AST.AST | undefined => {
  if (ast.types.length !== 2) return undefined
  const [a, b] = ast.types
  const inner = AST.isUndefinedKeyword(b!) ? a! : AST.isUndefinedKeyword(a!) ? b! : undefined
  return inner !== undefined && !AST.isUndefinedKeyword(inner) ? inner : undefined
}

const compileFast = (ast: AST.AST): Fast => {
  // A node that sets its own parse options would see other options than the fast path's.
  if (Option.isSome(AST.getParseOptionsAnnotation(ast))) return bySchema(ast)
  switch (ast._tag) {
    case "StringKeyword":
      return (v) => (typeof v === "string" ? v : GIVE_UP)
    case "NumberKeyword":
      return (v) => (typeof v === "number" ? v : GIVE_UP)
    case "BooleanKeyword":
      return (v) => (typeof v === "boolean" ? v : GIVE_UP)
    case "Refinement": {
      // Encoding a refinement validates its type side (the base, then every filter) and encodes
      // the base: for a primitive base both are the value itself.
      const { base, filters } = unrefine(ast)
      const checks = filters.map(checkOf)
      if (isPrimitiveKeyword(base)) {
        const type = base._tag === "StringKeyword" ? "string" : base._tag === "NumberKeyword" ? "number" : "boolean"
        // One or two filters (nearly every constrained string: a length and a pattern) are called
        // without the loop.
        if (checks.length === 1) {
          const [a] = checks as [Check]
          return (v) => (typeof v !== type || !a(v) ? GIVE_UP : v)
        }
        if (checks.length === 2) {
          const [a, b] = checks as [Check, Check]
          return (v) => (typeof v !== type || !a(v) || !b(v) ? GIVE_UP : v)
        }
        return (v) => (typeof v !== type || !passes(checks, v) ? GIVE_UP : v)
      }
      if (base._tag === "TupleType" && filters.every(isLengthFilter)) {
        const encode = fastOf(base)
        return (v) => {
          const out = encode(v)
          return out === GIVE_UP || !passes(checks, v) ? GIVE_UP : out
        }
      }
      return bySchema(ast)
    }
    case "Union": {
      const inner = optionalInner(ast)
      if (inner === undefined) return bySchema(ast)
      const encode = lazyFastOf(inner)
      return (v) => (v === undefined ? undefined : encode.encode(v))
    }
    case "TupleType": {
      if (ast.elements.length !== 0 || ast.rest.length !== 1) return bySchema(ast)
      const item = lazyFastOf(ast.rest[0]!.type)
      return (v) => {
        if (!Array.isArray(v)) return GIVE_UP
        // Copy on write (see `fastStruct`).
        let out: Array<unknown> | undefined
        for (let i = 0; i < v.length; i++) {
          const x: unknown = v[i]
          const e = item.encode(x)
          if (e === GIVE_UP) return GIVE_UP
          if (out === undefined && e !== x) out = v.slice(0, i)
          if (out !== undefined) out.push(e)
        }
        return out ?? v
      }
    }
    case "TypeLiteral":
      if (ast.indexSignatures.length === 0 && ast.propertySignatures.length > 0) return fastStruct(ast)
      if (ast.indexSignatures.length === 1 && ast.propertySignatures.length === 0) return fastMap(ast, ast.indexSignatures[0]!)
      return bySchema(ast)
    default:
      return bySchema(ast)
  }
}

interface Member extends Lazy {
  readonly optional: boolean
}

const fastStruct = (ast: AST.TypeLiteral): Fast => {
  // Members by name in a prototype-less object: one lookup per key of the input both checks that
  // the key is a member and finds how to encode it, and members the input does not carry cost
  // nothing.
  const byName: Record<PropertyKey, Member> = Object.create(null)
  let required = 0
  for (const ps of ast.propertySignatures) {
    // An optional member's `X | undefined` is unwrapped here: `undefined` is handled in the loop.
    const type = ps.isOptional && AST.isUnion(ps.type) ? (optionalInner(ps.type) ?? ps.type) : ps.type
    // `Object.assign` keeps the lazy object itself, whose first call replaces its own `encode`.
    byName[ps.name] = Object.assign(lazyFastOf(type), { optional: ps.isOptional })
    if (!ps.isOptional) required++
  }
  return (v) => {
    if (!isPlainRecord(v)) return GIVE_UP
    // Copy on write: most of an input encodes to itself (only timestamps and sensitive values
    // change), and the encoded value goes straight to `JSON.stringify`, so a node whose members all
    // encode to themselves is returned as it is, and only the path to a changed value is copied.
    // Building a parallel copy of every node was a sixth of the encoder's time (CreatePipeline's
    // 8 KB bench input: 25 -> 21 µs in-process, and less garbage). A copy starts with the members
    // before the first change, which encoded to themselves.
    let out: Record<PropertyKey, unknown> | undefined
    let present = 0
    let count = 0
    // `for...in` rather than `Object.keys`: no array, and V8 reads `v[key]` through the object's
    // enum cache. It also lists inherited enumerable keys, which can only come from a polluted
    // `Object.prototype`: not members, or not own, so the input goes to Schema either way.
    for (const key in v) {
      count++
      const m = byName[key]
      if (m === undefined) return GIVE_UP
      const value = v[key]
      if (value === undefined) {
        if (!m.optional) return GIVE_UP
        if (out !== undefined) out[key] = undefined
        continue
      }
      const e = m.encode(value)
      if (e === GIVE_UP) return GIVE_UP
      if (!m.optional) present++
      if (out === undefined && e !== value) out = entriesBefore(v, key)
      if (out !== undefined) out[key] = e
    }
    if (present !== required) return GIVE_UP
    // Schema also sees own non-enumerable keys (a member there is encoded, any other key rejected):
    // inputs with any are left to it. Symbol keys are ignored, as `JSON.stringify` ignores them
    // (see `encodeInput`); looking for them would be a quarter of this walk's time.
    if (Object.getOwnPropertyNames(v).length !== count) return GIVE_UP
    return out ?? v
  }
}

const fastMap = (ast: AST.TypeLiteral, signature: AST.IndexSignature): Fast => {
  const parameter: AST.AST = signature.parameter
  const keyBase = AST.isRefinement(parameter) ? unrefine(parameter).base : parameter
  if (keyBase._tag !== "StringKeyword") return bySchema(ast)
  const key = fastOf(parameter)
  const value = lazyFastOf(signature.type)
  return (v) => {
    if (!isPlainRecord(v)) return GIVE_UP
    // Copy on write, and `for...in`, as in `fastStruct`.
    let out: Record<string, unknown> | undefined
    let count = 0
    for (const k in v) {
      count++
      if (key(k) === GIVE_UP) return GIVE_UP
      const x = v[k]
      const e = value.encode(x)
      if (e === GIVE_UP) return GIVE_UP
      if (out === undefined && e !== x) out = entriesBefore(v, k)
      if (out !== undefined) setEntry(out, k, e)
    }
    // Non-enumerable keys: Schema's rules for those are its own business. Symbol keys are ignored.
    if (Object.getOwnPropertyNames(v).length !== count) return GIVE_UP
    return out ?? v
  }
}

const MAX_MESSAGE = 300

/**
 * The issue with every offending value (`Type` issues' `actual`, which Schema's formatter prints
 * whole and recursively) replaced by a stand-in that prints as a bounded description of it (see
 * `describeValue`): Schema's formatter would overflow the stack on a value nested a few thousand
 * levels deep, print a million-element array in full, and let a throwing getter or Proxy trap
 * escape. Messages keep Schema's wording otherwise.
 */
const bounded = (issue: ParseResult.ParseIssue): ParseResult.ParseIssue => {
  switch (issue._tag) {
    case "Type": {
      const shown = describeValue(issue.actual)
      return new ParseResult.Type(issue.ast, { toString: () => shown }, issue.message)
    }
    case "Pointer":
      return new ParseResult.Pointer(issue.path, issue.actual, bounded(issue.issue))
    case "Refinement":
      return new ParseResult.Refinement(issue.ast, issue.actual, issue.kind, bounded(issue.issue))
    case "Transformation":
      return new ParseResult.Transformation(issue.ast, issue.actual, issue.kind, bounded(issue.issue))
    case "Composite":
      return new ParseResult.Composite(
        issue.ast,
        issue.actual,
        isIssue(issue.issues) ? bounded(issue.issues) : Arr.map(issue.issues, bounded),
        issue.output,
      )
    default:
      return issue
  }
}

const isIssue = (issues: ParseResult.SingleOrNonEmpty<ParseResult.ParseIssue>): issues is ParseResult.ParseIssue => !Array.isArray(issues)

/** Schema's `ArrayFormatter` issues, with offending values described within bounds (see `bounded`). */
const formatIssues = (error: ParseResult.ParseError): Array<ParseResult.ArrayFormatterIssue> =>
  ParseResult.ArrayFormatter.formatIssueSync(bounded(error.issue))

/** The first violation, as an `InputValidationError` naming the member's path. */
export const toInputValidationError = (
  operation: string,
  error: ParseResult.ParseError,
  issue: ParseResult.ArrayFormatterIssue | undefined = formatIssues(error)[0],
): InputValidationError => {
  const path = issue ? formatPath(issue.path) : ""
  const detail = issue?.message ?? "invalid input"
  // Values are described within bounds, but a refinement's own message may quote one: cap it too.
  const message = detail.length > MAX_MESSAGE ? `${cut(detail, MAX_MESSAGE)}…` : detail
  return new InputValidationError(
    { operation, path, message: `${operation} input${path ? ` at ${path}` : ""}: ${message}` },
    true,
  )
}

/**
 * Validates and encodes an input to its JSON-ready form. Total: any value, however hostile (a
 * getter or Proxy trap that throws, a revoked Proxy), gives a value or an `InputValidationError`.
 */
export const encodeInput = <I>(operation: Operation<I, any, any>, input: I): Either.Either<unknown, InputValidationError> => {
  try {
    return encode(operation, input)
  } catch (thrown) {
    return Either.left(unreadable(operation.name, thrown))
  }
}

/** The input threw while it was read: the error says so, with what was thrown (bounded). */
export const unreadable = (operation: string, thrown: unknown): InputValidationError =>
  new InputValidationError(
    { operation, path: "", message: `${operation} input: could not be read (${describeThrown(thrown)})` },
    true,
  )

const encode = <I>(operation: Operation<I, any, any>, input: I): Either.Either<unknown, InputValidationError> => {
  // The fast path requires plain objects wherever `nonPlainObjectPath` does, so its success implies
  // that check's; the check itself only runs, with its own walk, when the fast path gives up.
  const fast = fastOf(operation.input.ast)(input)
  if (fast !== GIVE_UP) return Either.right(fast)
  const notPlain = nonPlainObjectPath(operation.input.ast, input)
  if (notPlain !== undefined) {
    const path = formatPath(notPlain)
    const ctor = (Object.getPrototypeOf(pick(input, notPlain)) as { constructor?: { name?: unknown } } | null)?.constructor?.name
    const what = typeof ctor === "string" && ctor !== "" ? cut(ctor, 40) : "object"
    return Either.left(
      new InputValidationError(
        { operation: operation.name, path, message: `${operation.name} input${path ? ` at ${path}` : ""}: Expected a plain object, got a ${what}` },
        true,
      ),
    )
  }
  const result = encoderOf(operation.input)(input)
  if (Either.isRight(result)) return Either.right(result.right)
  const [issue] = formatIssues(result.left)
  if (!isSymbolKeyIssue(issue)) return Either.left(toInputValidationError(operation.name, result.left, issue))
  return encodeIgnoringSymbolKeys(operation, input)
}

// Symbol-keyed properties are not members and cannot be sent (JSON has no symbols): they are
// ignored, as `JSON.stringify` and the official SDK ignore them, where Schema's excess-property
// rule rejects them. The fast path never looks at them; here, Schema's verdict is taken without
// them, so the two paths agree.
const isSymbolKeyIssue = (issue: ParseResult.ArrayFormatterIssue | undefined): boolean =>
  issue !== undefined && issue._tag === "Unexpected" && typeof issue.path[issue.path.length - 1] === "symbol"

const encodeIgnoringSymbolKeys = <I>(operation: Operation<I, any, any>, input: I): Either.Either<unknown, InputValidationError> => {
  const all = Schema.encodeUnknownEither(operation.input, { ...PARSE_OPTIONS, errors: "all" })(input)
  const issues = Either.isLeft(all) ? formatIssues(all.left) : []
  const firstReal = issues.find((issue) => !isSymbolKeyIssue(issue))
  if (Either.isLeft(all) && firstReal !== undefined) return Either.left(toInputValidationError(operation.name, all.left, firstReal))
  // Only symbol keys were in excess, so ignoring excess keys ignores exactly those.
  return Either.mapLeft(
    Schema.encodeUnknownEither(operation.input, { ...PARSE_OPTIONS, onExcessProperty: "ignore" })(input),
    (error) => toInputValidationError(operation.name, error),
  )
}

/** @internal The fast path alone, for the benchmark's differential check: `undefined` when it gives up. */
export const encodeFast = (ast: AST.AST, input: unknown): { readonly value: unknown } | undefined => {
  const out = fastOf(ast)(input)
  return out === GIVE_UP ? undefined : { value: out }
}

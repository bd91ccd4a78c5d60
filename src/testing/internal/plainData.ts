/**
 * Input as plain data: the one step through which every value from outside becomes the objects
 * the in-memory CodePipeline and the emulator work on (a parsed request body, a state file, an
 * input given to an operation or to a control).
 *
 * - Iterative: nothing here recurses, so no input overflows the stack, however deep; input nested
 *   more than {@link MAX_DEPTH} levels is refused (the model's deepest input is 11 levels).
 * - Every read of the input happens here, once, inside `try`: a cycle, a getter that throws or a
 *   hostile Proxy is refused with where it is, and what comes out can neither change nor throw.
 * - A key named `__proto__` stays an own entry (`Object.defineProperty`), never a prototype.
 * - Only arrays and plain objects (prototype `Object.prototype` or `null`) are copied; anything else
 *   (a `Date`, a `Redacted`, a `Map`, a class instance) is kept as it is, for the schema to judge.
 *
 * Effect's Schema builds the objects it decodes and encodes by assignment, so a `__proto__` key
 * would become the prototype of its result (and be lost); {@link viaSchema} runs a schema on a
 * copy where such keys are renamed, and renames them back.
 *
 * No Effect and no Node modules: plain code, usable wherever the emulator's state file and
 * protocol are.
 */

/** How deep input may nest; the model's deepest input (CreatePipeline) nests 11 levels. */
export const MAX_DEPTH = 100

/** How many values (containers and leaves) one input may hold, unless told otherwise. */
export const MAX_VALUES = 1_000_000

export type Problem = "depth" | "cycle" | "unreadable" | "size" | "clash"

export type Path = ReadonlyArray<string | number>

/** Why a value cannot be made plain data, and where (`path` from the root of the value). */
export class PlainDataError extends Error {
  constructor(
    readonly problem: Problem,
    readonly path: Path,
    readonly limit: number,
  ) {
    super(describeProblem(problem, limit))
  }
}

const describeProblem = (problem: Problem, limit: number): string => {
  switch (problem) {
    case "depth":
      return `nested more than ${limit} levels deep`
    case "cycle":
      return "refers to itself (a circular structure)"
    case "unreadable":
      return "could not be read (a getter or a Proxy trap threw)"
    case "size":
      return `holds more than ${limit.toLocaleString("en")} values`
    case "clash":
      return "holds the placeholder name of a renamed key"
  }
}

/** `a.b[0].c`, at most `max` characters (a path to a depth error is 100 segments long). */
export const formatPath = (path: Path, max = 120): string => {
  let out = ""
  for (let i = 0; i < path.length; i++) {
    const p = path[i]!
    out += typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`
    if (out.length > max) return `${out.slice(0, max)}…`
  }
  return out
}

/** Sets `out[key]` as an own data property, even for `__proto__` (an assignment sets the prototype). */
export const setOwn = (out: Record<string, unknown>, key: string, value: unknown): void => {
  if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true })
  else out[key] = value
}

/** `record[key]` when `record` has it as its own member: an inherited `constructor` is not an entry. */
export const own = <V>(record: { readonly [key: string]: V } | undefined, key: string): V | undefined =>
  record !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined

export interface Options {
  /** `null` as an object member stands for an absent member (JSON as AWS reads it): dropped. */
  readonly dropNulls?: boolean | undefined
  readonly maxDepth?: number | undefined
  readonly maxValues?: number | undefined
  /** Stores keys named `from` under `to` instead; an input key named `to` is refused ("clash"). */
  readonly rename?: { readonly from: string; readonly to: string } | undefined
  /** Counts the keys renamed. */
  readonly renamed?: { count: number } | undefined
}

const LEAF = 0
const ARRAY = 1
const OBJECT = 2

/** May throw (a revoked Proxy, a trap). */
const kindOf = (value: unknown): number => {
  if (typeof value !== "object" || value === null) return LEAF
  if (Array.isArray(value)) return ARRAY
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null ? OBJECT : LEAF
}

interface Frame {
  readonly source: object
  readonly out: Array<unknown> | Record<string, unknown>
  /** Object keys; `undefined` for an array. */
  readonly keys: ReadonlyArray<string> | undefined
  readonly count: number
  /** The next entry; the one being copied is `i - 1`. */
  i: number
}

// Every call of the in-memory CodePipeline goes through `toPlainData`, so it allocates nothing but
// the copy and its frames: no closures, no path kept as it goes (rebuilt from the frames on
// failure), cycles found by looking up the frames (they are no deeper than `maxDepth`).

/** The path to the entry being copied in the top frame. */
const pathOf = (stack: ReadonlyArray<Frame>): Array<string | number> =>
  stack.map((frame) => (frame.keys === undefined ? frame.i - 1 : frame.keys[frame.i - 1]!))

const failAt = (stack: ReadonlyArray<Frame>, problem: Problem, limit = 0): never => {
  throw new PlainDataError(problem, pathOf(stack), limit)
}

/** `kindOf`, with a throw (a revoked Proxy, a trap) refused where it happens. */
const classify = (value: unknown, stack: ReadonlyArray<Frame>): number => {
  try {
    return kindOf(value)
  } catch {
    return failAt(stack, "unreadable")
  }
}

/** Pushes the frame that copies `source`; returns the copy it fills. */
const enter = (
  stack: Array<Frame>,
  source: object,
  kind: number,
  maxDepth: number,
  budget: { values: number; readonly max: number },
): Array<unknown> | Record<string, unknown> => {
  if (stack.length >= maxDepth) failAt(stack, "depth", maxDepth)
  for (let i = 0; i < stack.length; i++) if (stack[i]!.source === source) failAt(stack, "cycle")
  let keys: ReadonlyArray<string> | undefined
  let count: number
  try {
    if (kind === ARRAY) {
      count = (source as Array<unknown>).length
    } else {
      // Own string keys, enumerable or not (the schema sees both); symbol keys are not members.
      keys = Object.getOwnPropertyNames(source)
      count = keys.length
    }
  } catch {
    return failAt(stack, "unreadable")
  }
  // Checked before iterating: a sparse array of length 2^32 - 1 is refused, not walked.
  budget.values += count
  if (budget.values > budget.max) failAt(stack, "size", budget.max)
  const out = kind === ARRAY ? new Array<unknown>(count) : {}
  stack.push({ source, out, keys, count, i: 0 })
  return out
}

/**
 * A copy of `value` as plain data (see the module's documentation). Throws `PlainDataError`.
 */
export const toPlainData = (value: unknown, options: Options = {}): unknown => {
  const stack: Array<Frame> = []
  const rootKind = classify(value, stack)
  if (rootKind === LEAF) return value
  const maxDepth = options.maxDepth ?? MAX_DEPTH
  const budget = { values: 1, max: options.maxValues ?? MAX_VALUES }
  const dropNulls = options.dropNulls === true
  const rename = options.rename
  const root = enter(stack, value as object, rootKind, maxDepth, budget)
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!
    if (frame.i >= frame.count) {
      stack.pop()
      continue
    }
    const index = frame.i++
    const key: string | number = frame.keys === undefined ? index : frame.keys[index]!
    let child: unknown
    try {
      child = (frame.source as Record<string | number, unknown>)[key]
    } catch {
      failAt(stack, "unreadable")
    }
    if (frame.keys === undefined) {
      const kind = classify(child, stack)
      ;(frame.out as Array<unknown>)[index] = kind === LEAF ? child : enter(stack, child as object, kind, maxDepth, budget)
      continue
    }
    if (child === null && dropNulls) continue
    let name = key as string
    if (rename !== undefined) {
      if (name === rename.to) failAt(stack, "clash")
      if (name === rename.from) {
        name = rename.to
        if (options.renamed !== undefined) options.renamed.count++
      }
    }
    const kind = classify(child, stack)
    setOwn(frame.out as Record<string, unknown>, name, kind === LEAF ? child : enter(stack, child as object, kind, maxDepth, budget))
  }
  return root
}

/**
 * Whether `value` has an own key `key` in any of its plain objects, down to `maxDepth` levels
 * (iterative; nothing copied; for values this code built, such as outputs, which cannot throw).
 */
export const hasKeyDeep = (value: unknown, key: string, maxDepth = MAX_DEPTH): boolean => {
  const stack: Array<unknown> = [value]
  const depths: Array<number> = [1]
  while (stack.length > 0) {
    const v = stack.pop()
    const depth = depths.pop()!
    const kind = kindOf(v)
    if (kind === LEAF || depth > maxDepth) continue
    if (kind === ARRAY) {
      for (const item of v as Array<unknown>) if (typeof item === "object" && item !== null) (stack.push(item), depths.push(depth + 1))
      continue
    }
    if (Object.prototype.hasOwnProperty.call(v, key)) return true
    for (const k in v as object) {
      const item = (v as Record<string, unknown>)[k]
      if (typeof item === "object" && item !== null) (stack.push(item), depths.push(depth + 1))
    }
  }
  return false
}

const PLACEHOLDER_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"

/**
 * A name for `__proto__` keys while a schema handles them: as long as `__proto__` (9 characters)
 * and of the same characters (letters, digits, `_`), so every length and pattern rule of the model's
 * map keys judges it as it judges `__proto__`; starting with `__`, so it is no member's name.
 */
const placeholder = (): string => {
  let name = "__"
  for (let i = 0; i < 7; i++) name += PLACEHOLDER_CHARS[Math.floor(Math.random() * PLACEHOLDER_CHARS.length)]
  return name
}

export type SchemaResult<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly message: string }

/**
 * Runs `run` (a schema's decode or encode) on a plain copy of `value` (see {@link toPlainData};
 * throws `PlainDataError`) whose `__proto__` keys are under a placeholder name, and gives its
 * result with the keys named `__proto__` again, as own entries, and the placeholder replaced in a
 * failure's message.
 */
export const viaSchema = <A>(value: unknown, options: Omit<Options, "rename" | "renamed">, run: (copy: unknown) => SchemaResult<A>): SchemaResult<A> => {
  for (;;) {
    const name = placeholder()
    const renamed = { count: 0 }
    let copy: unknown
    try {
      copy = toPlainData(value, { ...options, rename: { from: "__proto__", to: name }, renamed })
    } catch (error) {
      // One chance in 36^7 per key: another name.
      if (error instanceof PlainDataError && error.problem === "clash") continue
      throw error
    }
    const result = run(copy)
    if (renamed.count === 0) return result
    if (!result.ok) return { ok: false, message: result.message.replaceAll(name, "__proto__") }
    return { ok: true, value: toPlainData(result.value, { maxDepth: Infinity, maxValues: Infinity, rename: { from: name, to: "__proto__" } }) as A }
  }
}

/**
 * Input as plain data: the one step through which a value from outside becomes objects the
 * simulator keeps (an input given to a control, a snapshot being imported). Operation inputs do not
 * come here: the generated codec decodes them into fresh values.
 *
 * - Iterative: nothing here recurses, so no input overflows the stack, however deep; input nested
 *   more than {@link MAX_DEPTH} levels is refused (the model's deepest input is 11 levels).
 * - Every read of the input happens here, once, inside `try`: a cycle, a getter that throws or a
 *   hostile Proxy is refused with where it is, and what comes out can neither change nor throw.
 * - A key named `__proto__` stays an own entry (`Object.defineProperty`), never a prototype.
 * - Only arrays and plain objects (prototype `Object.prototype` or `null`) are copied; anything else
 *   (a `Date`, a `Map`, a class instance) is kept as it is, for the checks that follow to judge.
 */

/** How deep a value from outside may nest; the model's deepest input (CreatePipeline) nests 11 levels. */
export const MAX_DEPTH = 100

/** How many values (containers and leaves) one input may hold, unless told otherwise. */
export const MAX_VALUES = 1_000_000

export type Problem = "depth" | "cycle" | "unreadable" | "size"

/** Where a value is, from the root: `["pipelines", 0, "created"]`. */
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

/** What the value is, as the end of a sentence about it: `the input at a.b is nested ...`. */
const describeProblem = (problem: Problem, limit: number): string => {
  switch (problem) {
    case "depth":
      return `is nested more than ${limit} levels deep`
    case "cycle":
      return "refers to itself (a circular structure)"
    case "unreadable":
      return "could not be read (a getter or a Proxy trap threw)"
    case "size":
      return `holds more than ${limit.toLocaleString("en")} values`
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
  record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined

export interface Options {
  readonly maxDepth?: number | undefined
  readonly maxValues?: number | undefined
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

// `toPlainData` allocates nothing but the copy and its frames: no closures, no path kept as it goes
// (rebuilt from the frames on failure), cycles found by looking up the frames (they are no deeper
// than `maxDepth`).

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
      // Own string keys, enumerable or not (the checks that follow see both); symbol keys are not members.
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
    const kind = classify(child, stack)
    setOwn(
      frame.out as Record<string, unknown>,
      key as string,
      kind === LEAF ? child : enter(stack, child as object, kind, maxDepth, budget),
    )
  }
  return root
}

/**
 * The path to the first value nested more than `maxDepth` levels deep in `value`'s arrays and plain
 * objects, or `undefined` (iterative; nothing copied; for parsed JSON, which cannot throw when read).
 */
export const nestedTooDeep = (value: unknown, maxDepth = MAX_DEPTH): Path | undefined => {
  // Depth-first, one frame per container on the current path: a cycle (not in parsed JSON) would
  // still end, at `maxDepth`.
  const frames: Array<{ readonly value: object; readonly keys: ReadonlyArray<string> | undefined; i: number }> = []
  const push = (v: unknown): boolean => {
    const kind = kindOf(v)
    if (kind === LEAF) return false
    if (frames.length >= maxDepth) return true
    frames.push({ value: v as object, keys: kind === ARRAY ? undefined : Object.keys(v as object), i: 0 })
    return false
  }
  if (push(value)) return []
  while (frames.length > 0) {
    const frame = frames[frames.length - 1]!
    const count = frame.keys === undefined ? (frame.value as Array<unknown>).length : frame.keys.length
    if (frame.i >= count) {
      frames.pop()
      continue
    }
    const i = frame.i++
    const child = frame.keys === undefined ? (frame.value as Array<unknown>)[i] : (frame.value as Record<string, unknown>)[frame.keys[i]!]
    if (push(child)) return frames.map((f) => (f.keys === undefined ? f.i - 1 : f.keys[f.i - 1]!))
  }
  return undefined
}

/**
 * Comparing decoded values (`Date`s by time, `Redacted`s by what they hold, a member holding
 * `undefined` as absent) and breaking one at a random place.
 */
import * as Redacted from "effect/Redacted"

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date) && !Redacted.isRedacted(v)

const show = (v: unknown): string =>
  v instanceof Date ? `Date(${v.getTime()})` : Redacted.isRedacted(v) ? "Redacted(…)" : (JSON.stringify(v) ?? String(v))

/** The first difference between two values, or `undefined` when they are equivalent. */
export const difference = (a: unknown, b: unknown, at = "value"): string | undefined => {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime() ? undefined : `${at}: ${show(a)} ≠ ${show(b)}`
  }
  if (Redacted.isRedacted(a) || Redacted.isRedacted(b)) {
    if (!Redacted.isRedacted(a) || !Redacted.isRedacted(b)) return `${at}: only one side is Redacted`
    return difference(Redacted.value(a), Redacted.value(b), `${at}<redacted>`)
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return `${at}: only one side is an array`
    if (a.length !== b.length) return `${at}: length ${a.length} ≠ ${b.length}`
    for (let i = 0; i < a.length; i++) {
      const d = difference(a[i], b[i], `${at}[${i}]`)
      if (d !== undefined) return d
    }
    return undefined
  }
  if (isPlainObject(a) || isPlainObject(b)) {
    if (!isPlainObject(a) || !isPlainObject(b)) return `${at}: only one side is an object`
    const keys = (o: Record<string, unknown>) =>
      Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort()
    const ka = keys(a)
    const kb = keys(b)
    if (ka.join("\u0000") !== kb.join("\u0000")) return `${at}: members ${JSON.stringify(ka)} ≠ ${JSON.stringify(kb)}`
    for (const k of ka) {
      const d = difference(a[k], b[k], `${at}.${k}`)
      if (d !== undefined) return d
    }
    return undefined
  }
  return Object.is(a, b) ? undefined : `${at}: ${show(a)} ≠ ${show(b)}`
}

/** Whether a value holds a key `__proto__`, which schemas and the codec treat differently by design. */
export const hasProtoKey = (v: unknown): boolean => {
  if (typeof v !== "object" || v === null || v instanceof Date || Redacted.isRedacted(v)) return false
  if (Object.hasOwn(v, "__proto__")) return true
  return Object.values(v).some(hasProtoKey)
}

const JUNK: ReadonlyArray<() => unknown> = [
  () => "",
  () => "x".repeat(3000),
  () => -1,
  () => 1.5,
  () => 2 ** 40,
  () => Number.NaN,
  () => null,
  () => true,
  () => ({}),
  () => [],
  () => new Map(),
  () => new Date(Number.NaN),
  () => new Date(0),
  () => Redacted.make("s"),
  () => Object.create(null),
  () => ({ notAMember: 1 }),
  () => "🎉".repeat(60),
]

/** A copy of `value` with the node at one random path replaced by junk, deleted, or given an extra member. */
export const mutate = (value: unknown, rnd: () => number): unknown => {
  const junk = () => JUNK[Math.floor(rnd() * JUNK.length)]!()
  if (value === null || typeof value !== "object" || value instanceof Date || Redacted.isRedacted(value)) return junk()
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) }
  const keys = Object.keys(copy)
  const r = rnd()
  if (keys.length === 0 || r < 0.1) {
    copy[Array.isArray(copy) ? copy.length : "notAMember"] = junk()
    return copy
  }
  if (r < 0.2 && !Array.isArray(copy)) {
    delete copy[keys[Math.floor(rnd() * keys.length)]!]
    return copy
  }
  const key = keys[Math.floor(rnd() * keys.length)]!
  copy[key] = rnd() < 0.5 ? mutate(copy[key], rnd) : junk()
  return copy
}

/** A small deterministic generator of numbers in [0, 1) from a seed. */
export const random = (seed: number): (() => number) => {
  let s = seed & 0x7fffffff
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
}

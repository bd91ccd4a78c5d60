/**
 * Durations as people write them in JSON and on command lines: a number of milliseconds, or text
 * such as `250ms`, `30s`, `15m`, `2h`, `1d`.
 */

const UNITS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^(ms|millis|milliseconds?)$/, 1],
  [/^(s|secs?|seconds?)$/, 1000],
  [/^(m|mins?|minutes?)$/, 60_000],
  [/^(h|hours?)$/, 3_600_000],
  [/^(d|days?)$/, 86_400_000],
]

/** The pattern a duration's text matches (for schemas). */
export const DURATION_PATTERN = "^\\s*\\d+(\\.\\d+)?\\s*(ms|millis|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hours?|d|days?)\\s*$"

/** Milliseconds of a duration, or `undefined` for one that is not (negative, not finite, no unit). */
export const parseDuration = (value: unknown): number | undefined => {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : undefined
  if (typeof value !== "string") return undefined
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(value)
  if (m === null) return undefined
  const unit = m[2]!.toLowerCase()
  const factor = UNITS.find(([pattern]) => pattern.test(unit))?.[1]
  return factor === undefined ? undefined : Number(m[1]) * factor
}

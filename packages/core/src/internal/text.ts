/**
 * Text that goes into error messages from a server: bounded in length and in what it keeps alive.
 */
import { cut } from "./codec.js"

/**
 * A copy of `s` that shares no memory with it. V8 represents a `slice` of a long string as a view
 * of the whole (a sliced string), so a short prefix of a 10 MB message would keep the 10 MB alive
 * for as long as the error lives; building the string from its code units makes a flat one.
 */
export const detach = (s: string): string => {
  let out = ""
  for (let i = 0; i < s.length; i += 1024) out += String.fromCharCode.apply(null, toCodes(s, i, Math.min(s.length, i + 1024)))
  return out
}

const toCodes = (s: string, from: number, to: number): Array<number> => {
  const codes = new Array<number>(to - from)
  for (let i = from; i < to; i++) codes[i - from] = s.charCodeAt(i)
  return codes
}

/**
 * `s` capped at `max` code units (never splitting a surrogate pair), passed through `clean`, with a
 * marker saying how much was cut when it was; always a copy that keeps nothing of `s` alive (see
 * {@link detach}).
 */
export const capText = (s: string, max: number, clean?: (s: string) => string): string => {
  const kept = cut(s, max)
  const out = detach(clean === undefined ? kept : clean(kept))
  return kept.length === s.length ? out : `${out}… (${s.length - kept.length} more characters)`
}

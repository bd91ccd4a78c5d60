/**
 * The redaction rule of `Redact.ts` (see there), implemented as a rolling hash over the text compared with a set
 * of the secrets' window hashes, built once per set of secrets. Text without a secret, the common
 * case, costs one pass of integer arithmetic and no allocation; a hash hit is confirmed by
 * comparing the characters.
 */

const WINDOW = 8
const MARK = "***"
const BASE = 0x01000193

export interface Windows {
  /** Window length → hashes of the secrets' windows of that length. */
  readonly hashes: Map<number, Set<number>>
  /** Window length → the windows themselves, to confirm a hash hit. */
  readonly windows: Map<number, Set<string>>
}

const hashOf = (s: string, from: number, w: number): number => {
  let h = 0
  for (let i = from; i < from + w; i++) h = (Math.imul(h, BASE) + s.charCodeAt(i)) | 0
  return h
}

export const windowsOf = (secrets: ReadonlyArray<string>): Windows => {
  const hashes = new Map<number, Set<number>>()
  const windows = new Map<number, Set<string>>()
  for (const secret of secrets) {
    if (secret === "") continue
    const w = Math.min(WINDOW, secret.length)
    let hs = hashes.get(w)
    let ws = windows.get(w)
    if (hs === undefined || ws === undefined) {
      hs = new Set()
      ws = new Set()
      hashes.set(w, hs)
      windows.set(w, ws)
    }
    for (let i = 0; i + w <= secret.length; i++) {
      hs.add(hashOf(secret, i, w))
      ws.add(secret.slice(i, i + w))
    }
  }
  return { hashes, windows }
}

/** `text` with every run of characters covered by a secret's window replaced by `***`. */
export const redactWith = (text: string, { hashes, windows }: Windows): string => {
  // Covered runs as [start, end) pairs, in order and merged, from every window length in use.
  let runs: Array<number> | undefined
  for (const [w, set] of hashes) {
    if (text.length < w) continue
    const confirm = windows.get(w)!
    // BASE^(w-1), to take the leaving character out of the rolling hash.
    let top = 1
    for (let i = 1; i < w; i++) top = Math.imul(top, BASE)
    let h = hashOf(text, 0, w)
    for (let i = 0; ; i++) {
      if (set.has(h) && confirm.has(text.slice(i, i + w))) (runs ??= []).push(i, i + w)
      if (i + w >= text.length) break
      h = (Math.imul(h - Math.imul(text.charCodeAt(i), top), BASE) + text.charCodeAt(i + w)) | 0
    }
  }
  if (runs === undefined) return text
  if (hashes.size > 1) runs = sortRuns(runs)
  let out = ""
  let at = 0
  for (let i = 0; i < runs.length; i += 2) {
    const start = runs[i]!
    let end = runs[i + 1]!
    // Merge runs that touch or overlap.
    while (i + 2 < runs.length && runs[i + 2]! <= end) {
      end = Math.max(end, runs[i + 3]!)
      i += 2
    }
    out += text.slice(at, start) + MARK
    at = end
  }
  return out + text.slice(at)
}

const sortRuns = (runs: Array<number>): Array<number> => {
  const pairs: Array<[number, number]> = []
  for (let i = 0; i < runs.length; i += 2) pairs.push([runs[i]!, runs[i + 1]!])
  pairs.sort((a, b) => a[0] - b[0])
  return pairs.flat()
}

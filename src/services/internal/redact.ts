/**
 * What a server says goes into errors (messages, codes, request ids), and a server may quote the
 * request back: a proxy echoing the `x-amz-security-token` header, a service quoting part of it.
 * Before such text is kept, it is cut to a bounded length, copied (see `detach`), and cleared of the
 * secrets of the credentials that signed the request: the secret access key and the session token
 * (the access key id is not a secret: it is in every `Authorization` header).
 *
 * The rule: a secret is cut into windows of `W = min(8, its length)` consecutive characters, and
 * every character of the text that lies in a window of `W` characters equal to one of the secret's
 * is replaced, each maximal run of them by one `***`. So the secret whole, any substring of it of
 * `W` characters or more (a prefix, a suffix, a middle part, however the server cut it), and
 * overlapping pieces of it are all removed, and what remains of the secret in the text is only
 * pieces shorter than `W` characters, each of which carries less than 48 bits of a base64 secret
 * and would also match ordinary words if `W` were smaller. A secret of fewer than 8 characters is
 * removed wherever it occurs whole. The URL-encoded form of a secret is treated as a secret too.
 *
 * The check is a rolling hash over the text compared with a set of the secrets' window hashes,
 * built once per credentials: text without a secret, the common case, costs one pass of integer
 * arithmetic and no allocation; a hash hit is confirmed by comparing the characters.
 */
import * as Redacted from "effect/Redacted"
import type { AwsCredentials } from "../Credentials.js"
import { capText } from "./text.js"

const WINDOW = 8
const MARK = "***"
const BASE = 0x01000193

/** Cleans server text for an error: at most `max` code units (with a marker when cut), secrets removed, copied. */
export type Scrub = (text: string, max: number) => string

interface Windows {
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

const windowsOf = (secrets: ReadonlyArray<string>): Windows => {
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
const redactWith = (text: string, { hashes, windows }: Windows): string => {
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

/** Capping and copying only: for text that no credentials signed (no attempt got that far). */
export const scrubPlain: Scrub = capText

const scrubs = new WeakMap<AwsCredentials, Scrub>()

/** The `Scrub` for text answering a request signed with `credentials` (built once per credentials). */
export const scrubFor = (credentials: AwsCredentials | undefined): Scrub => {
  if (credentials === undefined) return scrubPlain
  let scrub = scrubs.get(credentials)
  if (scrub === undefined) {
    const secrets: Array<string> = []
    for (const secret of [credentials.secretAccessKey, credentials.sessionToken]) {
      if (secret === undefined) continue
      const value = Redacted.value(secret)
      secrets.push(value)
      const encoded = encodeURIComponent(value)
      if (encoded !== value) secrets.push(encoded)
    }
    const windows = windowsOf(secrets)
    const redact = (text: string) => redactWith(text, windows)
    scrub = (text, max) => capText(text, max, redact)
    scrubs.set(credentials, scrub)
  }
  return scrub
}

/** @internal For tests: the redaction alone. */
export const redactSecrets = (text: string, secrets: ReadonlyArray<string>): string => redactWith(text, windowsOf(secrets))

/**
 * Seeded ids. Every id the simulator hands out (execution ids, action execution ids, job ids,
 * nonces, approval tokens, revisions) is drawn from one generator seeded by the simulator's `seed`
 * option, so the same test yields the same ids on every run.
 */

/** A 32-bit generator (mulberry32): tiny, fast and good enough for ids that only need to differ. */
export interface Random {
  /** The next unsigned 32-bit integer. */
  readonly next: () => number
}

/** FNV-1a over the seed's text, so string and number seeds both give a 32-bit state. */
const hashSeed = (seed: number | string): number => {
  const text = String(seed)
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

export const makeRandom = (seed: number | string): Random => {
  let state = hashSeed(seed)
  return {
    next: () => {
      state = (state + 0x6d2b79f5) | 0
      let t = Math.imul(state ^ (state >>> 15), 1 | state)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      return (t ^ (t >>> 14)) >>> 0
    },
  }
}

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, "0")

// Ids are built from character codes into one flat string. Concatenating and slicing hex pieces
// would leave V8 rope and slice strings holding their parts: hundreds of bytes per id, which
// adds up to most of the memory of 100,000 stored executions.
const DIGITS = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]
const DASH = 45

/** Appends the `count` most significant hex digits of the 32-bit `n`. */
const pushHex = (codes: Array<number>, n: number, count = 8): void => {
  for (let i = 7; i > 7 - count; i--) codes.push(DIGITS[(n >>> (i * 4)) & 15]!)
}

const text = (codes: Array<number>): string => String.fromCharCode.apply(null, codes)

/** `n` lowercase hex digits. */
export const hex = (random: Random, n: number): string => {
  const codes: Array<number> = []
  while (codes.length < n) pushHex(codes, random.next(), Math.min(8, n - codes.length))
  return text(codes)
}

/** A version 4 UUID: the form of execution ids, job ids, approval tokens and client ids. */
export const uuid = (random: Random): string => {
  const a = random.next()
  const b = random.next()
  const c = ((random.next() & 0x0fffffff) | 0x40000000) >>> 0
  const d = ((random.next() & 0x3fffffff) | 0x80000000) >>> 0
  const codes: Array<number> = []
  pushHex(codes, a)
  codes.push(DASH)
  pushHex(codes, b, 4)
  codes.push(DASH)
  pushHex(codes, c, 4)
  codes.push(DASH)
  pushHex(codes, d, 4)
  codes.push(DASH)
  pushHex(codes, b << 16, 4)
  pushHex(codes, c << 16, 4)
  pushHex(codes, d << 16, 4)
  return text(codes)
}

/** The murmur3 finaliser: a bijective scramble of 32 bits. */
const mix = (h: number): number => {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/** A version 4 UUID derived from a salt and a serial number: the same pair, the same id. */
export const derivedUuid = (salt: number, serial: number): string => {
  let state = mix(salt ^ mix(serial))
  return uuid({
    next: () => {
      state = mix((state + 0x9e3779b9) | 0)
      return state
    },
  })
}

/** FNV-1a of a string, as 8 hex digits: the checksum of next tokens. */
export const checksum = (text: string): string => hex8(hashSeed(text))

/**
 * Smithy's `@length` of a string, which counts Unicode scalar values (an emoji is one), not UTF-16
 * code units. Apart from the codec (`./codec.ts`) so that what checks a length without the codec
 * (the Effect 3 flavor's schemas, through `../CodePoints.ts`) does not load it.
 */

export const codePoints = (s: string): number => {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) i++
    }
    n++
  }
  return n
}

// A string's `length` (UTF-16 code units) bounds its code points from above, and at most halves
// them: the count is only taken when those bounds cannot decide.
export const atLeast = (s: string, min: number): boolean => s.length >= 2 * min || (s.length >= min && codePoints(s) >= min)
export const atMost = (s: string, max: number): boolean => s.length <= max || codePoints(s) <= max

/**
 * Copy on write, shared by the encoder and the decoder: a structure or map that is already in its
 * encoded (decoded) form is passed on as it is, and only a node with a changed entry is copied,
 * starting with the entries before the first change.
 */

/** Sets `out[key]`, as an own entry even for `__proto__` (an assignment would set the prototype). */
export const setEntry = (out: Record<string, unknown>, key: string, value: unknown): void => {
  if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true })
  else out[key] = value
}

/** A new object with the entries of `v` that come before `stop`, in the same order. */
export const entriesBefore = (v: Record<string, unknown>, stop: string): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const key in v) {
    if (key === stop) break
    setEntry(out, key, v[key])
  }
  return out
}

/**
 * Text that goes into error messages: values from a caller or a server, bounded in what they cost
 * to describe and in what they keep alive.
 */

/** The first `n` code units of `s`, one fewer if the cut would split a surrogate pair. */
export const cut = (s: string, n: number): string => {
  if (s.length <= n) return s
  const last = s.charCodeAt(n - 1)
  return s.slice(0, last >= 0xd800 && last <= 0xdbff ? n - 1 : n)
}

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
 * `s` capped at `max` code units, passed through `clean`, with a marker saying how much was cut
 * when it was; always a copy that keeps nothing of `s` alive (see {@link detach}).
 */
export const capText = (s: string, max: number, clean?: (s: string) => string): string => {
  const kept = cut(s, max)
  const out = detach(clean === undefined ? kept : clean(kept))
  return kept.length === s.length ? out : `${out}… (${s.length - kept.length} more characters)`
}

const CIRCULAR = "[Circular]"

/**
 * A short description of any value, in the notation Schema's messages use (`"text"`, `5`, `[1,2]`,
 * `{"a":1}`, `Map(...)`): at most about `max` characters, however large, deep, cyclic or hostile
 * the value. It reads a bounded prefix of the value (a few levels, as many elements and keys as
 * fit), copies nothing else, and never throws: a getter, a Proxy trap or a `toString` that throws
 * is described as unreadable. A value with its own `toString` (a `Redacted`, an `Error`) is shown
 * by it, as Schema does: a `Redacted` shows as `<redacted>`, never by its content.
 */
export const describeValue = (value: unknown, max = 120): string => {
  let out = ""
  const full = () => out.length >= max
  const ancestors: Array<object> = []

  const go = (v: unknown, depth: number): void => {
    if (full()) return
    try {
      switch (typeof v) {
        case "string": {
          const room = Math.max(1, max - out.length - 2)
          out += v.length > room ? `${JSON.stringify(cut(v, room)).slice(0, -1)}…"` : JSON.stringify(v)
          return
        }
        case "number":
        case "boolean":
        case "undefined":
          out += String(v)
          return
        case "bigint":
          out += `${cut(String(v), max)}n`
          return
        case "symbol":
          out += `Symbol(${cut(v.description ?? "", max)})`
          return
        case "function":
          out += "[Function]"
          return
      }
      if (v === null) {
        out += "null"
        return
      }
      const object = v as object
      if (ancestors.includes(object)) {
        out += CIRCULAR
        return
      }
      if (Array.isArray(object)) return items("[", "]", object.length, (i) => object[i], depth, object)
      if (object instanceof Date) {
        out += Number.isNaN(object.getTime()) ? "Invalid Date" : object.toISOString()
        return
      }
      if (object instanceof Map || object instanceof Set) {
        const iterator = object instanceof Map ? object.entries() : object.values()
        out += `${object instanceof Map ? "Map" : "Set"}(`
        items("[", "]", object.size, () => iterator.next().value, depth, object)
        out += ")"
        return
      }
      const toString = (object as { toString?: unknown }).toString
      if (typeof toString === "function" && toString !== Object.prototype.toString) {
        out += cut(String(toString.call(object)), max)
        return
      }
      const proto = Object.getPrototypeOf(object) as { constructor?: { name?: unknown } } | null
      const name = proto === null || proto === Object.prototype ? "" : proto.constructor?.name
      const wrapped = typeof name === "string" && name !== ""
      if (wrapped) out += `${cut(name, 40)}(`
      const keys = Reflect.ownKeys(object)
      items("{", "}", keys.length, (i) => keys[i], depth, object, (key) => {
        out += `${typeof key === "symbol" ? `[${String(key.description ?? "")}]` : JSON.stringify(cut(String(key), max))}:`
        go((object as Record<PropertyKey, unknown>)[key as PropertyKey], depth + 1)
      })
      if (wrapped) out += ")"
    } catch {
      out += "<unreadable>"
    }
  }

  /** `count` entries, read one by one with `at` while there is room; "…" for the rest. */
  const items = (
    open: string,
    close: string,
    count: number,
    at: (i: number) => unknown,
    depth: number,
    owner: object,
    each: (entry: unknown) => void = (entry) => go(entry, depth + 1),
  ): void => {
    out += open
    if (depth >= 3 && count > 0) {
      out += `…${close}`
      return
    }
    ancestors.push(owner)
    try {
      let i = 0
      for (; i < count && !full(); i++) {
        if (i > 0) out += ","
        // Reading an entry runs the caller's code (a getter, a Proxy trap), which may throw.
        try {
          each(at(i))
        } catch {
          out += "<unreadable>"
        }
      }
      if (i < count) out += "…"
    } finally {
      ancestors.pop()
    }
    out += close
  }

  go(value, 0)
  return out.length > max ? `${cut(out, max)}…` : out
}

/** What a thrown value says, bounded: `Name: message` for an error, else its description. */
export const describeThrown = (thrown: unknown, max = 200): string => {
  try {
    if (thrown instanceof Error) {
      const name = typeof thrown.name === "string" ? thrown.name : "Error"
      const message = typeof thrown.message === "string" ? thrown.message : ""
      return cut(message === "" ? name : `${name}: ${cut(message, max)}`, max)
    }
  } catch {
    // A Proxy posing as an error: described as a value below.
  }
  return describeValue(thrown, max)
}

/**
 * Next tokens. A token is opaque to callers but carries its own meaning: the operation and scope it
 * belongs to (a pipeline's incarnation, so a token outlives neither a deleted pipeline nor a
 * re-created one), the cursor to resume after, and a checksum keyed by a per-simulator secret. A
 * forged, altered, foreign or stale token fails with `InvalidNextTokenException`, as the service
 * refuses tokens it did not issue. Tokens need no storage, so listing never grows the state.
 */
import { reject } from "./errors.js"
import { checksum } from "./random.js"
import type { Store } from "./state.js"

export const encodeToken = (store: Store, operation: string, scope: string, cursor: string): string => {
  const body = JSON.stringify([operation, scope, cursor])
  const sum = checksum(`${store.tokenSecret}${body}`)
  // `encodeURIComponent` first: `btoa` takes Latin-1 only, and cursors may hold any character.
  return btoa(encodeURIComponent(`${sum}${body}`))
}

const invalid = (): never =>
  reject(
    "InvalidNextTokenException",
    "The next token was specified in an invalid format. Make sure that the next token you provide is the token returned by a previous call.",
  )

/** The cursor of a token issued for this operation and scope. */
export const decodeToken = (store: Store, operation: string, scope: string, token: string): string => {
  let text: string
  try {
    text = decodeURIComponent(atob(token))
  } catch {
    return invalid()
  }
  const sum = text.slice(0, 8)
  const body = text.slice(8)
  if (checksum(`${store.tokenSecret}${body}`) !== sum) return invalid()
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return invalid()
  }
  if (!Array.isArray(parsed) || parsed[0] !== operation || parsed[1] !== scope || typeof parsed[2] !== "string") return invalid()
  return parsed[2]
}

/**
 * One page of `items` (already in listing order) starting after `cursor`, where `key` gives each
 * item's cursor value. Returns the page and the next token when more remain.
 */
export const page = <A>(
  store: Store,
  operation: string,
  scope: string,
  items: ReadonlyArray<A>,
  key: (item: A) => string,
  maxResults: number,
  nextToken: string | undefined,
): { readonly items: ReadonlyArray<A>; readonly nextToken: string | undefined } => {
  let start = 0
  if (nextToken !== undefined) {
    const cursor = decodeToken(store, operation, scope, nextToken)
    const i = items.findIndex((item) => key(item) === cursor)
    // The item the token resumes after is gone: the listing it belonged to no longer exists.
    if (i < 0) return invalid()
    start = i + 1
  }
  const slice = items.slice(start, start + maxResults)
  const more = start + maxResults < items.length
  return { items: slice, nextToken: more ? encodeToken(store, operation, scope, key(slice[slice.length - 1]!)) : undefined }
}

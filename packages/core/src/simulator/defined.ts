/**
 * Copying only the members that are defined: the records and the views are built under
 * `exactOptionalPropertyTypes`, where an optional member is absent rather than `undefined`, and a
 * response must not carry `"summary": undefined` where the service sends no `summary`.
 *
 * @internal
 */

type Defined<T> = { -readonly [K in keyof T]?: Exclude<T[K], undefined> }

/** The members of `fields` whose value is not `undefined`, for a spread into a record or a view. */
export const defined = <T extends object>(fields: T): Defined<T> => {
  const out: Record<string, unknown> = {}
  for (const key in fields) {
    const value = fields[key]
    if (value !== undefined) out[key] = value
  }
  return out as Defined<T>
}

/** Sets on `target` each member of `fields` whose value is not `undefined`, leaving the others as they are. */
export const assignDefined = <T extends object>(target: T, fields: { readonly [K in keyof T]?: T[K] | undefined }): void => {
  for (const key in fields) {
    const value = fields[key]
    if (value !== undefined) (target as Record<string, unknown>)[key] = value
  }
}

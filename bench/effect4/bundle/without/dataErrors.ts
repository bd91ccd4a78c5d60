// A stand-in for `effect/Schema` as the errors' modules see it, for a size measurement only
// (`./measure.mjs`): `Schema.TaggedError` made a `Data.TaggedError`, so the errors keep their `_tag`
// and fields but have no schema.
import * as Data from "effect/Data"

export * from "effect/Schema"

export const TaggedError = () => (tag: string, _fields: unknown) => Data.TaggedError(tag)

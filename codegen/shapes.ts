/**
 * `src/schema/Schemas.ts` of each Effect flavor: one `effect/Schema` per model shape, plus an
 * interface per structure and a type per enum so hovers show member documentation and names rather
 * than expanded types. The shapes are written in the builder vocabulary of `internal/builders.ts`
 * (`B.string`, `B.struct`, ...), which each flavor implements with its Effect's `Schema`: the
 * emitted code is the same for both but for the schema type's name and what the module says of
 * when schemas are built.
 */
import { tsdoc } from "./docs.js"
import { isError, isSensitive, type Model, type Shape, topologicalOrder } from "./model.js"
import { header, shapeName, typeOf } from "./naming.js"

const SINCE = "@since 0.1.0"

const regexLiteral = (pattern: string): string => `/${new RegExp(pattern).source}/`

const constraintsOf = (shape: Shape): string => {
  const parts: Array<string> = []
  const length = shape.traits?.["smithy.api#length"] as { min?: number; max?: number } | undefined
  const range = shape.traits?.["smithy.api#range"] as { min?: number; max?: number } | undefined
  const bounds = length ?? range
  if (bounds?.min !== undefined) parts.push(`min: ${bounds.min}`)
  if (bounds?.max !== undefined) parts.push(`max: ${bounds.max}`)
  const pattern = shape.traits?.["smithy.api#pattern"] as string | undefined
  if (pattern !== undefined) parts.push(`pattern: ${regexLiteral(pattern)}`)
  return parts.length ? `{ ${parts.join(", ")} }` : ""
}

/** The TypeScript type of a value of the shape, as members and interfaces spell it: sensitive strings are `Redacted`. */
export const tsType = (model: Model, id: string): string => typeOf(model, id, "Redacted.Redacted<string>")

/** What differs between the Effect flavors' `shapes.ts`. */
export interface ShapesFlavor {
  /** The type of a schema from its type and encoded side: `Schema.Schema` (Effect 3), `Schema.Codec` (Effect 4). */
  readonly schemaType: string
  /** The module comment's lines on when schemas are built. */
  readonly building: ReadonlyArray<string>
}

/** The Effect 3 flavor (@effect-codepipeline/effect3, packages/effect3). */
export const effect3Shapes: ShapesFlavor = {
  schemaType: "Schema.Schema",
  building: [
    " * Schemas are lazy: each is built the first time its `ast` is read (structures take their members",
    " * as a thunk), because building all of them at import took ~20 ms, mostly for unused shapes. The",
    " * schema built is the same as an eager one, with no `Schema.suspend` node (see `internal/builders.ts`).",
  ],
}

/** The Effect 4 flavor (the root package). */
export const effect4Shapes: ShapesFlavor = {
  schemaType: "Schema.Codec",
  building: [
    " * Structures are built on first use (`Schema.suspend`; they take their members as a thunk), every",
    " * other schema when this module runs: building the structures then too took ~9 ms more (measured in",
    " * `internal/builders.ts`). The package's Node build runs this module on the first read of one of",
    " * its members rather than at import (`build/nodeBundle.mjs --defer`).",
  ],
}

const args = (...xs: Array<string>) => xs.filter((x) => x !== "").join(", ")

const emitShape = (model: Model, id: string, flavor: ShapesFlavor): string => {
  const shape = model.shapes[id]!
  const name = shapeName(id)
  const doc = tsdoc(shape.traits?.["smithy.api#documentation"], "", [SINCE])
  const c = constraintsOf(shape)
  switch (shape.type) {
    case "string":
      return `${doc}export const ${name} = /*#__PURE__*/ B.${isSensitive(shape) ? "sensitive" : "string"}(${args(`"${name}"`, c)})\n`
    case "integer":
      return `${doc}export const ${name} = /*#__PURE__*/ B.int(${args(`"${name}"`, c)})\n`
    case "long":
      return `${doc}export const ${name} = /*#__PURE__*/ B.long(${args(`"${name}"`, c)})\n`
    case "float":
    case "double":
      return `${doc}export const ${name} = /*#__PURE__*/ B.double(${args(`"${name}"`, c)})\n`
    case "blob":
      return `${doc}export const ${name} = /*#__PURE__*/ B.blob(${args(`"${name}"`, c)})\n`
    case "boolean":
      return `${doc}export const ${name} = B.boolean\n`
    case "timestamp":
      return `${doc}export const ${name} = B.timestamp\n`
    case "enum": {
      const values = Object.values(shape.members!).map((m) => JSON.stringify(m.traits!["smithy.api#enumValue"]))
      return (
        `${doc}export type ${name} = ${values.join(" | ")} | UnknownEnumValue<"${name}">\n\n` +
        `${doc}export const ${name}: ${flavor.schemaType}<${name}, string> = /*#__PURE__*/ B.enumeration("${name}", [${values.join(", ")}])\n`
      )
    }
    case "list":
      return `${doc}export const ${name} = /*#__PURE__*/ B.list(${args(shapeName(shape.member!.target), c)})\n`
    case "map":
      return `${doc}export const ${name} = /*#__PURE__*/ B.map(${args(shapeName(shape.key!.target), shapeName(shape.value!.target), c)})\n`
    case "structure": {
      const members = Object.entries(shape.members ?? {})
      const required = (m: { traits?: Record<string, unknown> }) => m.traits?.["smithy.api#required"] !== undefined
      const fields = members.map(([n, m]) => {
        const ref = shapeName(m.target)
        return `  ${n}: ${required(m) ? ref : `/*#__PURE__*/ B.optional(${ref})`},`
      })
      const props = members.map(([n, m]) => {
        const t = tsType(model, m.target)
        const d = tsdoc(m.traits?.["smithy.api#documentation"] as string | undefined, "  ")
        return `${d}  readonly ${n}${required(m) ? `: ${t}` : `?: ${t} | undefined`}`
      })
      return (
        `${doc}export interface ${name} {\n${props.join("\n")}\n}\n\n` +
        `${doc}export const ${name}: ${flavor.schemaType}<${name}, any> = /*#__PURE__*/ B.struct("${name}", () => ({\n${fields.join("\n")}\n}))\n`
      )
    }
    default:
      throw new Error(`unsupported shape type ${shape.type} (${id})`)
  }
}

export const emitShapes = (model: Model, flavor: ShapesFlavor): string => {
  const roots = Object.entries(model.shapes)
    .filter(([, s]) => s.type !== "operation" && s.type !== "service" && !isError(s))
    .map(([id]) => id)
  const order = topologicalOrder(model, roots)
  const usesRedacted = order.some((id) => isSensitive(model.shapes[id]!))
  return [
    header("one schema per shape"),
    "/**",
    " * Schemas of every CodePipeline shape: structures with their required and optional members, enums,",
    " * and the model's `length`, `pattern` and `range` constraints. Timestamps are `Date`s, sensitive",
    " * strings `Redacted`. Shapes named like a JavaScript global carry a `Shape` suffix (`StringShape`).",
    " * Every builder call is marked pure so that bundlers drop the shapes a program does not use.",
    ...flavor.building,
    " * Enums accept the modeled values, and any other only as an `UnknownEnumValue` (see `UnknownEnumValue.ts`).",
    " * Structures type their encoded side `any`: it is the JSON the protocol writes and reads, never a",
    " * value users handle, and typing it would double this file.",
    " *",
    " * @since 0.1.0",
    " */",
    ...(usesRedacted ? ['import type * as Redacted from "effect/Redacted"'] : []),
    'import type * as Schema from "effect/Schema"',
    'import * as B from "./internal/builders.js"',
    'import type { UnknownEnumValue } from "./UnknownEnumValue.js"',
    "",
    "/**",
    " * @since 0.1.0",
    " */",
    'export { type UnknownEnumValue, unknownEnumValue } from "./UnknownEnumValue.js"',
    "",
    order.map((id) => emitShape(model, id, flavor)).join("\n"),
  ].join("\n")
}

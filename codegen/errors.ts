/**
 * `src/errors/modeled.ts` of each Effect flavor: one `Schema.TaggedError` per modeled exception,
 * with the fields of `./metadata.js`'s `ModeledErrorFields`. The flavors differ in what makes the
 * class (Effect 3 defers `Schema.TaggedError` to first use, Effect 4 calls it) and in what the
 * module says of it.
 */
import { tsdoc } from "./docs.js"
import { isError, type Model } from "./model.js"
import { header, shapeName } from "./naming.js"

/** What differs between the Effect flavors' `modeled.ts`. */
export interface ErrorsFlavor {
  /** The module's imports. */
  readonly imports: ReadonlyArray<string>
  /** The expression `Name`'s class extends, given its name. */
  readonly base: (name: string) => string
  /** The module comment's lines on how the classes are made. */
  readonly making: ReadonlyArray<string>
}

/** The Effect 3 flavor (@effect-codepipeline/effect3, packages/effect3). */
export const effect3Errors: ErrorsFlavor = {
  imports: ['import { ModeledErrorFields, TaggedError } from "./metadata.js"'],
  base: (name) => `TaggedError<${name}>()("${name}", ModeledErrorFields)`,
  making: [
    " * They are made with `TaggedError` from `./metadata.js`, which calls `Schema.TaggedError` when a",
    " * class is first used rather than at import: defining all of them eagerly took ~10 ms.",
  ],
}

/** The Effect 4 flavor (the root package). */
export const effect4Errors: ErrorsFlavor = {
  imports: ['import * as Schema from "effect/Schema"', 'import { ModeledErrorFields } from "./metadata.js"'],
  base: (name) => `Schema.TaggedError<${name}>()("${name}", ModeledErrorFields)`,
  making: [" * They are defined at import: on Effect 4 that is cheap (measured in `./metadata.js`)."],
}

export const errorIds = (model: Model): Array<string> =>
  Object.entries(model.shapes)
    .filter(([, s]) => isError(s))
    .map(([id]) => id)
    .sort((a, b) => shapeName(a).localeCompare(shapeName(b)))

export const emitErrors = (model: Model, flavor: ErrorsFlavor): string => {
  const ids = errorIds(model)
  const classes = ids.map((id) => {
    const shape = model.shapes[id]!
    const name = shapeName(id)
    const extra = Object.keys(shape.members ?? {}).filter((m) => m !== "message")
    if (extra.length > 0) throw new Error(`${name}: error members besides message are not supported yet (${extra.join(", ")})`)
    const fault = shape.traits!["smithy.api#error"] as string
    const status = shape.traits!["smithy.api#httpError"] as number | undefined
    const doc = tsdoc(shape.traits?.["smithy.api#documentation"], "", [
      `Modeled ${fault} error${status ? ` (HTTP ${status})` : ""}.`,
      "",
      "@since 0.1.0",
      "@category errors",
    ])
    return `${doc}export class ${name} extends /*#__PURE__*/ ${flavor.base(name)} {}\n`
  })
  return [
    header("one error class per modeled exception"),
    "/**",
    ` * The ${ids.length} exceptions the CodePipeline model declares. Each is a \`Schema.TaggedError\` whose \`_tag\``,
    ' * is the model\'s name, so `Effect.catchTag("PipelineNotFoundException", ...)` narrows the error channel.',
    ...flavor.making,
    " *",
    " * @since 0.1.0",
    " */",
    ...flavor.imports,
    "",
    classes.join("\n"),
    "/**",
    " * Any modeled CodePipeline exception.",
    " *",
    " * @since 0.1.0",
    " * @category errors",
    " */",
    `export type ModeledError =\n${ids.map((id) => `  | ${shapeName(id)}`).join("\n")}`,
    "",
  ].join("\n")
}

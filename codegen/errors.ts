/** `src/errors/modeled.ts`: one `Schema.TaggedError` per modeled exception. */
import { tsdoc } from "./docs.js"
import { isError, type Model } from "./model.js"
import { header, shapeName } from "./naming.js"

export const errorIds = (model: Model): Array<string> =>
  Object.entries(model.shapes)
    .filter(([, s]) => isError(s))
    .map(([id]) => id)
    .sort((a, b) => shapeName(a).localeCompare(shapeName(b)))

export const emitErrors = (model: Model): string => {
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
    return `${doc}export class ${name} extends /*#__PURE__*/ TaggedError<${name}>()("${name}", ModeledErrorFields) {}\n`
  })
  return [
    header("one error class per modeled exception"),
    "/**",
    ` * The ${ids.length} exceptions the CodePipeline model declares. Each is a \`Schema.TaggedError\` whose \`_tag\``,
    ' * is the model\'s name, so `Effect.catchTag("PipelineNotFoundException", ...)` narrows the error channel.',
    " * They are made with `TaggedError` from `./metadata.js`, which calls `Schema.TaggedError` when a",
    " * class is first used rather than at import: defining all of them eagerly took ~10 ms.",
    " *",
    " * @since 0.1.0",
    " */",
    'import { ModeledErrorFields, TaggedError } from "./metadata.js"',
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

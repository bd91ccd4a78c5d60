/**
 * `src/services/operations.ts` of both Effect flavors: the operation table (one `Operation` value per operation), the
 * tree-shakeable accessors users call (`CodePipeline.getPipelineState(input)`), page and item
 * streams for paginated operations, and the `Methods` interface that in-memory and stub layers
 * implement. The emitted text is the same for both flavors: what differs between Effect 3 and 4
 * (the `Operation` schemas' type, how `execute` and the streams run) lives in the modules it
 * imports, which each flavor writes for its Effect.
 */
import { tsdoc } from "./docs.js"
import { localName, type Model, operationsOf, serviceOf, UNIT } from "./model.js"
import { header, methodName, shapeName } from "./naming.js"
import { tsType } from "./shapes.js"

interface OperationInfo {
  readonly name: string
  readonly method: string
  readonly doc: string | undefined
  readonly input: string
  readonly output: string | undefined
  readonly errors: ReadonlyArray<string>
  readonly inputOptional: boolean
  readonly paginator: Record<string, string> | undefined
  readonly itemType: string | undefined
  readonly idempotencyToken: string | undefined
}

export const operationInfos = (model: Model): Array<OperationInfo> =>
  operationsOf(model).map(([id, op]) => {
    const name = localName(id)
    const inputId = op.input?.target ?? UNIT
    const outputId = op.output?.target ?? UNIT
    if (inputId === UNIT) throw new Error(`${name}: operations without input are not supported yet`)
    const input = model.shapes[inputId]!
    const members = Object.entries(input.members ?? {})
    const paginator = op.traits?.["smithy.api#paginated"] as Record<string, string> | undefined
    let itemType: string | undefined
    if (paginator) {
      const output = model.shapes[outputId]!
      const list = model.shapes[output.members![paginator.items!]!.target]!
      itemType = tsType(model, list.member!.target)
    }
    return {
      name,
      method: methodName(name),
      doc: op.traits?.["smithy.api#documentation"],
      input: shapeName(inputId),
      output: outputId === UNIT ? undefined : shapeName(outputId),
      errors: (op.errors ?? []).map((e) => shapeName(e.target)).sort(),
      inputOptional: members.every(([, m]) => m.traits?.["smithy.api#required"] === undefined),
      paginator,
      itemType,
      idempotencyToken: members.find(([, m]) => m.traits?.["smithy.api#idempotencyToken"] !== undefined)?.[0],
    }
  })

const out = (o: OperationInfo) => (o.output ? `S.${o.output}` : "void")
const qualify = (t: string) => (/^[A-Z]/.test(t) ? `S.${t}` : t)

const emitOperation = (o: OperationInfo): string => {
  const modeled = o.errors.length ? o.errors.map((e) => `E.${e}`).join(" | ") : "never"
  const param = `input: S.${o.input}${o.inputOptional ? " = {}" : ""}`
  const lines: Array<string> = []
  lines.push(
    tsdoc(undefined, "", [
      `The errors \`${o.method}\` can fail with: its modeled exceptions${o.errors.length ? ` (${o.errors.map((e) => `\`${e}\``).join(", ")})` : ""} and the common errors.`,
      "",
      "@since 0.1.0",
      "@category errors",
    ]) + `export type ${o.name}Error = ${modeled === "never" ? "" : `${modeled} | `}CommonError\n`,
  )
  const fields = [
    `  name: "${o.name}",`,
    `  method: "${o.method}",`,
    `  codec: Core.${o.name},`,
    `  errors: { ${o.errors.map((e) => `${e}: E.${e}`).join(", ")} },`,
  ]
  if (o.paginator) {
    const p = o.paginator
    const pageSize = p.pageSize ? `, pageSize: "${p.pageSize}"` : ""
    fields.push(`  paginator: { inputToken: "${p.inputToken}", outputToken: "${p.outputToken}", items: "${p.items}"${pageSize} },`)
  }
  if (o.idempotencyToken) fields.push(`  idempotencyToken: "${o.idempotencyToken}",`)
  // The functions call through the callable, which names no schema: a bundle keeps an operation's
  // schemas only when a program uses its data (`GetPipelineState.input`).
  const callable = `${o.name}Callable`
  lines.push(`const ${callable} = /*#__PURE__*/ Operation.callable<S.${o.input}, ${out(o)}, ${modeled}>({\n${fields.join("\n")}\n})\n`)
  lines.push(
    tsdoc(undefined, "", [
      `The \`${o.name}\` operation as data: schemas, modeled errors${o.paginator ? ", paginator" : ""}.`,
      "",
      "@since 0.1.0",
      "@category operations",
    ]) +
      `export const ${o.name} = /*#__PURE__*/ Operation.make(${callable}, () => ({ input: S.${o.input}, output: ${o.output ? `S.${o.output}` : "undefined"} }))\n`,
  )
  lines.push(
    tsdoc(o.doc, "", ["@since 0.1.0", "@category operations"]) +
      `export const ${o.method} = (${param}): Effect.Effect<${out(o)}, ${o.name}Error, CodePipeline> =>\n  execute(${callable}, input)\n`,
  )
  if (o.paginator) {
    lines.push(
      tsdoc(undefined, "", [
        `Every page of \`${o.name}\`, following \`${o.paginator.outputToken}\` until the service returns none.`,
        "",
        "@since 0.1.0",
        "@category pagination",
      ]) +
        `export const ${o.method}Pages = (${param}): Stream.Stream<${out(o)}, ${o.name}Error, CodePipeline> =>\n  pages(${o.name}Callable, input)\n`,
    )
    lines.push(
      tsdoc(undefined, "", [
        `Every item (\`${o.paginator.items}\`) of every page of \`${o.name}\`.`,
        "",
        "@since 0.1.0",
        "@category pagination",
      ]) +
        `export const ${o.method}Items = (${param}): Stream.Stream<${qualify(o.itemType!)}, ${o.name}Error, CodePipeline> =>\n  items(${o.name}Callable, input)\n`,
    )
  }
  return lines.join("\n")
}

export const emitOperations = (model: Model): string => {
  const ops = operationInfos(model)
  const [serviceId] = serviceOf(model)
  const methods = ops.map(
    (o) =>
      tsdoc(o.doc, "  ") +
      `  readonly ${o.method}: (input${o.inputOptional ? "?" : ""}: S.${o.input}) => Effect.Effect<${out(o)}, ${o.name}Error>`,
  )
  return [
    header(`the ${ops.length} operations of ${localName(serviceId)}`),
    "/**",
    ` * The ${ops.length} CodePipeline operations: each as data (\`GetPipelineState\`) and as a function that`,
    " * calls it through the `CodePipeline` service (`getPipelineState`); paginated operations also as",
    " * streams of pages and of items. Each function is its own export, so a bundle keeps only the",
    " * operations a program calls.",
    " *",
    " * @since 0.1.0",
    " */",
    'import type * as Effect from "effect/Effect"',
    'import type * as Stream from "effect/Stream"',
    'import type { CommonError } from "../errors/common.js"',
    'import * as E from "../errors/modeled.js"',
    'import * as S from "../schema/Schemas.js"',
    'import * as Core from "@effect-codepipeline/core/ClientOperations"',
    'import { execute, items, pages } from "./internal/execute.js"',
    'import type { CodePipeline } from "./internal/codePipeline.js"',
    'import * as Operation from "./Operation.js"',
    "",
    ops.map(emitOperation).join("\n"),
    tsdoc(undefined, "", [
      "Every operation as a method: what an implementation of CodePipeline provides (see `CodePipeline.make`)",
      "and what `CodePipeline.client` returns.",
      "",
      "@since 0.1.0",
      "@category models",
    ]) + `export interface Methods {\n${methods.join("\n")}\n}\n`,
    tsdoc(undefined, "", ["Every operation, by name.", "", "@since 0.1.0", "@category operations"]) +
      `export const operations = {\n${ops.map((o) => `  ${o.name},`).join("\n")}\n} as const\n`,
  ].join("\n")
}

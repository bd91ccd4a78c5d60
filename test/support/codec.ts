/**
 * The core's generated codec as the Effect 4 flavor's tests compare it with the schemas: sensitive
 * strings held as Effect 4's `Redacted`, and each operation with the schemas of its input and output.
 */
import type * as Codec from "@effect-codepipeline/core/Codec"
import * as Operations from "@effect-codepipeline/core/Operations"
import * as Redacted from "effect/Redacted"
import type * as Schema from "effect/Schema"
import * as Shapes from "../../src/schema/Schemas.js"

/** Sensitive strings as Effect 4 `Redacted` values. */
export const secrets: Codec.Secrets = {
  conceal: Redacted.make,
  reveal: (value) => (Redacted.isRedacted(value) ? Redacted.value(value as Redacted.Redacted<string>) : undefined),
}

export interface OperationSchemas {
  readonly name: string
  readonly codec: Codec.AnyOperation
  readonly input: Schema.Codec<any, any>
  /** `undefined` when the operation returns nothing. */
  readonly output: Schema.Codec<any, any> | undefined
}

const schemaNamed = (name: string): Schema.Codec<any, any> => {
  const schema = (Shapes as Record<string, unknown>)[name]
  if (schema === undefined) throw new Error(`src/schema/Schemas.ts exports no ${name}`)
  return schema as Schema.Codec<any, any>
}

/** Every operation of the model, with its codec and schemas (`<Name>Input`, `<Name>Output`). */
export const operations: ReadonlyArray<OperationSchemas> = Object.values(Operations as Record<string, unknown>)
  .filter((value): value is Codec.AnyOperation => typeof value === "object" && value !== null && "input" in value && "name" in value)
  .map((codec) => ({
    name: codec.name,
    codec,
    input: schemaNamed(`${codec.name}Input`),
    output: codec.output === undefined ? undefined : schemaNamed(`${codec.name}Output`),
  }))

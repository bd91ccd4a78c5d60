/**
 * The core's lenient decoder of a shape, by the shape's name, as this package decodes a response
 * (`Redacted` secrets). Scalar shapes have no decoder of their own: their containers check them.
 */
import * as Shapes from "@effect-codepipeline/core/Shapes"
import { decodeOptions } from "../../src/services/internal/secrets.js"

export { DecodeFailure } from "@effect-codepipeline/core/Codec"

const decoders = Shapes.Decode as unknown as Record<string, ((json: unknown, options: any) => unknown) | undefined>

export const hasDecoder = (shape: string): boolean => decoders[shape] !== undefined

export const decodeLenient = (shape: string, json: unknown): any => {
  const decode = decoders[shape]
  if (decode === undefined) throw new Error(`the core has no decoder for ${shape}`)
  return decode(json, decodeOptions)
}

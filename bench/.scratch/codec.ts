import * as Codec from "@effect-codepipeline/core/Codec"
import * as Ops from "@effect-codepipeline/core/ClientOperations"
import { createPipelineInput } from "/work/main/bench/fixtures.js"
import { secrets, decodeOptions } from "/work/main/src/services/internal/codec.js"

const op = (Ops as any).CreatePipeline ?? (Ops as any).operations?.CreatePipeline
const codec = op.input
const encodeInput = (input: unknown) => {
  if (Codec.validate(codec, input, secrets) !== undefined) throw new Error("bad")
  return codec.encode(input, secrets)
}
const response = JSON.stringify({ pipeline: { ...createPipelineInput.pipeline, version: 1 }, tags: createPipelineInput.tags })
const parsed = JSON.parse(response)
const validateOnly = () => Codec.validate(codec, createPipelineInput, secrets)
const encodeOnly = () => codec.encode(createPipelineInput, secrets)
const decode = () => op.output.decode(parsed, decodeOptions)
const N = 5000
const t = (f: () => unknown) => { const t0 = performance.now(); for (let i = 0; i < N; i++) f(); return ((performance.now() - t0) * 1000) / N }
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!
const fs = { validate: validateOnly, encode: encodeOnly, check_encode: () => encodeInput(createPipelineInput), decode }
const res: Record<string, number[]> = {}
for (let r = 0; r < 31; r++) for (const [k, f] of Object.entries(fs)) (res[k] ??= []).push(t(f))
for (const [k, v] of Object.entries(res)) console.log(k.padEnd(14), med(v.slice(3)).toFixed(2), "µs  min", Math.min(...v).toFixed(2))

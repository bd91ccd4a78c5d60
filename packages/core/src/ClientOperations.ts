/**
 * The 44 CodePipeline operations as a client uses them: how each input is checked and encoded and
 * each output decoded, the exceptions each models and how it pages. Each operation's codec is
 * loaded by its first use (`load()`), so importing this module loads none of the shapes' code, and a
 * bundle keeps only the client's side of the codec of the operations it calls; `Operations` has the
 * whole codecs, for a server.
 *
 * @since 1.0.0
 */
import { type Lazy, lazy } from "./internal/clientOperation.js"
import type { DecodeOptions } from "./internal/codec.js"
import type * as Types from "./generated/types.js"

export * from "./generated/clientOperations.js"

/**
 * The decoder of a `JobData` that a client reads outside a response (a job worker reads the
 * `JobData` of a Lambda invocation's event), loaded by its first use as the operations' codecs are.
 * `Shapes.Decode` has every shape's.
 *
 * @since 1.0.0
 */
export const decodeJobData: Lazy<(value: unknown, options: DecodeOptions) => Types.JobData> = /*#__PURE__*/ lazy(() =>
  import("./internal/jobData.js").then((m) => m.JobData),
)

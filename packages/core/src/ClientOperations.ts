/**
 * The 44 CodePipeline operations as a client uses them: how each input is checked and encoded and
 * each output decoded, the exceptions each models and how it pages. Importing it loads (and a
 * bundle keeps) only the client's side of the codec; `Operations` has the whole codecs, for a
 * server.
 *
 * @since 1.0.0
 */
export * from "./generated/clientOperations.js"

/**
 * The decoders of the shapes that operations' outputs reach, for a client that reads one outside a
 * response (a job worker reads the `JobData` of a Lambda invocation's event). `Shapes.Decode` has
 * every shape's.
 *
 * @since 1.0.0
 */
export * as Decode from "./generated/decodeOutputs.js"

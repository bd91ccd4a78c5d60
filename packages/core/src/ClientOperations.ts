/**
 * The 44 CodePipeline operations as a client uses them: how each input is checked and encoded and
 * each output decoded, the exceptions each models and how it pages. Importing it loads (and a
 * bundle keeps) only the client's side of the codec; `Operations` has the whole codecs, for a
 * server.
 *
 * @since 1.0.0
 */
export * from "./generated/clientOperations.js"

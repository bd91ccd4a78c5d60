/**
 * Operations as a client names them before it loads their codecs, apart from the codec's rules
 * (`./codec.ts`, which re-exports this) so that naming the operations, which the Effect packages do
 * when they load, does not load the code that checks and reads values, which only a call needs.
 */
import type { ClientOperationCodec, InputCodec, OutputCodec } from "./codec.js"

/**
 * A value loaded by its first use, with a dynamic `import()`: `value` is set once `load()` has
 * resolved, so that a caller takes the synchronous path on every use after the first.
 *
 * Why the client's operation codecs are loaded this way: they are about 310 KB of generated code
 * (`validateInputs.ts`, `decodeOutputs.ts`), and compiling them at import was about half of the
 * package's import time (a CPU profile of importing the Effect 4 flavor after `effect`: 19 ms of
 * 46 compiling its modules, 560 KB bundled). Each operation's codec is a module of its own
 * (`generated/client/<Operation>.ts`), so a bundle of a program that calls one operation keeps
 * that operation's shapes only, as it did with static imports.
 */
export interface Lazy<A> {
  readonly value: A | undefined
  /** Loads the value once; every call returns the same promise. */
  readonly load: () => Promise<A>
}

/* @__NO_SIDE_EFFECTS__ */
export const lazy = <A>(load: () => Promise<A>): Lazy<A> => {
  let loading: Promise<A> | undefined
  const self: { value: A | undefined; load: () => Promise<A> } = {
    value: undefined,
    load: () =>
      (loading ??= load().then((value) => {
        self.value = value
        return value
      })),
  }
  return self
}

/** What a client reads of an operation before it loads the operation's codec. */
export type ClientOperationMeta = Omit<ClientOperationCodec<unknown, unknown>, "input" | "output">

/**
 * An operation as a client names it (`generated/clientOperations.ts`): its name, modeled errors and
 * paging at once, its codec (`value`) once loaded by `load()`.
 */
export interface ClientOperation<I, O> extends ClientOperationMeta, Lazy<ClientOperationCodec<I, O>> {}

/* @__NO_SIDE_EFFECTS__ */
export const clientOperation = <I, O>(
  meta: ClientOperationMeta,
  load: () => Promise<{ readonly input: InputCodec<I>; readonly output: OutputCodec<O> | undefined }>,
): ClientOperation<I, O> =>
  Object.assign(
    lazy(() => load().then(({ input, output }): ClientOperationCodec<I, O> => ({ ...meta, input, output }))),
    meta,
  )

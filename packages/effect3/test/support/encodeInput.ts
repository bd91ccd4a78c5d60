/**
 * `encodeInput` by operation, for tests that check inputs without calling: every operation's codec
 * loaded first, as each operation's first call loads it.
 */
import type * as Either from "effect/Either"
import type { InputValidationError } from "../../src/errors/common.js"
import * as Codec from "../../src/services/internal/codec.js"
import type { Operation } from "../../src/services/Operation.js"
import { operations } from "../../src/services/operations.js"

await Promise.all(Object.values(operations).map((operation) => operation.codec.load()))

export const encodeInput = <I>(operation: Operation<I, any, any>, input: I): Either.Either<unknown, InputValidationError> =>
  Codec.encodeInput(operation.codec.value!, input)

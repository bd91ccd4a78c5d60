import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type { CommonError } from "../../errors/common.js"
import type { Callable, Paginator } from "../Operation.js"
import { CodePipeline } from "./codePipeline.js"

export const execute = <I, O, E>(operation: Callable<I, O, E>, input: I): Effect.Effect<O, E | CommonError, CodePipeline> =>
  Effect.flatMap(CodePipeline, (service) => service.execute(operation, input))

const paginatorOf = (operation: Callable<any, any, any>): Paginator => {
  if (operation.paginator === undefined) throw new Error(`${operation.name} is not paginated`)
  return operation.paginator
}

const member = (value: unknown, name: string): unknown => (value as Record<string, unknown>)[name]

/**
 * Follows the output token until the service returns none. A service that hands back the token it
 * was just given would loop forever; the stream ends there instead (the official SDK's paginators
 * do so only with `stopOnSameToken`).
 */
export const pages = <I, O, E>(operation: Callable<I, O, E>, input: I): Stream.Stream<O, E | CommonError, CodePipeline> => {
  const paginator = paginatorOf(operation)
  const first = member(input, paginator.inputToken) as string | undefined
  return Stream.paginate(first, (token: string | undefined) =>
    Effect.map(execute(operation, { ...input, [paginator.inputToken]: token } as I), (output) => {
      const next = member(output, paginator.outputToken) as string | undefined
      return [[output], next === undefined || next === "" || next === token ? Option.none() : Option.some(next)] as const
    }),
  )
}

export const items = <I, O, E, A>(operation: Callable<I, O, E>, input: I): Stream.Stream<A, E | CommonError, CodePipeline> => {
  const paginator = paginatorOf(operation)
  return Stream.flattenIterable(
    Stream.map(pages(operation, input), (output) => (member(output, paginator.items) ?? []) as ReadonlyArray<A>),
  )
}

/**
 * Enum values the model does not list.
 *
 * Every enum type lists its modeled values and one more member, `UnknownEnumValue<"Name">`: a
 * string that only decoding a response or {@link make} produces. So an input accepts only the
 * modeled values (`status: "Approve"` is a compile error), a value read from a response can be
 * passed back as it is (a pipeline read with `getPipeline` and sent to `updatePipeline`), and a
 * value AWS added after this SDK's model still decodes (outputs stay open) and can be sent on
 * purpose, with {@link make}.
 *
 * @since 0.1.0
 */

declare const TypeId: unique symbol

/**
 * A value of the enum `Enum` that the model does not list. At run time it is the plain string.
 *
 * @since 0.1.0
 * @category models
 */
export type UnknownEnumValue<Enum extends string> = string & { readonly [TypeId]: Enum }

/**
 * Sends a value of an enum that the model does not list yet, for example one AWS added after
 * this SDK was released. The enum is inferred from where the value goes:
 *
 * ```ts
 * import { CodePipeline, Schemas } from "effect-codepipeline"
 *
 * CodePipeline.retryStageExecution({
 *   pipelineName: "release",
 *   stageName: "Deploy",
 *   pipelineExecutionId,
 *   retryMode: Schemas.unknownEnumValue("CHANGED_ACTIONS"),
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const unknownEnumValue = <Enum extends string>(value: string): UnknownEnumValue<Enum> => value as UnknownEnumValue<Enum>
